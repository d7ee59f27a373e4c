"""The job commands of ``jost``: run on Dask, submit, status, result, jobs, cancel,
resume, delete and cluster.

Every command but ``run`` returns at once: a submitted job is driven by a
background process (:mod:`jost_engine.jobs.runner`) and followed through the
workspace's ledger, from any shell. Dask and the job layer are imported only
when a command needs them, so ``jost --help`` stays quick.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time

from . import cli
from .errors import JostError
from .jobs.ledger import ACTIVE, COMPLETE, RESUMABLE, STATES
from .jobs.progress import format_duration


def add_cluster_options(parser: argparse.ArgumentParser, in_process: bool = False) -> None:
    """``--scheduler ADDR | --workers N`` (and ``--in-process`` for ``run``)."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDR",
                       help="a Dask scheduler, e.g. tcp://127.0.0.1:8786 (default: "
                            "$JOST_SCHEDULER, else 'jost cluster up', else a LocalCluster)")
    where.add_argument("--workers", type=int, metavar="N",
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


def _meta(args: argparse.Namespace) -> dict:
    meta = {}
    for item in args.meta:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise JostError(f"--meta: expected KEY=VALUE, got {item!r}")
        meta[key] = value
    return meta


def _manager(args: argparse.Namespace | None = None):
    from .jobs import JobManager

    return JobManager(scheduler=getattr(args, "scheduler", None),
                      workers=getattr(args, "workers", None))


def _follow(job, bar) -> None:
    """Show a job's progress until it ends."""
    while True:
        progress = job.progress
        note = ""
        if progress.rounds_per_s:
            note = (f"  {progress.rounds_per_s / 1e6:.1f} M rounds/s, "
                    f"{format_duration(progress.time_left_s)} left")
        if progress.state not in ACTIVE:
            bar(progress.rounds_done, progress.rounds_total)
            return
        bar(progress.rounds_done, progress.rounds_total, note)
        time.sleep(0.25)


def run_on_cluster(config: dict, args: argparse.Namespace, bar) -> object:
    """``jost run`` on Dask: submit, show the dashboard link and progress, wait; the result."""
    manager = _manager(args)
    try:
        job = manager.submit(config, args.project, args.tags, _meta(args))
        print(f"job {job.id} on {manager.connection.address} "
              f"(dashboard: {manager.dashboard_link or 'none'})", file=sys.stderr)
        try:
            if bar is not None:
                _follow(job, bar)
            return job.result()
        except KeyboardInterrupt:
            job.cancel()
            raise
    finally:
        manager.close()


def _cmd_submit(args: argparse.Namespace) -> int:
    from .jobs.runner import spawn

    config = cli._apply_overrides(cli._load_config(args.config, args), args)
    manager = _manager()
    job_id = manager.create(config, args.project, args.tags, _meta(args))
    manager.ledger.set_owner(job_id, spawn(manager.ledger, job_id, scheduler=args.scheduler,
                                           workers=args.workers))
    print(job_id)
    return 0


def _when(stamp: float | None) -> str:
    return dt.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M:%S") if stamp else "-"


def _cmd_status(args: argparse.Namespace) -> int:
    job = _manager().job(args.job_id)
    info, progress = job.info, job.progress
    if args.json:
        out = {k: v for k, v in info.items() if k != "config"}
        out["progress"] = vars(progress)
        json.dump(out, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    meta = info["meta"]
    lines = [f"job {info['id']}  {info['state']}",
             f"  label      {info['label']} ({info['simulation_type']})",
             f"  progress   {progress}",
             f"  created    {_when(info['created_at'])}   finished {_when(info['finished_at'])}"]
    if meta:
        lines.append(f"  meta       {json.dumps(meta)}")
    if info["scheduler"]:
        lines.append(f"  scheduler  {info['scheduler']}   dashboard {info['dashboard'] or '-'}")
    if info["error"]:
        lines.append(f"  error      {info['error']}")
    print("\n".join(lines))
    return 0


def _cmd_result(args: argparse.Namespace) -> int:
    job = _manager().job(args.job_id)
    if not args.wait and job.status != COMPLETE:
        raise JostError(f"job {job.id} has no result: {job.progress}"
                        + (f" ({job.error})" if job.error else ""))
    try:
        result = job.result(timeout=args.timeout)
    except TimeoutError as exc:
        raise JostError(str(exc)) from None
    if args.json:
        json.dump(result.to_dict(), sys.stdout, indent=1)
        sys.stdout.write("\n")
    elif hasattr(result, "summary") and "advantage" in result.summary:
        print(cli.format_summary(result.summary, job.info["label"]))
    else:
        json.dump(result.to_dict(), sys.stdout, indent=1)
        sys.stdout.write("\n")
    return 0


def _cmd_jobs(args: argparse.Namespace) -> int:
    table = _manager().jobs(state=args.state, project=args.project, tag=args.tag)
    if args.limit:
        table = table.head(args.limit)
    if table.empty:
        print("no jobs")
        return 0
    print(f"{'ID':<10}  {'STATE':<11} {'CHUNKS':>11} {'ROUNDS':>15}  {'CREATED':<19}  "
          f"{'PROJECT':<12} {'TAGS':<16} LABEL")
    for job_id, row in table.iterrows():
        chunks = f"{row.chunks_done}/{row.chunks_total}"
        created = row.created.strftime("%Y-%m-%d %H:%M:%S")
        print(f"{job_id:<10}  {row.state:<11} {chunks:>11} {row.rounds_total:>15,}  {created:<19}  "
              f"{row.project or '-':<12} {','.join(row.tags) or '-':<16} {row.label}")
    return 0


def _cmd_cancel(args: argparse.Namespace) -> int:
    manager = _manager()
    job = manager.job(args.job_id)
    if manager.cancel(job.id):
        print(f"cancelled {job.id}")
    else:
        print(f"job {job.id} had already ended: {job.status}")
    return 0


def _cmd_resume(args: argparse.Namespace) -> int:
    from .jobs.runner import spawn

    manager = _manager()
    job = manager.job(args.job_id)
    if job.status not in RESUMABLE:
        raise JostError(f"job {job.id} is {job.status}; only INTERRUPTED, CANCELLED or FAILED "
                        "jobs resume")
    missing = len(manager.missing_chunks(job.id))
    spawn(manager.ledger, job.id, resume=True, scheduler=args.scheduler, workers=args.workers)
    print(f"resuming {job.id}: {missing} chunks to run")
    return 0


def _cmd_delete(args: argparse.Namespace) -> int:
    manager = _manager()
    job = manager.job(args.job_id)
    manager.delete(job.id)
    print(f"deleted {job.id}")
    return 0


def _cmd_cluster(args: argparse.Namespace) -> int:
    from .jobs import cluster

    if args.action == "up":
        state = cluster.up(args.workers, args.dashboard_port)
        print(f"cluster up: {state['address']} with {state['workers']} workers\n"
              f"dashboard: {state['dashboard']}")
    elif args.action == "down":
        state = cluster.down()
        print(f"cluster down: {state['address']}" if state else "no cluster was up")
    else:
        state = cluster.status()
        if state is None:
            print("no cluster is up")
            return 1
        print(f"cluster up: {state['address']}, {state['live_workers']} workers, "
              f"{state['threads']} threads\ndashboard: {state['dashboard']}")
        if state.get("error"):
            print(f"but the scheduler does not answer: {state['error']}")
            return 1
    return 0


def add_commands(sub, add_config_args) -> None:
    """Add the job commands to the ``jost`` sub-command parsers.

    ``add_config_args`` adds the config argument and its overrides (shared
    with ``jost run``).
    """
    submit = sub.add_parser("submit", help="submit a job to Dask and print its id at once")
    add_config_args(submit)
    add_cluster_options(submit)
    add_meta_options(submit)
    submit.set_defaults(func=_cmd_submit)

    status = sub.add_parser("status", help="a job's state and progress")
    status.add_argument("job_id", help="a job id (or a unique prefix)")
    status.add_argument("--json", action="store_true", help="print it as JSON")
    status.set_defaults(func=_cmd_status)

    result = sub.add_parser("result", help="a finished job's result")
    result.add_argument("job_id", help="a job id (or a unique prefix)")
    result.add_argument("--json", action="store_true", help="print the result as JSON")
    result.add_argument("--wait", action="store_true", help="wait for the job to end")
    result.add_argument("--timeout", type=float, metavar="S", help="with --wait: at most S s")
    result.set_defaults(func=_cmd_result)

    jobs = sub.add_parser("jobs", help="list the jobs of the workspace, newest first")
    jobs.add_argument("--state", type=str.upper, choices=list(STATES))
    jobs.add_argument("--project")
    jobs.add_argument("--tag")
    jobs.add_argument("--limit", type=int, metavar="N")
    jobs.set_defaults(func=_cmd_jobs)

    for name, func, text in (("cancel", _cmd_cancel, "cancel a job"),
                             ("resume", _cmd_resume, "run the missing chunks of a job"),
                             ("delete", _cmd_delete, "remove an ended job from the ledger")):
        p = sub.add_parser(name, help=text)
        p.add_argument("job_id", help="a job id (or a unique prefix)")
        if name == "resume":
            add_cluster_options(p)
        p.set_defaults(func=func)

    clusters = sub.add_parser("cluster", help="start, stop or show a background Dask cluster")
    clusters.add_argument("action", choices=["up", "down", "status"])
    clusters.add_argument("--workers", type=int, default=2, metavar="N",
                          help="with up: worker processes (default 2)")
    clusters.add_argument("--dashboard-port", type=int, default=8787, metavar="PORT")
    clusters.set_defaults(func=_cmd_cluster)
