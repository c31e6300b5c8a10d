"""Entry script of the standalone bundle: the same `reader` command as the installed one."""

import sys

from reader.cli import main

if __name__ == "__main__":
    sys.exit(main())
