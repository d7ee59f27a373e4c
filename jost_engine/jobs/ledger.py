"""The job ledger: one SQLite file in the workspace, shared by every process.

It holds each job (its complete config, label, metadata, state, progress,
error text and timestamps) and each finished chunk's partial result, saved
as it arrives, so no finished chunk is lost when the process driving a job
dies. Any number of threads and processes may use one ledger at once:

- the database is in WAL mode (readers never wait for the writer);
- every thread has its own connection (``sqlite3`` connections must not be
  shared between threads), with a busy timeout;
- every change is one short transaction; those that read before they write
  (claim a job, record a chunk, change a state) take the write lock at the
  start (``BEGIN IMMEDIATE``), so two writers never act on a stale read.

A job in state PENDING or RUNNING names its *owner*, the process that
drives it (host, pid and the process's start time, which tells a reused
pid apart). :meth:`Ledger.recover` marks the jobs whose owner has died
INTERRUPTED; they can be resumed.

A damaged file (junk in its header, a truncated file) is found when it is
opened (``PRAGMA quick_check``) or when a query meets the damage; it raises
:class:`~jost_engine.errors.LedgerDamagedError` and nothing more is written
into it. :func:`~jost_engine.jobs.repair.repair_ledger` (``jost jobs
--repair``) moves it aside and keeps what can be read. A damaged row (junk
in one job's stored config or chunk result) spoils only that job: listing
and the other jobs work, reading that job's result raises naming it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from ..errors import JobError, LedgerDamagedError
from ..private import private_dir, touch_private
from ..profiles import workspace_dir
from . import damage
from .blobs import FOLDER, BlobStore
from .owner import Owner
from .states import (  # noqa: F401 - the states are read from here too
    ACTIVE,
    CANCELLED,
    COMPLETE,
    FAILED,
    INTERRUPTED,
    PENDING,
    RESUMABLE,
    RUNNING,
    STATES,
)
from .study_records import StudyRecords

LEDGER_NAME = "jobs.sqlite"
SCHEMA_VERSION = 6
ENV_LEDGER = "JOST_LEDGER"

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id              TEXT PRIMARY KEY,
    simulation_type TEXT NOT NULL,
    label           TEXT NOT NULL,
    config          TEXT NOT NULL,
    meta            TEXT NOT NULL DEFAULT '{}',
    state           TEXT NOT NULL,
    error           TEXT,
    chunks_total    INTEGER NOT NULL,
    rounds_total    INTEGER NOT NULL,
    chunks_done     INTEGER NOT NULL DEFAULT 0,
    rounds_done     INTEGER NOT NULL DEFAULT 0,
    runs            INTEGER NOT NULL DEFAULT 0,
    run_chunks      INTEGER NOT NULL DEFAULT 0,
    run_rounds_done INTEGER NOT NULL DEFAULT 0,
    run_started_at  REAL,
    elapsed_s       REAL NOT NULL DEFAULT 0,
    created_at      REAL NOT NULL,
    updated_at      REAL NOT NULL,
    finished_at     REAL,
    heartbeat_at    REAL,
    owner_host      TEXT,
    owner_pid       INTEGER,
    owner_started   REAL,
    scheduler       TEXT,
    dashboard       TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state);
CREATE TABLE IF NOT EXISTS chunks (
    job_id      TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    run         INTEGER NOT NULL,
    rounds      INTEGER NOT NULL,
    partial     TEXT NOT NULL,
    worker      TEXT,
    started_at  REAL,
    finished_at REAL,
    PRIMARY KEY (job_id, idx)
);
"""

