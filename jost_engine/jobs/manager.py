"""Submit simulations to Dask and follow them: :class:`JobManager` (and :class:`~.job.Job`).

>>> from jost_engine.jobs import JobManager                    # doctest: +SKIP
>>> jobs = JobManager()              # which cluster: see jost_engine.jobs.connect
>>> job = jobs.submit(config, project="thesis", tags=["hi-lo"])
>>> job.progress                     # chunks, rounds, rounds/s, time left
>>> result = job.result(timeout=600)
>>> jobs.jobs(project="thesis")      # a DataFrame of the ledger

The manager validates a config (through the simulation-type registry)
before anything is recorded or sent, so a bad config never reaches a
worker. Everything about a job lives in the ledger, so a :class:`Job` can
be followed, cancelled or resumed from any process of the workspace.
"""

from __future__ import annotations

import json
import threading
import time

import pandas as pd

from .. import registry
from ..chart_cache import workspace_charts
from ..errors import JobError, JostError
from .access import refuse_unchangeable, whose_matches
from .batch import BatchMethods
from .connect import CONNECT_TIMEOUT_S, Connection, connect, reach, scheduler_address
from .job import Job
from .ledger import (
    ACTIVE,
    CANCELLED,
    FAILED,
    INTERRUPTED,
    PENDING,
    RESUMABLE,
    Ledger,
)
from .owner import Owner
from .progress import Progress, stop_note


def job_matches(row: dict, state: str | None = None, project: str | None = None,
                tag: str | None = None, whose: str | None = None, me: str | None = None
                ) -> bool:
    """Whether a ledger row (its ``meta`` a dict) passes the filters; None passes anything.

    ``whose`` is ``"mine"`` or ``"shared"`` (:data:`.access.WHOSE`), as seen by the user
    ``me`` (:meth:`Ledger.whoami`; None on the one-user SQLite ledger, where every job is
    the user's own).
    """
    meta = row["meta"]
    return not ((state and row["state"] != state.upper())
                or (project is not None and meta.get("project") != project)
                or (tag is not None and tag not in meta.get("tags", []))
                or not whose_matches(row, whose, me))


def job_meta(project: str | None = None, tags=None, meta: dict | None = None) -> dict:
    """Free-form job metadata: ``meta`` plus ``project`` and ``tags`` (a list of str).

    Raises
    ------
    JobError
        For metadata that is not plain JSON, or tags that are not strings.
    """
    out = dict(meta or {})
    if project is not None:
        out["project"] = str(project)
    if tags is not None:
        tags = [tags] if isinstance(tags, str) else list(tags)
        if not all(isinstance(t, str) for t in tags):
            raise JobError("tags: must be strings")
        out["tags"] = tags
    try:
        json.dumps(out)
    except (TypeError, ValueError) as exc:
        raise JobError(f"meta: must be plain JSON data ({exc})") from None
    return out


