"""``python -m jost_engine.cli``: the ``jost`` command."""

import sys

from .main import main

if __name__ == "__main__":  # importing the module (API docs, tools) runs nothing
    sys.exit(main())
