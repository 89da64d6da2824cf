"""Run the command line: ``python -m govdisclosure``."""

import sys

from govdisclosure.cli import main

sys.exit(main())
