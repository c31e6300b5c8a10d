"""`python -m reader` runs the same entry point as the `reader` command."""

import sys

from reader.cli.main import main

if __name__ == "__main__":  # worker processes ("spawn") import this module too
    sys.exit(main())
