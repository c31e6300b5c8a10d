"""The README's two commands are the contract with users and CI; keep CI running the same one."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines[:12] if line.startswith("    ")]


def test_readme_opens_with_run_and_test_commands() -> None:
    run, test = readme_commands()[:2]
    assert run.endswith("&& reader")
    assert "'.[test]'" in test and test.endswith("pytest")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test = readme_commands()[1]
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    assert test in ci_lines
