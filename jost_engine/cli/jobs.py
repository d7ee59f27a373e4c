"""The job commands of ``jost``: submit, status, result, jobs, cancel, resume, delete.

Every command returns at once: a submitted job is driven by a background
process (:mod:`jost_engine.jobs.runner`) and followed through the
workspace's ledger, from any shell. The job layer (pandas, Dask) is imported
inside each command, so ``jost --help`` stays quick.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from ..errors import JobError, JobNotCompleteError, JostError
from .options import (
    add_cluster_options,
    add_config_args,
    add_meta_options,
    check_scheduler,
    count,
    job_meta,
    load_config,
    positive_seconds,
)
from .output import cell, format_any, result_json, write_json
from .waiting import job_result


def _manager():
    from ..jobs import JobManager

    return JobManager()


def cmd_submit(args: argparse.Namespace) -> int:
    """Validate, check the scheduler, record the job, start its runner; print its id."""
    from .. import registry
    from ..jobs.runner import spawn

    config = registry.validate(load_config(args))
    meta = job_meta(args)
    check_scheduler(args.scheduler, args.workers)
    manager = _manager()
    job_id = manager.create(config, meta=meta)
    manager.ledger.set_owner(job_id, spawn(manager.ledger, job_id, scheduler=args.scheduler,
                                           workers=args.workers))
    print(job_id)
    return 0


def _when(stamp: float | None) -> str:
    return dt.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M:%S") if stamp else "-"


def cmd_status(args: argparse.Namespace) -> int:
    """A job's state, progress, times, cluster and error."""
    job = _manager().job(args.job_id)
    info, progress = job.info, job.progress
    if args.json:
        out = {k: v for k, v in info.items() if k != "config"}
        out["progress"] = vars(progress)
        write_json(out)
        return 0
    meta = info["meta"]
    lines = [f"job {info['id']}  {info['state']}",
             f"  label      {info['label']} ({info['simulation_type']})",
             f"  progress   {progress}",
             f"  created    {_when(info['created_at'])}   started {_when(info.get('started_at'))}"
             f"   finished {_when(info['finished_at'])}"]
    timing = job.timing
    if timing.kernel_s:
        lines.append(f"  kernel     {timing.kernel_rounds / timing.kernel_s / 1e6:.2f} M rounds/s "
                     f"per core in the kernel ({timing.workers} workers)")
    if meta:
        lines.append(f"  meta       {json.dumps(meta)}")
    if info["scheduler"]:
        lines.append(f"  scheduler  {info['scheduler']}   dashboard {info['dashboard'] or '-'}")
    if info["error"]:
        lines.append(f"  error      {info['error']}")
    partial = job.partial_result()
    if partial is not None and "advantage" in getattr(partial, "summary", {}):
        lines += ["", _partial_summary(partial, info)]  # an ended job: what it left
    else:
        advantage = _advantage_so_far(job)  # a running or finished job
        if advantage:
            lines.append(f"  advantage  {advantage}")
    print("\n".join(lines))
    return 0


def _advantage_so_far(job) -> str | None:
    """The advantage ± 1 SE of the chunks saved so far (all of them once complete), with
    the rounds it rests on; None for a job with no saved chunk or of another game."""
    from .. import registry
    from ..analysis import estimates
    from ..analysis import format as fmt
    from ..jobs.ledger import COMPLETE
    from ..registry import merge

    partials = job.manager.ledger.partials(job.id)
    if not partials:
        return None
    try:
        result = merge(job.info["simulation_type"], job.info["config"], partials)
    except Exception:  # noqa: BLE001 - a plugin's result may not merge partially
        return None
    summary = getattr(result, "summary", None) or {}
    if "advantage" not in summary or job.info["simulation_type"] != registry.DEFAULT_TYPE:
        return None  # another type's figures: ``jost result`` asks its handler
    figure = estimates.figures(summary, job.info["config"])["advantage"]
    done = "" if job.status == COMPLETE else f", from the {summary['rounds']:,} rounds so far"
    return f"{fmt.estimate(figure)} ({fmt.SE_NOTE}{done})"
