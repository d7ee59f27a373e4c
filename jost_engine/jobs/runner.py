"""Drive one job (or study) in a background process: what ``jost submit`` and ``jost resume`` start.

``python -m jost_engine.jobs.runner JOB_ID --ledger PATH [--resume] [--study]
[--scheduler ADDR | --workers N]`` claims the job (with ``--study``, every
job of the study JOB_ID) in the ledger, runs it on
the cluster it connects to (see :mod:`jost_engine.jobs.connect`; with none
named, the workspace's shared cluster) and exits when the job ends, with the
exit code of ``jost`` (0 complete, 1 failed or cancelled, 2 or 3 for an
error). It runs in a session of its own, so it outlives the shell that
started it; its output goes to ``<ledger folder>/logs/JOB_ID.log``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from ..errors import EXIT_JOB_FAILED, EXIT_OK, JostError
from ..private import UMASK, private_dir, private_opener
from .ledger import ENV_LEDGER, INTERRUPTED, PENDING, RESUMABLE, Ledger
from .ledger_postgres import is_postgres
from .owner import Owner


def spawn(ledger: Ledger, job_id: str, resume: bool = False, scheduler: str | None = None,
          workers: int | None = None, study: bool = False) -> Owner:
    """Start the runner of a job (or of a study, ``job_id`` its id) in the background.

    The job is PENDING and owned by the new process when this returns. With
    ``resume`` it is first taken from INTERRUPTED, CANCELLED or FAILED to
    PENDING in one ledger transaction (:meth:`Ledger.reserve`), so a second
    resume of the same job raises :class:`JobError` ("already running").
    A study's jobs are taken likewise, all in one transaction; its COMPLETE
    jobs are left alone.

    Returns
    -------
    Owner
        The new process's owner record.
    """
    ids = [r["id"] for r in ledger.study_jobs(job_id)] if study else [job_id]
    if resume and study:
        ledger.reserve_many(ids, Owner.of(), RESUMABLE)
    elif resume:
        ledger.reserve(job_id, Owner.of(), RESUMABLE)
    logs = ledger.folder / "logs"
    private_dir(logs)
    args = [sys.executable, "-m", "jost_engine.jobs.runner", job_id, "--ledger", ledger.address]
    # a database's password reaches the child in its environment, never on its command line
    env = {**os.environ, **({ENV_LEDGER: ledger.url} if hasattr(ledger, "url") else {})}
    if resume:
        args.append("--resume")
    if study:
        args.append("--study")
    if scheduler:
        args += ["--scheduler", scheduler]
    if workers:
        args += ["--workers", str(workers)]
    try:
        with open(logs / f"{job_id}.log", "ab", opener=private_opener) as log:
            process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                       umask=UMASK, env=env, start_new_session=True)
    except OSError as exc:
        ledger.finish_many(ids, INTERRUPTED, f"its process did not start: {exc}",
                           from_states=(PENDING,))
        raise
    owner = Owner.of(process.pid)
    ledger.set_owners(ids, owner)
    return owner


def main(argv: list[str] | None = None) -> int:
    """Entry point of the runner process; 0 when the job completed."""
    from .manager import JobManager

    parser = argparse.ArgumentParser(prog="jost-runner", description=__doc__.splitlines()[0])
    parser.add_argument("job_id")
    parser.add_argument("--ledger", required=True,
                        help="the SQLite file, or the PostgreSQL URL without its password "
                             "(the whole URL then comes in $JOST_LEDGER)")
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--study", action="store_true")
    parser.add_argument("--scheduler")
    parser.add_argument("--workers", type=int)
    args = parser.parse_args(argv)
    ledger = args.ledger
    if is_postgres(ledger) and is_postgres(os.environ.get(ENV_LEDGER)):
        ledger = os.environ[ENV_LEDGER]
    manager = JobManager(scheduler=args.scheduler, workers=args.workers, ledger=ledger,
                         shared=True)
    try:
        if args.study:
            manager.drive_study(args.job_id, resume=args.resume)
            states = {r["state"] for r in manager.ledger.study_jobs(args.job_id)}
            state = "COMPLETE" if states == {"COMPLETE"} else "/".join(sorted(states))
        else:
            state = manager.drive(args.job_id, resume=args.resume)
    except JostError as exc:
        print(f"jost runner: {exc}", file=sys.stderr)
        return exc.exit_code
    finally:
        manager.close()
    print(f"job {args.job_id}: {state}", file=sys.stderr)
    return EXIT_OK if state == "COMPLETE" else EXIT_JOB_FAILED


if __name__ == "__main__":
    sys.exit(main())
