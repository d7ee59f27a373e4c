"""``jost run``: run a simulation in process or on Dask and print its summary."""

from __future__ import annotations

import argparse
import socket
import sys
import time
from urllib.parse import urlsplit

from .options import (
    add_cluster_options,
    add_config_args,
    add_meta_options,
    check_scheduler,
    job_meta,
    load_config,
)
from .output import Progress, format_any, result_json, write_json
from .waiting import job_result

POLL_S = 0.25  # how often the progress of a job on Dask is read [s]


def follow(job, bar: Progress) -> None:
    """Show a job's progress (read from its ledger) until it ends."""
    from ..jobs.ledger import ACTIVE

    while True:
        progress = job.progress
        bar(progress.rounds_done, progress.rounds_total)
        if progress.state not in ACTIVE:
            bar.close()
            return
        time.sleep(POLL_S)


def run_on_cluster(config: dict, args: argparse.Namespace, bar: Progress | None):
    """``jost run`` on Dask: submit, show the dashboard link and progress, wait; the result."""
    from ..jobs import JobManager

    meta = job_meta(args)
    check_scheduler(args.scheduler, args.workers)
    say_compiling(config, args, bar)
    manager = JobManager(scheduler=args.scheduler, workers=args.workers)
    try:
        job = manager.submit(config, meta=meta)
        print(f"job {job.id} on {manager.connection.address} "
              f"(dashboard: {manager.dashboard_link or 'none'})", file=sys.stderr)
        try:
            if bar is not None:
                follow(job, bar)
            return job_result(job)
        except KeyboardInterrupt:
            job.cancel()
            raise
    finally:
        manager.close()


def runs_here(args: argparse.Namespace) -> bool:
    """Whether the processes that will run the chunks are on this machine.

    In process, on a LocalCluster (``--workers``, or no scheduler named
    anywhere), or on a scheduler at a loopback address or this host's name.
    """
    if args.in_process or args.workers is not None:
        return True
    from ..jobs.connect import scheduler_address

    address, _source = scheduler_address(args.scheduler)
    if address is None:
        return True
    host = urlsplit(address).hostname or ""
    return host in {"127.0.0.1", "localhost", "::1", socket.gethostname()}


def say_compiling(config: dict, args: argparse.Namespace, bar: Progress | None) -> None:
    """Say on stderr, once, when this run will compile the kernel (an empty or stale cache).

    The progress bar shows it too until the first chunk is done.
    """
    from .. import registry

    if not runs_here(args) or registry.simulation_type(config) != registry.DEFAULT_TYPE:
        return  # the blackjack kernel's compile; another type's handler compiles its own
    from ..chart_cache import workspace_charts
    from ..warm import compile_notice

    notice = compile_notice(config, workspace_charts())
    if notice:
        print(notice, file=sys.stderr)
        if bar is not None:
            bar.note = notice


def cmd_run(args: argparse.Namespace) -> int:
    """Run the config; print its summary, or the whole result as JSON."""
    config = load_config(args)
    bar = None if args.json else Progress()
    from .. import registry

    if args.in_process and registry.simulation_type(config) != registry.DEFAULT_TYPE:
        job_meta(args)
        result = registry.run_in_process(config, progress=bar)
    elif args.in_process:
        from ..chart_cache import workspace_charts
        from ..simulation import run_simulation_from_config

        job_meta(args)  # the same checks as on Dask, though nothing is stored
        say_compiling(config, args, bar)
        result = run_simulation_from_config(config, progress=bar, charts=workspace_charts())
    else:
        result = run_on_cluster(config, args, bar)
    if args.json:
        write_json(result_json(result))
    else:
        print(format_any(result, result.config["label"]))
    return 0


def add_commands(sub) -> None:
    """Add ``run`` to the ``jost`` sub-command parsers."""
    run = sub.add_parser("run", help="run a simulation (on Dask unless --in-process) and print "
                                     "its summary")
    add_config_args(run)
    add_cluster_options(run, in_process=True)
    add_meta_options(run)
    run.add_argument("--json", action="store_true", help="print the result as JSON")
    run.set_defaults(func=cmd_run)