MIGRATIONS = {
    2: """
ALTER TABLE jobs ADD COLUMN study_id TEXT;
ALTER TABLE jobs ADD COLUMN study_pos INTEGER;
CREATE TABLE IF NOT EXISTS studies (
    id          TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    spec        TEXT NOT NULL,
    meta        TEXT NOT NULL DEFAULT '{}',
    created_at  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_by_study ON jobs (study_id, study_pos);
""",
    3: """
ALTER TABLE chunks ADD COLUMN kernel_s REAL;
ALTER TABLE jobs ADD COLUMN kernel_s REAL NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN kernel_rounds INTEGER NOT NULL DEFAULT 0;
""",
    4: """
ALTER TABLE jobs ADD COLUMN started_at REAL;
UPDATE jobs SET started_at = run_started_at WHERE runs = 1;
""",
    5: """
ALTER TABLE jobs ADD COLUMN project TEXT;
ALTER TABLE jobs ADD COLUMN owner_role TEXT;
ALTER TABLE studies ADD COLUMN project TEXT;
ALTER TABLE studies ADD COLUMN owner_role TEXT;
CREATE INDEX IF NOT EXISTS jobs_by_project ON jobs (project);
""",
    6: """
ALTER TABLE chunks ADD COLUMN blob_key TEXT;
ALTER TABLE chunks ADD COLUMN blob_sha256 TEXT;
""",
}
"""The changes from one schema version to the next: ``MIGRATIONS[v]`` takes a file to v.

A new file gets :data:`SCHEMA` (version 1) and then every migration; an
older file gets the migrations above its ``PRAGMA user_version``, all in the
transaction that opens it. The PostgreSQL ledger is made from the same
definition (:mod:`.ledger_postgres`, types mapped by ``pg_ddl``).
"""

SUMMARY_COLUMNS = ("id", "simulation_type", "label", "meta", "state", "error", "chunks_total",
                   "rounds_total", "chunks_done", "rounds_done", "runs", "run_chunks",
                   "run_rounds_done", "run_started_at", "elapsed_s", "created_at",
                   "updated_at", "finished_at", "heartbeat_at", "owner_host", "owner_pid",
                   "scheduler", "dashboard", "study_id", "study_pos", "kernel_s",
                   "kernel_rounds", "started_at", "project", "owner_role")


