"""Arguments shared by several ``jost`` commands, and their checks.

Everything here is cheap to import (argparse and the standard library only):
the commands import their layers (pydantic, numba, pandas, Dask) inside the
function that runs them.
"""

from __future__ import annotations

import argparse
import re
import sys

from ..errors import ClusterError, JostError

SCHEDULER_CHECK_S = 5.0  # how long `run` and `submit` try to reach a named scheduler [s]
SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")
_ADDRESS = re.compile(r"^(?:(?P<scheme>[a-z]+)://)?(?P<host>\[[0-9a-fA-F:]+\]|[^\s/:\[\]]+)"
                      r":(?P<port>[0-9]{1,5})/?$")


def count(minimum: int = 1):
    """An argparse ``type`` for a whole number of at least ``minimum``.

    argparse puts the flag in front of the message: ``argument --workers:
    must be at least 1, got 0``.
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    parse.__name__ = "count"
    return parse


def rounds(text: str) -> int:
    """An argparse ``type`` for a count of rounds: ``3M``, ``2e6``, ``1_000_000``, ``500k``.

    The same reader as the workbench's Build tab (:func:`jost_engine.numbers.read_rounds`);
    argparse puts the flag in front of the message: ``argument --rounds: must be
    a whole number of at least 1 such as ..., got '3x'``.
    """
    from ..numbers import read_rounds

    try:
        return read_rounds(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive_seconds():
    """An argparse ``type`` for a duration above 0 [s]."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not value > 0 or value == float("inf"):
            raise argparse.ArgumentTypeError(
                f"must be a number of seconds above 0, got {text!r}")
        return value

    parse.__name__ = "seconds"
    return parse


def scheduler_address(text: str) -> str:
    """Check the form of a Dask scheduler address (``tcp://HOST:PORT``).

    Only the form: whether a scheduler answers there is the job layer's
    check (:func:`jost_engine.jobs.connect.connect`), exit code 3.
    """
    match = _ADDRESS.match(text.strip())
    scheme = match and match["scheme"]
    if (not match or (scheme and scheme not in SCHEMES)
            or not 1 <= int(match["port"]) <= 65535):
        raise argparse.ArgumentTypeError(
            f"must be an address like tcp://127.0.0.1:8786 (scheme one of "
            f"{', '.join(SCHEMES)}, then host and port), got {text!r}")
    return text.strip()


def check_scheduler(scheduler: str | None, workers: int | None) -> None:
    """Reach the scheduler a job would run on, before anything is recorded.

    Nothing is checked when the runner will start its own cluster (``--workers``
    or no scheduler named anywhere; see :mod:`jost_engine.jobs.connect`).

    Raises
    ------
    ClusterError
        When the scheduler does not answer within :data:`SCHEDULER_CHECK_S` (exit 3).
    """
    from ..jobs.connect import connect, scheduler_address

    if workers is not None:
        return
    address, _source = scheduler_address(scheduler)
    if not address:
        return
    _listening(address)
    try:
        connect(scheduler=address, timeout_s=SCHEDULER_CHECK_S).close()
    except ClusterError:
        raise
    except JostError as exc:  # a job layer that reports an unreachable scheduler as bad input
        raise ClusterError(str(exc)) from None


def _listening(address: str) -> None:
    """Fail at once when nothing listens at a ``tcp://HOST:PORT`` address (exit 3).

    Dask's own connect retries a refused connection until its timeout; a
    plain socket tells in milliseconds. Other schemes are left to Dask.
    """
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:  # a malformed port: Dask's connect names it
        return
    if parts.scheme != "tcp" or not host or not port:
        return
    try:
        socket.create_connection((host, port), SCHEDULER_CHECK_S).close()
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: "
                           f"{exc.strerror or exc}") from None


def add_config_args(parser: argparse.ArgumentParser) -> None:
    """The config argument and its overrides (``run``, ``submit``)."""
    parser.add_argument("config", help="a config JSON file, inline JSON, '-' for standard "
                                       "input, or a config or rules profile name")
    parser.add_argument("--rules", help="a rules profile name (overrides the config's)")
    parser.add_argument("--strategy", help="a strategy profile name")
    parser.add_argument("--betting", help="a betting profile name")
    parser.add_argument("--rounds", type=rounds, help="override run.rounds "
                        "(e.g. 3M, 2e6, 1_000_000, 500k)")
    parser.add_argument("--seed", type=count(0), help="override run.seed")
    parser.add_argument("--label", help="override the config's label")
    add_target_args(parser)


def number(text: str) -> float:
    """An argparse ``type`` for a finite number (its range is the config's check)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}")
    return value


def add_target_args(parser: argparse.ArgumentParser) -> None:
    """``--target-se`` and ``--max-rounds``: a run that stops at a precision (run.target_se)."""
    parser.add_argument("--target-se", type=number, metavar="PP",
                        help="stop when the SE of the advantage is at or below this "
                             "[percentage points of the initial bet, e.g. 0.02]")
    parser.add_argument("--max-rounds", type=count(), metavar="N",
                        help="with --target-se, the most rounds to deal (default: the rounds)")


def add_cluster_options(parser: argparse.ArgumentParser, in_process: bool = False) -> None:
    """``--scheduler ADDR | --workers N`` (and ``--in-process`` for ``run``).

    Which cluster is used when neither is given: see
    :mod:`jost_engine.jobs.connect`.
    """
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDR", type=scheduler_address,
                       help="a Dask scheduler, e.g. tcp://127.0.0.1:8786")
    where.add_argument("--workers", type=count(), metavar="N",
                       help="start a LocalCluster of N single-threaded workers")
    if in_process:
        where.add_argument("--in-process", action="store_true",
                           help="run on one core in this process, without Dask")


def add_meta_options(parser: argparse.ArgumentParser) -> None:
    """``--project``, ``--tag`` and ``--meta KEY=VALUE``: free-form job metadata."""
    parser.add_argument("--project", help="a project name stored with the job")
    parser.add_argument("--tag", action="append", dest="tags", metavar="TAG",
                        help="a tag stored with the job (repeatable)")
    parser.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE",
                        help="any other metadata (repeatable)")


def job_meta(args: argparse.Namespace) -> dict:
    """``--project``, ``--tag`` and ``--meta`` as checked job metadata.

    Raises
    ------
    ConfigError
        For a malformed ``--meta`` or a field over its limit (see
        :func:`jost_engine.config.check_job_meta`).
    """
    from ..config import check_job_meta
    from ..errors import ConfigError

    meta = {}
    for item in args.meta:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"--meta: expected KEY=VALUE, got {item!r}", "meta")
        meta[key] = value
    return check_job_meta(args.project, args.tags, meta)


def load_config(args: argparse.Namespace) -> dict:
    """The config ``args.config`` names, with the command line's overrides applied.

    See :func:`jost_engine.profiles.config_from_spec` for what a spec may be.
    """
    from ..config import merge_config
    from ..profiles import config_from_spec

    names = {field: getattr(args, field, None) for field in ("rules", "strategy", "betting")}
    config = config_from_spec(args.config, stdin=sys.stdin, profile_names=names)
    overrides = {"run.rounds": getattr(args, "rounds", None),
                 "run.seed": getattr(args, "seed", None), "label": getattr(args, "label", None),
                 "run.target_se": getattr(args, "target_se", None),
                 "run.max_rounds": getattr(args, "max_rounds", None)}
    config = {**config, "run": config.get("run") or {}}
    return merge_config(config, {k: v for k, v in overrides.items() if v is not None})
