"""python -m otmodel — see otmodel.cli."""

import sys

from otmodel.cli import main

sys.exit(main())