class Ledger(StudyRecords):
    """The jobs, chunk results and studies of a workspace, in one SQLite file.

    Parameters
    ----------
    path : path, optional
        The SQLite file; ``<workspace>/jobs.sqlite`` when omitted (the
        workspace is ``$JOST_WORKSPACE``, else ``~/.jost``).
    timeout_s : float
        How long a writer waits for another's lock before giving up [s].
    """

    single_user = True
    """The SQLite ledger has one user: whoever can read its file sees every job."""

    _store: BlobStore | None = None

    @property
    def store(self) -> BlobStore:
        """Where tallies above its threshold go (:mod:`.blobs`): read from the settings
        when first needed (``$JOST_STORE``, ``$JOST_STORE_THRESHOLD``); may be set."""
        if self._store is None:
            self._store = BlobStore.from_settings(self.folder / FOLDER)
        return self._store

    @store.setter
    def store(self, store: BlobStore) -> None:
        self._store = store

    def __new__(cls, path: str | Path | None = None, timeout_s: float = 60.0):
        address = path if path is not None else os.environ.get(ENV_LEDGER)
        if cls is Ledger:
            from .ledger_postgres import PostgresLedger, is_postgres

            if is_postgres(address):
                return super().__new__(PostgresLedger)
        return super().__new__(cls)

    def __init__(self, path: str | Path | None = None, timeout_s: float = 60.0):
        path = path if path is not None else os.environ.get(ENV_LEDGER) or None
        self.path = Path(path) if path else workspace_dir() / LEDGER_NAME
        private_dir(self.path.parent)
        if not self.path.exists():
            touch_private(self.path)  # 0600; SQLite gives -wal and -shm the same mode
        self.timeout_s = timeout_s
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        if self.path.exists() and self.path.stat().st_size:
            self.check()
        with self._write() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise JobError(f"ledger {self.path} was written by a newer JOST")
            scripts = [SCHEMA] + [MIGRATIONS[v] for v in sorted(MIGRATIONS) if v > version]
            for script in scripts:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def folder(self) -> Path:
        """The local folder of this ledger's runner logs and chart cache."""
        return self.path.parent

    @property
    def address(self) -> str:
        """What a child process is given to open this ledger."""
        return str(self.path)

    def whoami(self) -> str | None:
        """The user this ledger connects as: None, the SQLite ledger's one user."""
        return None

    def shares_with_me(self) -> dict[tuple[str, str], str]:
        """``(owner, project) -> "read" | "write"``: the projects others shared with this
        user; none on the single-user SQLite ledger."""
        return {}

    def stamp(self) -> tuple:
        """Size and modification time of the file and its WAL: they change with every write.

        Two ``stat`` calls, so a view can watch an idle ledger often and read it
        only when something was written (by this process, the CLI or a report).
        """
        out = []
        for file in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                info = file.stat()
            except OSError:
                out.append(None)
            else:
                out.append((info.st_size, info.st_mtime_ns))
        return tuple(out)

    @staticmethod
    def _integrity_errors() -> tuple:
        """The errors of a duplicate key (a random id drawn twice)."""
        return (sqlite3.IntegrityError,)

    # -- damage ----------------------------------------------------------------------------

    def check(self) -> None:
        """Check the whole file (``PRAGMA quick_check``); raise if it is damaged.

        Raises
        ------
        LedgerDamagedError
            Saying what SQLite found, the path and what to do.
        """
        with self._guard():
            rows = self._connection().execute("PRAGMA quick_check").fetchall()
        problems = [r[0] for r in rows if r[0] != "ok"]
        if problems:
            raise self.damaged("; ".join(problems[:3]))

    def damaged(self, what: str, job_id: str | None = None) -> LedgerDamagedError:
        """The error for damage found in the file (or in one job's rows)."""
        return damage.damaged(self.path, what, job_id)

    @contextmanager
    def _guard(self):
        """Turn SQLite's reports of a damaged file into :class:`LedgerDamagedError`."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if not damage.is_damage(exc):
                raise
            raise self.damaged(str(exc)) from None

    # -- connections -----------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (a new one after a fork)."""
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            conn = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.text_factory = damage.text  # junk bytes in one row must not break every query
            with self._guard():
                conn.execute(f"PRAGMA busy_timeout = {int(self.timeout_s * 1000)}")
                self._set_wal(conn)
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA synchronous = NORMAL")
            self._local.conn, self._local.pid = conn, os.getpid()
            with self._lock:
                self._all.append(conn)
        return conn

    def _set_wal(self, conn: sqlite3.Connection) -> None:
        # Switching to WAL needs a lock for a moment and may report "locked"
        # at once, without the busy timeout, while another process switches.
        deadline = time.monotonic() + self.timeout_s
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextmanager
    def _write(self):
        """One write transaction holding the write lock from its start."""
        db = self._connection()
        with self._guard():
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _read(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        with self._guard():
            return self._connection().execute(sql, args).fetchall()

    def journal_mode(self) -> str:
        """The journal mode of the file (``"wal"``)."""
        return self._read("PRAGMA journal_mode")[0][0]

    def close(self) -> None:
        """Close every connection this object opened."""
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    # -- jobs ------------------------------------------------------------------------------

    def create(self, config: dict, simulation_type: str, label: str, meta: dict,
               chunks_total: int, rounds_total: int, owner: Owner) -> str:
        """Record a new job, PENDING, and return its id.

        Parameters
        ----------
        config : dict
            The complete (validated) config, stored as JSON.
        meta : dict
            Free-form JSON metadata (``project``, ``tags``, ...).
        chunks_total, rounds_total : int
            The size of its plan.
        owner : Owner
            The process that will drive it.
        """
        while True:
            try:
                with self._write() as db:
                    return self._insert_job(db, config, simulation_type, label, meta,
                                            chunks_total, rounds_total, owner)
            except self._integrity_errors():  # the same random id twice: draw again
                continue

    @staticmethod
    def _insert_job(db: sqlite3.Connection, config: dict, simulation_type: str, label: str,
                    meta: dict, chunks_total: int, rounds_total: int, owner: Owner,
                    study: tuple[str, int] | None = None) -> str:
        """Insert a PENDING job (of study ``(id, position)`` if given); its new random id."""
        job_id = uuid.uuid4().hex[:10]
        now = time.time()
        study_id, position = study or (None, None)
        db.execute(
            "INSERT INTO jobs (id, simulation_type, label, config, meta, state,"
            " chunks_total, rounds_total, created_at, updated_at, heartbeat_at,"
            " owner_host, owner_pid, owner_started, study_id, study_pos, project)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (job_id, simulation_type, label, json.dumps(config), json.dumps(meta), PENDING,
             chunks_total, rounds_total, now, now, now, owner.host, owner.pid,
             owner.started, study_id, position, meta.get("project")))
        return job_id

    def resolve(self, job_id: str) -> str:
        """The full id of a job given by its id or a unique prefix of it."""
        if not isinstance(job_id, str) or not job_id:
            raise JobError("job id: must be a non-empty string")
        rows = self._read("SELECT id FROM jobs WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 2",
                          (job_id, job_id.replace("%", "\\%").replace("_", "\\_") + "%"))
        ids = [r[0] for r in rows]
        if job_id in ids:
            return job_id
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise JobError(f"no job {job_id!r} in {self.path}")
        raise JobError(f"job id {job_id!r} is ambiguous: give more characters")

    def get(self, job_id: str) -> dict:
        """One job, its config and metadata as dicts.

        Raises
        ------
        LedgerDamagedError
            When the job's stored config or metadata is damaged.
        """
        full = self.resolve(job_id)
        row = dict(self._read("SELECT * FROM jobs WHERE id = ?", (full,))[0])
        for field in ("config", "meta"):
            row[field] = self._json(row[field], full, f"its {field}")
        return row

    def _json(self, text: str, job_id: str, what: str):
        try:
            return json.loads(text)
        except (TypeError, ValueError) as exc:
            raise self.damaged(f"{what} is not JSON: {exc}", job_id) from None

    def state(self, job_id: str) -> tuple[str, int]:
        """A job's state and run number, read cheaply (full id only)."""
        rows = self._read("SELECT state, runs FROM jobs WHERE id = ?", (job_id,))
        if not rows:
            raise JobError(f"no job {job_id!r} in {self.path}")
        return rows[0]["state"], rows[0]["runs"]

    def rows(self) -> list[dict]:
        """Every job without its config, newest first, metadata as a dict."""
        rows = self._read(f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM jobs"
                          " ORDER BY created_at DESC")
        out = [dict(r) for r in rows]
        for row in out:
            try:
                row["meta"] = json.loads(row["meta"])
            except (TypeError, ValueError):  # one damaged row: still listed
                row["meta"] = {}
                row["error"] = "its saved data is damaged ('jost jobs --repair')"
        return out

    def set_owner(self, job_id: str, owner: Owner) -> None:
        """Hand a PENDING job to another process (the one that will drive it)."""
        with self._write() as db:
            db.execute("UPDATE jobs SET owner_host = ?, owner_pid = ?, owner_started = ?,"
                       " heartbeat_at = ? WHERE id = ? AND state = ?",
                       (owner.host, owner.pid, owner.started, time.time(), job_id, PENDING))

    def reserve(self, job_id: str, owner: Owner, from_states: tuple[str, ...]) -> None:
        """Take a job for a run to come: PENDING, owned by ``owner``, in one transaction.

        What ``jost resume`` does before it starts the process that will
        run the job, so a second resume is refused at once and the job is
        active (``jost result --wait`` waits for it) as soon as it returns.

        Raises
        ------
        JobError
            When the job is not in one of ``from_states`` ("already running"
            when it is PENDING or RUNNING).
        """
        with self._write() as db:
            self._check_state(db, job_id, from_states)
            db.execute("UPDATE jobs SET state = ?, error = NULL, finished_at = NULL,"
                       " updated_at = ?, heartbeat_at = ?, owner_host = ?, owner_pid = ?,"
                       " owner_started = ? WHERE id = ?",
                       (PENDING, time.time(), time.time(), owner.host, owner.pid,
                        owner.started, job_id))

    def _check_state(self, db: sqlite3.Connection, job_id: str,
                     from_states: tuple[str, ...]) -> sqlite3.Row:
        row = db.execute("SELECT state, runs FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            mine = "" if self.single_user else " that you may change"
            raise JobError(f"no job {job_id!r}{mine} in {self.path}")
        if row["state"] not in from_states:
            if row["state"] in ACTIVE:
                raise JobError(f"job {job_id} is already running ({row['state']})")
            raise JobError(f"job {job_id} is {row['state']}; only a {' / '.join(from_states)} "
                           "job can be started")
        return row

    def uses_scheduler(self, address: str) -> bool:
        """Whether a job still needs the scheduler at ``address``.

        True while a job is PENDING (not yet on any cluster) or RUNNING on
        that scheduler; jobs whose process died are marked INTERRUPTED first.
        """
        self.recover()
        return bool(self._read("SELECT 1 FROM jobs WHERE state = ? OR (state = ? AND"
                               " scheduler = ?) LIMIT 1", (PENDING, RUNNING, address)))

    def claim(self, job_id: str, owner: Owner, from_states: tuple[str, ...], run_chunks: int,
              scheduler: str | None = None, dashboard: str | None = None,
              started_at: float | None = None) -> int:
        """Start a run of a job: RUNNING, owned by ``owner``; its run number.

        ``started_at`` [s since the epoch] is when the run was asked for
        (before its cluster was started or reached), now by default: the
        run's wall time counts from it (``run_started_at``). The job's own
        ``started_at`` is set by its first run only; a resume keeps it.

        Raises
        ------
        JobError
            When the job is not in one of ``from_states`` (for instance it
            was cancelled, or another process resumed it first).
        """
        now = time.time()
        started_at = now if started_at is None else min(started_at, now)
        with self._write() as db:
            run = self._check_state(db, job_id, from_states)["runs"] + 1
            db.execute(
                "UPDATE jobs SET state = ?, error = NULL, runs = ?, run_chunks = ?,"
                " run_rounds_done = 0, run_started_at = ?, finished_at = NULL, updated_at = ?,"
                " heartbeat_at = ?, owner_host = ?, owner_pid = ?, owner_started = ?,"
                " scheduler = ?, dashboard = ?, started_at = COALESCE(started_at, ?)"
                " WHERE id = ?",
                (RUNNING, run, run_chunks, started_at, now, now, owner.host, owner.pid,
                 owner.started, scheduler, dashboard, started_at, job_id))
        return run

    def record_chunk(self, job_id: str, run: int, index: int, rounds: int, partial: dict,
                     worker: str | None = None, started_at: float | None = None,
                     finished_at: float | None = None, kernel_s: float | None = None) -> bool:
        """Save a finished chunk's partial result and count it in the job's progress.

        ``kernel_s``, the chunk's time inside the kernel [s], is saved with it
        and added to the job's ``kernel_s`` (and its rounds to ``kernel_rounds``).

        Returns
        -------
        bool
            False when the chunk was already saved, or the job deleted.
        """
        text, key, digest = json.dumps(partial), None, None  # ASCII: one byte a character
        if not self.store.inline(text):  # written whole before the ledger names it
            key, digest = self.store.put(job_id, index, text.encode("ascii"))
            text = "null"
        now = time.time()
        with self._write() as db:
            job = db.execute("SELECT runs FROM jobs WHERE id = ?", (job_id,)).fetchone()
            added = job is not None and db.execute(
                "INSERT OR IGNORE INTO chunks (job_id, idx, run, rounds, partial, worker,"
                " started_at, finished_at, kernel_s, blob_key, blob_sha256)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (job_id, index, run, rounds, text, worker, started_at, finished_at,
                 kernel_s, key, digest)).rowcount
            if added:
                this_run = rounds if run == job["runs"] else 0
                timed = kernel_s is not None
                db.execute("UPDATE jobs SET chunks_done = chunks_done + 1,"
                           " rounds_done = rounds_done + ?, run_rounds_done = run_rounds_done + ?,"
                           " kernel_s = kernel_s + ?, kernel_rounds = kernel_rounds + ?,"
                           " updated_at = ?, heartbeat_at = ? WHERE id = ?",
                           (rounds, this_run, kernel_s if timed else 0.0,
                            rounds if timed else 0, now, now, job_id))
        if key and not added and key not in self._blob_keys(job_id, index):
            self.store.remove([key])  # a blob no row names: the chunk was saved before
        return bool(added)

    def done_indices(self, job_id: str) -> set[int]:
        """Indices of the chunks whose results are saved."""
        return {r[0] for r in self._read("SELECT idx FROM chunks WHERE job_id = ?", (job_id,))}

    def partials(self, job_id: str, arrival: bool = False, skip: int = 0) -> list[dict]:
        """The saved partial results, in chunk order (or in the order they were saved).

        ``skip`` leaves out the first ones, e.g. those already read in arrival order.
        """
        order = "rowid" if arrival else "idx"
        rows = self._read(f"SELECT idx, partial, blob_key, blob_sha256 FROM chunks WHERE"
                          f" job_id = ? ORDER BY {order} LIMIT -1 OFFSET ?",
                          (job_id, max(0, int(skip))))
        return [self._partial(r, job_id) for r in rows]

    def indexed_partials(self, job_id: str) -> list[tuple[int, dict]]:
        """The saved partial results with their chunk indices, in chunk order."""
        rows = self._read("SELECT idx, partial, blob_key, blob_sha256 FROM chunks"
                          " WHERE job_id = ? ORDER BY idx", (job_id,))
        return [(r["idx"], self._partial(r, job_id)) for r in rows]

    def _partial(self, row, job_id: str) -> dict:
        """A chunk row's partial result: inline, or read from its blob and checked.

        Raises
        ------
        LedgerDamagedError
            When the inline JSON is damaged, or (:class:`~.blobs.BlobDamagedError`)
            the blob is missing or fails its checksum.
        """
        what = f"the saved result of chunk {row['idx']}"
        if row["blob_key"] is None:
            return self._json(row["partial"], job_id, what)
        data = BlobStore.get(job_id, row["blob_key"], row["blob_sha256"] or "")
        return self._json(data.decode("utf-8", errors="replace"), job_id, what)

    def _blob_keys(self, job_id: str, index: int | None = None) -> list[str]:
        """The blob keys the chunk rows of a job (or one chunk of it) name."""
        sql = "SELECT blob_key FROM chunks WHERE job_id = ? AND blob_key IS NOT NULL"
        if index is None:
            return [r[0] for r in self._read(sql, (job_id,))]
        return [r[0] for r in self._read(sql + " AND idx = ?", (job_id, index))]

    def answer_partials(self, job_id: str) -> list[dict]:
        """The saved partials that make a job's answer, in chunk order.

        All of them, except for a run that stopped early (``meta["stop"]``
        with a ``last_chunk``: a target met, a variant out of a race), whose
        later chunks finished but are not part of its answer.
        """
        meta = self.get(job_id)["meta"]
        last = (meta.get("stop") or {}).get("last_chunk")
        if last is None:
            return self.partials(job_id)
        return [p for i, p in self.indexed_partials(job_id) if i <= last]

    def update_meta(self, job_id: str, updates: dict) -> None:
        """Set keys of a job's metadata (e.g. the job layer's ``stop`` record)."""
        with self._write() as db:
            row = db.execute("SELECT meta FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                return
            meta = self._json(row["meta"], job_id, "its metadata")
            db.execute("UPDATE jobs SET meta = ?, updated_at = ? WHERE id = ?",
                       (json.dumps({**meta, **updates}), time.time(), job_id))

    def chunk_rows(self, job_id: str) -> list[dict]:
        """The saved chunks without their partials: index, run, worker, times, kernel time."""
        rows = self._read("SELECT idx, run, rounds, worker, started_at, finished_at, kernel_s"
                          " FROM chunks WHERE job_id = ? ORDER BY idx", (job_id,))
        return [dict(r) for r in rows]

    def timing(self, job_id: str) -> dict:
        """Where a job's time went, from its row and chunks (full id only).

        Returns
        -------
        dict
            ``wall_s`` (its runs' wall time [s], the current run's up to
            now), ``kernel_s`` and ``kernel_rounds`` (summed over the chunks
            with a kernel time), ``workers`` (distinct workers that ran its
            chunks) and ``startup_s`` (from the start of its last run to the
            first of that run's chunks entering the kernel [s], None when
            unknown).
        """
        job = self._read("SELECT state, runs, run_started_at, elapsed_s, kernel_s,"
                         " kernel_rounds FROM jobs WHERE id = ?", (job_id,))
        if not job:
            raise JobError(f"no job {job_id!r} in {self.path}")
        job = job[0]
        chunks = self._read(
            "SELECT COUNT(DISTINCT worker) AS workers, MIN(CASE WHEN run = ? THEN"
            " finished_at - kernel_s END) AS first_kernel FROM chunks WHERE job_id = ?",
            (job["runs"], job_id))[0]
        wall = job["elapsed_s"]
        if job["state"] in ACTIVE and job["run_started_at"]:
            wall += max(0.0, time.time() - job["run_started_at"])
        startup = None
        if chunks["first_kernel"] is not None and job["run_started_at"]:
            startup = max(0.0, chunks["first_kernel"] - job["run_started_at"])
        return {"wall_s": wall or None, "kernel_s": job["kernel_s"],
                "kernel_rounds": job["kernel_rounds"], "workers": chunks["workers"] or None,
                "startup_s": startup}

    def heartbeat(self, *job_ids: str) -> None:
        """Note that the jobs' owner is alive."""
        now = time.time()
        with self._write() as db:
            db.executemany("UPDATE jobs SET heartbeat_at = ? WHERE id = ?",
                           [(now, job_id) for job_id in job_ids])

    def finish(self, job_id: str, state: str, error: str | None = None,
               from_states: tuple[str, ...] = ACTIVE, owner_pid: int | None = None,
               end: float | None = None, early: bool = False) -> bool:
        """Move a job to a final state if it is in one of ``from_states``.

        COMPLETE is only reached when every chunk is saved, or with ``early``
        (a run that stopped at its target before its budget, see
        :mod:`.driver`). The time of the run ending (``end``, now by default)
        is added to ``elapsed_s``.

        Returns
        -------
        bool
            Whether the state changed.
        """
        now = time.time()
        end = now if end is None else end
        sql = ("UPDATE jobs SET state = ?, error = COALESCE(?, error), finished_at = ?,"
               " updated_at = ?, elapsed_s = elapsed_s + MAX(0, ? - COALESCE(run_started_at, ?))"
               f" WHERE id = ? AND state IN ({', '.join('?' * len(from_states))})")
        args = [state, error, end, now, end, end, job_id, *from_states]
        if state == COMPLETE and not early:
            sql += " AND chunks_done = chunks_total"
        if owner_pid is not None:
            sql += " AND owner_pid = ?"
            args.append(owner_pid)
        with self._write() as db:
            return bool(db.execute(sql, args).rowcount)

    def recover(self) -> list[str]:
        """Mark INTERRUPTED the active jobs whose owner process has died; their ids."""
        now = time.time()
        rows = self._read("SELECT id, owner_host, owner_pid, owner_started, heartbeat_at"
                          " FROM jobs WHERE state IN (?, ?)", ACTIVE)
        found = []
        for r in rows:
            owner = Owner(r["owner_host"] or "", r["owner_pid"] or 0, r["owner_started"] or 0.0)
            if owner.alive(r["heartbeat_at"], now):
                continue
            error = (f"the process that ran it (pid {owner.pid} on {owner.host}) "
                     "ended before it finished")
            if self.finish(r["id"], INTERRUPTED, error, owner_pid=owner.pid,
                           end=r["heartbeat_at"] or now):
                found.append(r["id"])
        return found

    def delete(self, job_id: str) -> None:
        """Remove a job and its chunks.

        Raises
        ------
        JobError
            For a job that is still PENDING or RUNNING (cancel it first).
        """
        full = self.resolve(job_id)
        blobs = self._blob_keys(full)
        with self._write() as db:
            row = db.execute("SELECT state FROM jobs WHERE id = ?", (full,)).fetchone()
            if row is None:  # readable (a shared project) but not ours to change
                raise JobError(f"job {full}: only its owner may delete it")
            state = row[0]
            if state in ACTIVE:
                raise JobError(f"job {full} is {state}: cancel it first")
            db.execute("DELETE FROM chunks WHERE job_id = ?", (full,))
            if not db.execute("DELETE FROM jobs WHERE id = ?", (full,)).rowcount:
                raise JobError(f"job {full}: only its owner may delete it")
        BlobStore.remove(blobs)


def repair_ledger(path: str | Path | None = None):
    """Move a damaged ledger aside and keep what can be read; a ``Repair``, or None if sound.

    See :func:`jost_engine.jobs.repair.repair_ledger`.
    """
    from .repair import repair_ledger as repair

    return repair(path)
