"""Entry script of the standalone bundle: the same `reader` command as the installed one."""

import multiprocessing
import sys

from reader.cli.main import main

if __name__ == "__main__":
    # A spawned child (a >1 MB document is classified in one) re-runs this executable:
    # PyInstaller's freeze_support hands it its task instead of starting a second reader.
    multiprocessing.freeze_support()
    sys.exit(main())
