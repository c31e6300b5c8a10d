"""Put reader in the desktop's app menu from a source checkout or for a standalone bundle.

The work is `reader install-desktop` (reader/cli/desktop.py), which installed copies run
themselves; this script is the same command for a checkout or a PyInstaller bundle:

    python packaging/install_desktop.py                       # uses `reader` on PATH
    python packaging/install_desktop.py --exec ~/apps/reader/reader   # a standalone bundle
    python packaging/install_desktop.py --uninstall
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.cli.desktop import _run, add_options  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser)
    return _run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
