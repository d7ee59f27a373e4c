"""``python -m jost_engine.cli``: the ``jost`` command."""

import sys

from .main import main

sys.exit(main())