def _partial_summary(partial, info: dict) -> str:
    """The figures of an ended job's finished chunks, headed by what they hold."""
    head = (f"PARTIAL RESULT: the job was {info['state']} after {info['chunks_done']} of "
            f"{info['chunks_total']} chunks; every figure is from the finished chunks only")
    return format_any(partial, head)


def cmd_result(args: argparse.Namespace) -> int:
    """A finished job's result; exit 1 when the job failed, was cancelled or timed out.

    A job that ended with some chunks finished prints their merged result,
    marked PARTIAL, before the exit-1 line.
    """
    from ..jobs.ledger import ACTIVE, COMPLETE

    job = _manager().job(args.job_id)
    status = job.status
    if status != COMPLETE and not (args.wait and status in ACTIVE):
        partial = job.partial_result()
        ended = (f"job {job.id} did not complete: {job.progress}"
                 + (f" ({job.error})" if job.error else ""))
        if partial is None:
            raise JobNotCompleteError(ended.replace("did not complete", "has no result"))
        if not args.json and "advantage" in getattr(partial, "summary", {}):
            print(_partial_summary(partial, job.info))
        else:
            write_json({"partial": True, "state": status, "result": partial.to_dict()})
        raise JobNotCompleteError(f"{ended}; the result above is partial")
    result = job_result(job, args.timeout)
    if not args.json and hasattr(result, "summary") and "advantage" in result.summary:
        print(format_any(result, job.info["label"]))
    elif hasattr(result, "summary"):
        write_json(result_json(result))
    else:
        write_json(result.to_dict())
    return 0


def cmd_jobs(args: argparse.Namespace) -> int:
    """The jobs of the workspace, newest first (or repair a damaged ledger)."""
    if args.repair:
        return _repair()
    from ..jobs.ledger import STATES

    if args.state is not None and args.state not in STATES:
        raise JostError(f"--state: must be one of {', '.join(STATES)}, got {args.state!r}")
    manager = _manager()
    whose = "mine" if args.mine else "shared" if args.shared else None
    table = manager.jobs(state=args.state, project=args.project, tag=args.tag, whose=whose)
    team = not manager.ledger.single_user
    if whose and not team:
        print("the SQLite ledger has one user: every job is yours, none is shared",
              file=sys.stderr)
    if args.limit:
        table = table.head(args.limit)
    if table.empty:
        print("no jobs")
        return 0
    owner = f"{'OWNER':<12} " if team else ""
    print(f"{'ID':<10}  {'STATE':<11} {'CHUNKS':>11} {'ROUNDS':>15}  {'CREATED':<19}  "
          f"{owner}{'PROJECT':<12} {'TAGS':<16} LABEL")
    stopped = False
    for job_id, row in table.iterrows():
        chunks = f"{cell(row.chunks_done)}/{cell(row.chunks_total)}"
        rounds = row.rounds_total
        meta = row.get("meta")
        stop = meta.get("stop") if isinstance(meta, dict) else None
        if stop and stop.get("chunks") is not None:  # stopped early: its answer's chunks
            chunks = f"*{stop['chunks']}/{cell(row.chunks_total)}"
            rounds, stopped = stop.get("rounds", rounds), True
        tags = ",".join(row.tags) if isinstance(row.tags, list) else ""
        whose = f"{cell(row.get('owner')):<12} " if team else ""
        print(f"{job_id:<10}  {cell(row.state):<11} {chunks:>11} "
              f"{cell(rounds, '{:,}'):>15}  "
              f"{cell(row.created, '{:%Y-%m-%d %H:%M:%S}'):<19}  "
              f"{whose}{cell(row.project):<12} {cell(tags):<16} {cell(row.label)}")
    if stopped:
        print("* stopped early (its target SE met, or out of a race): the chunks and rounds of "
              "its answer, of its budget's chunks")
    return 0


