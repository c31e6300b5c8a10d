"""The machine line printed under the table: figures mean little without it."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB RAM"
    except OSError:
        pass
    return "RAM unknown"


def _qt() -> str:
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        return f"Qt {qVersion()} (PySide6 {PySide6.__version__})"
    except ImportError:
        return "Qt not installed"


def describe(platform_plugin: str) -> dict[str, str]:
    return {
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count() or "?"),
        "ram": _ram_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": f"Python {platform.python_version()}",
        "qt": _qt(),
        "platform": platform_plugin,
    }


def load() -> str:
    """The 1-minute load average: on a shared machine it says how far to trust a run."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def line(info: dict[str, str]) -> str:
    text = (
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram']}; {info['os']}; "
        f"{info['python']}; {info['qt']}; Qt platform plugin: {info['platform']}"
    )
    if "load" in info:
        text += f"; load average {info['load']}"
    return text
