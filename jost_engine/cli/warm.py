"""``jost warm``: compile the kernel into numba's cache, so the first run does not."""

from __future__ import annotations

import argparse


def cmd_warm(args: argparse.Namespace) -> int:
    """Compile the kernel (and cache the config's basic chart); say what was done."""
    from ..warm import warm_report

    print(warm_report(args.config))
    return 0


def add_commands(sub) -> None:
    """Add ``warm`` to the ``jost`` sub-command parsers."""
    warm = sub.add_parser("warm", help="compile the kernel into numba's cache "
                                       "($NUMBA_CACHE_DIR), so a first run starts at once")
    warm.add_argument("config", nargs="?",
                      help="a config (file, inline JSON or profile) whose basic chart is "
                           "cached in the workspace too")
    warm.set_defaults(func=cmd_warm)
