"""The desktop entry and AppStream metainfo: valid, and saying what the app really does."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from reader import APP_ID, __version__
from tests.packaging_files import load
from tests.xvfb import require_tools

REPO = Path(__file__).resolve().parents[2]
DESKTOP = REPO / "resources" / "desktop" / f"{APP_ID}.desktop"
METAINFO = REPO / "resources" / "desktop" / f"{APP_ID}.metainfo.xml"
"""Shipped inside the package (reader.resources), so `reader install-desktop` finds them."""


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def test_desktop_file_validates() -> None:
    require_tools("desktop-file-validate")
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower(), result.stdout


def test_desktop_file_launches_reader_with_files_and_opens_articles() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "reader %U"  # files (as file:// URLs) and reader:// links
    assert entry["TryExec"] == "reader"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["MimeType"] == ("text/plain;text/markdown;text/html;application/xhtml+xml;"
                                 "x-scheme-handler/reader;")
    assert entry["Name"] == "reader"


def test_metainfo_validates() -> None:
    require_tools("appstreamcli")
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_describes_the_same_app() -> None:
    root = metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == desktop_entry()["Name"]
    assert (root.findtext("summary") or "").strip()
    assert root.findall("description/p"), "description needs at least one paragraph"
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.find("content_rating") is not None
    assert root.findtext("icon") == APP_ID
    provided = {element.text for element in root.findall("provides/mediatype")}
    types = set(desktop_entry()["MimeType"].strip(";").split(";"))
    assert provided == {t for t in types if not t.startswith("x-scheme-handler/")}


def test_metainfo_release_and_licence_match_the_project() -> None:
    root = metainfo()
    releases = root.findall("releases/release")
    assert releases, "at least one release"
    assert releases[0].get("version") == __version__, "newest release first, matching reader"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert root.findtext("project_license") == project["license"]["text"]


def test_install_desktop_lays_out_entry_icons_and_metainfo(tmp_path: Path) -> None:
    install_desktop = load("install_desktop")
    bundle = tmp_path / "my apps" / "reader"
    bundle.parent.mkdir()
    bundle.write_text("#!/bin/sh\n")
    bundle.chmod(0o755)
    assert install_desktop.main(["--data-home", str(tmp_path / "share"), "--config-home",
                                 str(tmp_path / "config"), "--exec", str(bundle)]) == 0
    share = tmp_path / "share"
    entry = (share / "applications" / DESKTOP.name).read_text(encoding="utf-8")
    assert f'Exec="{bundle}" %U' in entry.splitlines()
    assert (share / "metainfo" / METAINFO.name).is_file()
    assert (share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    assert (share / "icons/hicolor/48x48/apps" / f"{APP_ID}.png").is_file()
    if shutil.which("desktop-file-validate"):
        installed = share / "applications" / DESKTOP.name
        result = subprocess.run(
            ["desktop-file-validate", str(installed)], capture_output=True, text=True, timeout=30
        )
        assert result.returncode == 0, result.stdout
    assert install_desktop.main(["--data-home", str(share), "--config-home",
                                 str(tmp_path / "config"), "--uninstall"]) == 0
    assert not list(share.rglob(f"{APP_ID}*"))


def test_reader_install_desktop_from_the_package_registers_the_url_handler(
        tmp_path: Path) -> None:
    """Issue 18: a pip/pipx user gets the menu entry and the reader:// handler from the
    installed package; the user's other default applications are kept."""
    from reader.cli.main import main

    config = tmp_path / "config"
    config.mkdir()
    (config / "mimeapps.list").write_text(
        "[Default Applications]\ntext/html=firefox.desktop\n", encoding="utf-8")
    share = tmp_path / "share"
    args = ["install-desktop", "--data-home", str(share), "--config-home", str(config)]
    assert main(args) == 0
    installed = share / "applications" / DESKTOP.name
    assert installed.read_text(encoding="utf-8") == DESKTOP.read_text(encoding="utf-8")
    assert (share / "metainfo" / METAINFO.name).is_file()
    assert (share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    defaults = (config / "mimeapps.list").read_text(encoding="utf-8")
    assert "text/html=firefox.desktop" in defaults
    assert f"x-scheme-handler/reader={DESKTOP.name}" in defaults
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(installed)],
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stdout
    assert main([*args, "--uninstall"]) == 0
    assert not list(share.rglob(f"{APP_ID}*"))
    defaults = (config / "mimeapps.list").read_text(encoding="utf-8")
    assert "text/html=firefox.desktop" in defaults and "x-scheme-handler/reader" not in defaults


def test_a_file_url_from_the_desktop_opens_as_a_path() -> None:
    """%U hands local files over as file:// URLs."""
    from reader.cli.main import _local_paths

    assert _local_paths(["file:///tmp/a%20b.txt", "reader://note/x", "plain.txt"]) == [
        "/tmp/a b.txt", "reader://note/x", "plain.txt"]