class JobManager(BatchMethods):
    """The jobs (and studies) of a workspace, and the Dask cluster they run on.

    Parameters
    ----------
    client, scheduler, workers
        Which cluster (the order of precedence is stated once, in
        :mod:`jost_engine.jobs.connect`): a :class:`distributed.Client`
        (not closed here), a scheduler address (``tcp://host:port``), or a
        LocalCluster of ``workers`` workers.
    ledger : Ledger or path, optional
        The ledger; ``<workspace>/jobs.sqlite`` by default.
    connect_timeout_s : float
        How long to try to reach a scheduler [s].
    shared : bool
        When no cluster is named, use the workspace's shared cluster (as the
        background runner of ``jost submit`` does) rather than a LocalCluster
        of this process.

    Notes
    -----
    The cluster is reached only when a job is submitted or resumed; listing
    and reading jobs needs none. Creating a manager marks INTERRUPTED the
    jobs whose process has died.
    """

    def __init__(self, client=None, scheduler: str | None = None, workers: int | None = None,
                 ledger: Ledger | str | None = None,
                 connect_timeout_s: float = CONNECT_TIMEOUT_S, shared: bool = False):
        self.ledger = ledger if isinstance(ledger, Ledger) else Ledger(ledger)
        self._connect_args = {"client": client, "scheduler": scheduler, "workers": workers,
                              "timeout_s": connect_timeout_s, "shared": shared,
                              "busy": self.ledger.uses_scheduler}
        self._connection: Connection | None = None
        self._drivers: dict = {}
        self._lock = threading.Lock()
        self.ledger.recover()

    # -- the cluster -----------------------------------------------------------------------

    @property
    def connection(self) -> Connection:
        """The connection to the cluster, made on first use."""
        with self._lock:
            if self._connection is None:
                self._connection = connect(**self._connect_args)
            return self._connection

    @property
    def connected(self) -> bool:
        """Whether a cluster is connected yet (reading this never starts one)."""
        return self._connection is not None

    @property
    def client(self):
        """The :class:`distributed.Client` jobs are submitted with."""
        return self.connection.client

    @property
    def dashboard_link(self) -> str | None:
        """The Dask dashboard's URL."""
        return self.connection.dashboard_link

    def close(self) -> None:
        """Stop this process's running jobs (INTERRUPTED, resumable) and disconnect."""
        for job_id, driver in list(self._drivers.items()):
            if not driver.done.is_set():
                self.ledger.finish(job_id, INTERRUPTED, "its job manager was closed",
                                   from_states=ACTIVE)
        for driver in {id(d): d for d in self._drivers.values()}.values():
            if not driver.done.is_set():
                driver.cancel()
                driver.done.wait(10)
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def __enter__(self) -> JobManager:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- submitting and resuming -----------------------------------------------------------

    def create(self, config: dict | str, project: str | None = None, tags=None,
               meta: dict | None = None) -> str:
        """Validate a config and record it as a PENDING job, without starting it; its id.

        Raises
        ------
        JostError
            For a config its simulation type rejects, or result store settings that
            do not work (:mod:`.blobs`: a bad URL or threshold, a missing fsspec
            package): nothing is recorded.
        """
        data = registry.validate(config)
        self.ledger.store  # noqa: B018 - the store's settings are checked before recording
        name = registry.simulation_type(data)
        chunks = registry.plan(name, data)
        meta = {**job_meta(project, tags, meta), **stop_note(name, data)}
        return self.ledger.create(data, name, registry.label(data), meta,
                                  len(chunks), registry.plan_rounds(chunks), Owner.of())

    def submit(self, config: dict | str, project: str | None = None, tags=None,
               meta: dict | None = None) -> Job:
        """Validate, record and start a job; returns at once.

        Parameters
        ----------
        config : dict or str
            A config (profile names allowed) or a config profile's name.
        project : str, optional
            Stored in the job's metadata, shown and filterable in :meth:`jobs`.
        tags : list of str, optional
            Likewise.
        meta : dict, optional
            Any other JSON metadata.
        """
        asked_at = time.time()  # its wall time counts from here: validating included
        return self._start(self.create(config, project, tags, meta), (PENDING,),
                           asked_at=asked_at)

    def resume(self, job_id: str) -> Job:
        """Run the missing chunks of an INTERRUPTED, CANCELLED or FAILED job.

        Raises
        ------
        JobError
            When the job is already running (here or in another process), or COMPLETE.
        """
        self.ledger.recover()
        return self._start(self.ledger.resolve(job_id), RESUMABLE)

    def submit_detached(self, config: dict | str, project: str | None = None, tags=None,
                        meta: dict | None = None) -> Job:
        """Validate and record a job, and start a background process that runs it (``jost submit``).

        The cluster named to this manager is checked first (a malformed or
        unreachable scheduler fails here, at once, and nothing is
        recorded); the job outlives this process. With no cluster named the
        job runs on the workspace's shared cluster
        (:mod:`jost_engine.jobs.shared`).

        Raises
        ------
        JostError
            For a bad config or a malformed scheduler address.
        ClusterError
            When the named scheduler cannot be reached.
        """
        from .runner import spawn

        data = registry.validate(config)
        self._check_scheduler()
        job_id = self.create(data, project, tags, meta)
        spawn(self.ledger, job_id, **self._runner_args())
        return Job(self, job_id)

    def resume_detached(self, job_id: str) -> Job:
        """Take the job for a resume and start a background process that runs it (``jost resume``).

        The job is PENDING, owned by the new process, when this returns, so
        a second resume raises and ``Job.wait`` waits for the run.

        Raises
        ------
        JobError
            When the job is already running, or COMPLETE.
        ClusterError
            When the named scheduler cannot be reached.
        """
        from .runner import spawn

        self.ledger.recover()
        full = self.ledger.resolve(job_id)
        self._check_scheduler()
        spawn(self.ledger, full, resume=True, **self._runner_args())
        return Job(self, full)

    def _runner_args(self) -> dict:
        args = self._connect_args
        client = args["client"]
        scheduler = client.scheduler.address if client is not None else args["scheduler"]
        return {"scheduler": scheduler, "workers": args["workers"]}

    def _check_scheduler(self) -> None:
        """Reach the scheduler a runner would use, if one is named; raise if it does not answer."""
        args = self._connect_args
        if args["client"] is not None or args["workers"] is not None:
            return
        address, source = scheduler_address(args["scheduler"])
        if address:
            reach(address, source, args["timeout_s"]).close()

    def drive(self, job_id: str, resume: bool = False) -> str:
        """Run a job in this thread until it ends; its final state (the runner process).

        A PENDING job is run; with ``resume`` an INTERRUPTED, CANCELLED or
        FAILED one too.
        """
        self._start(job_id, (PENDING, *RESUMABLE) if resume else (PENDING,), background=False)
        return self.ledger.state(job_id)[0]

    def missing_chunks(self, job_id: str) -> registry.Remaining:
        """The chunks of a job whose results are not saved yet, in order.

        A :class:`~jost_engine.registry.Remaining` (``len`` and iteration):
        each chunk is made from the plan only when it is reached.
        """
        row = self.ledger.get(job_id)
        chunks = registry.get(row["simulation_type"]).plan(row["config"])
        return registry.Remaining(chunks, self.ledger.done_indices(row["id"]))

    def _start(self, job_id: str, from_states: tuple[str, ...], background: bool = True,
               asked_at: float | None = None) -> Job:
        """Claim a job and drive its run; its wall time counts from ``asked_at`` (default now).

        The cluster is started or reached after ``asked_at``, so the run's
        wall time holds it.
        """
        from .driver import Driver

        asked_at = time.time() if asked_at is None else asked_at
        row = self.ledger.get(job_id)
        if row["state"] not in from_states:
            if row["state"] in ACTIVE:
                raise JobError(f"job {job_id} is already running ({row['state']})")
            raise JobError(f"job {job_id} is {row['state']}; only a "
                           f"{' / '.join(from_states)} job can be started here")
        chunks = self.missing_chunks(job_id)
        try:
            conn = self.connection
        except JostError as exc:
            self.ledger.finish(job_id, FAILED, str(exc), from_states=(PENDING,))
            raise
        run = self.ledger.claim(job_id, Owner.of(), from_states, len(chunks), conn.address,
                                conn.dashboard_link, started_at=asked_at)
        config = registry.worker_config(row["simulation_type"], row["config"],
                                        workspace_charts(self.ledger.folder))
        driver = Driver.single(self.ledger, conn.client, job_id, run, row["simulation_type"],
                               config, chunks)
        self._drivers[job_id] = driver
        if background:
            threading.Thread(target=driver.run, name=f"jost-job-{job_id}", daemon=True).start()
        else:
            driver.run()
        return Job(self, job_id)

    # -- following -------------------------------------------------------------------------

    def job(self, job_id: str) -> Job:
        """A job by its id (or a unique prefix of it)."""
        return Job(self, self.ledger.resolve(job_id))

    def jobs(self, state: str | None = None, project: str | None = None,
             tag: str | None = None, whose: str | None = None) -> pd.DataFrame:
        """The jobs of the ledger, newest first, optionally filtered.

        ``whose``: ``"mine"`` (the user's own jobs) or ``"shared"`` (others' jobs of
        projects shared with the user; none on the one-user SQLite ledger).

        Returns
        -------
        pandas.DataFrame
            One row per job, indexed by id: ``state``, ``label``,
            ``simulation_type``, ``project``, ``tags``, chunk and round
            counts, ``progress`` (0 to 1), ``rounds_per_s`` (rounds of the
            current or last run over its wall time, cluster start and compile
            included), ``kernel_rounds_per_s`` (rounds per second of one
            worker core inside the kernel), ``created``, ``finished``
            (timestamps), ``error``, the whole ``meta`` and ``owner`` (the
            database role that made it; None in the single-user SQLite ledger).
        """
        self.ledger.recover()
        records = []
        me = self.ledger.whoami() if whose else None
        for row in self.ledger.rows():
            if not job_matches(row, state, project, tag, whose, me):
                continue
            meta = row["meta"]
            progress = Progress.from_row(row)
            records.append({
                "id": row["id"], "state": row["state"], "label": row["label"],
                "simulation_type": row["simulation_type"], "project": meta.get("project"),
                "tags": meta.get("tags", []), "chunks_done": row["chunks_done"],
                "chunks_total": row["chunks_total"], "rounds_done": row["rounds_done"],
                "rounds_total": row["rounds_total"], "progress": progress.fraction,
                "rounds_per_s": progress.rounds_per_s,
                "kernel_rounds_per_s": (row["kernel_rounds"] / row["kernel_s"]
                                        if row["kernel_s"] else None),
                "created": pd.to_datetime(row["created_at"], unit="s"),
                "finished": pd.to_datetime(row["finished_at"], unit="s"),
                "error": row["error"], "meta": meta, "owner": row.get("owner_role")})
        return pd.DataFrame.from_records(records, columns=JOB_COLUMNS).set_index("id")

    def cancel(self, job_id: str) -> bool:
        """Cancel a job: CANCELLED at once; False if it had already ended.

        When this manager drives the job, no chunk starts once this returns.
        When another process drives it (``jost submit``), that process reads
        the ledger before it submits another chunk, so none starts after the
        chunks running now. Those running chunks end and their results are
        saved, so a resume does not run them again.
        """
        full = self.ledger.resolve(job_id)
        if not self.ledger.finish(full, CANCELLED, from_states=ACTIVE):
            refuse_unchangeable(self.ledger, [full], f"job {full}")
            return False
        driver = self._drivers.get(full)
        if driver is not None:
            driver.cancel(full)
        return True

    def delete(self, job_id: str) -> None:
        """Remove a finished job and its saved chunks from the ledger."""
        self.ledger.delete(job_id)


JOB_COLUMNS = ["id", "state", "label", "simulation_type", "project", "tags", "chunks_done",
               "chunks_total", "rounds_done", "rounds_total", "progress", "rounds_per_s",
               "kernel_rounds_per_s", "created", "finished", "error", "meta", "owner"]
