"""The ``jost`` command: its parser and :func:`main`.

Exit codes (``design.md``): 0 success; 1 a job failed, timed out or was
cancelled; 2 bad input; 3 the environment (cluster unreachable, damaged
ledger). Any :class:`~jost_engine.errors.JostError` becomes one line
``jost: <message>`` on stderr and its ``exit_code``; never a traceback.

Each command group lives in its own module and adds itself with
``add_commands(subparsers)``; none imports pydantic, numba, pandas or Dask
before its command runs.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import EXIT_BAD_INPUT, JostError
from . import betting, cluster, exact, jobs, ledger, profiles, reports, run, schema, study, warm

GROUPS = (run, jobs, cluster, profiles, schema, exact, reports, betting, study, ledger, warm)
EXIT_INTERRUPTED = 130


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``jost: <message>``, exit 2."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"jost: {message} (see '{self.prog} --help')\n")


def version() -> str:
    """The version of jost: :data:`jost_engine.__version__`, the one place it is written
    (pyproject.toml reads it from there for the wheel's metadata)."""
    from .. import __version__

    return __version__


class VersionAction(argparse.Action):
    """``--version``: print ``jost VERSION`` and exit 0, reading the metadata only then."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="print the version of jost and exit"):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"jost {version()}")
        parser.exit(0)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``jost`` command."""
    parser = Parser(prog="jost", description="JOST blackjack workbench")
    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for group in GROUPS:
        group.add_commands(sub)
    return parser


def _quiet_broken_pipe() -> None:
    """After stdout's reader went away (``jost schema | head -1``): no further errors.

    Python would report the failed flush at exit; point stdout at devnull
    instead, as the Python docs advise for SIGPIPE.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests capture it)
        pass


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``jost`` console script; its exit code."""
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _quiet_broken_pipe()
        return 0
    except JostError as exc:
        print(f"jost: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("jost: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
