"""`python -m benchmarks` runs the harness (see benchmarks/run.py)."""

import sys

from benchmarks.run import main

sys.exit(main())