def _repair() -> int:
    """``jost jobs --repair``: move a damaged ledger aside so a new one starts."""
    from ..jobs.ledger import LEDGER_NAME, repair_ledger
    from ..profiles import workspace_dir

    path = workspace_dir() / LEDGER_NAME
    repaired = repair_ledger(path)
    if repaired is None:
        print(f"the ledger {path} is sound; nothing to repair")
    else:
        print(repaired.sentence(path))
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    """Cancel a job (exit 0 also when it had already ended)."""
    manager = _manager()
    job = manager.job(args.job_id)
    if manager.cancel(job.id):
        print(f"cancelled {job.id}")
    else:
        print(f"job {job.id} had already ended: {job.status}")
    return 0


def cmd_resume(args: argparse.Namespace) -> int:
    """Start a runner for the missing chunks of an ended job."""
    from ..jobs.ledger import RESUMABLE
    from ..jobs.runner import spawn

    manager = _manager()
    job = manager.job(args.job_id)
    if job.status not in RESUMABLE:
        raise JobError(f"job {job.id} is {job.status}; only INTERRUPTED, CANCELLED or FAILED "
                       "jobs resume")
    check_scheduler(args.scheduler, args.workers)
    missing = len(manager.missing_chunks(job.id))
    spawn(manager.ledger, job.id, resume=True, scheduler=args.scheduler, workers=args.workers)
    print(f"resuming {job.id}: {missing} chunks to run")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    """Remove an ended job from the ledger."""
    manager = _manager()
    job = manager.job(args.job_id)
    manager.delete(job.id)
    print(f"deleted {job.id}")
    return 0


def add_commands(sub) -> None:
    """Add the job commands to the ``jost`` sub-command parsers."""
    submit = sub.add_parser("submit", help="submit a job to Dask and print its id at once")
    add_config_args(submit)
    add_cluster_options(submit)
    add_meta_options(submit)
    submit.set_defaults(func=cmd_submit)

    status = sub.add_parser("status", help="a job's state and progress")
    status.add_argument("job_id", help="a job id (or a unique prefix)")
    status.add_argument("--json", action="store_true", help="print it as JSON")
    status.set_defaults(func=cmd_status)

    result = sub.add_parser("result", help="a finished job's result")
    result.add_argument("job_id", help="a job id (or a unique prefix)")
    result.add_argument("--json", action="store_true", help="print the result as JSON")
    result.add_argument("--wait", action="store_true", help="wait for the job to end")
    result.add_argument("--timeout", type=positive_seconds(), metavar="S",
                        help="with --wait: at most S s")
    result.set_defaults(func=cmd_result)

    jobs = sub.add_parser("jobs", help="list the jobs of the workspace, newest first")
    jobs.add_argument("--state", type=str.upper,
                      help="PENDING, RUNNING, COMPLETE, FAILED, CANCELLED or INTERRUPTED")
    jobs.add_argument("--project")
    jobs.add_argument("--tag")
    jobs.add_argument("--limit", type=count(), metavar="N")
    whose = jobs.add_mutually_exclusive_group()
    whose.add_argument("--mine", action="store_true",
                       help="only your own jobs (a team ledger on PostgreSQL)")
    whose.add_argument("--shared", action="store_true",
                       help="only others' jobs of projects shared with you")
    jobs.add_argument("--repair", action="store_true",
                      help="move a damaged ledger aside (kept as a backup) and start a new one")
    jobs.set_defaults(func=cmd_jobs)

    for name, func, text in (("cancel", cmd_cancel, "cancel a job"),
                             ("resume", cmd_resume, "run the missing chunks of a job"),
                             ("delete", cmd_delete, "remove an ended job from the ledger")):
        p = sub.add_parser(name, help=text)
        p.add_argument("job_id", help="a job id (or a unique prefix)")
        if name == "resume":
            add_cluster_options(p)
        p.set_defaults(func=func)
