"""The studies of a ledger: a study record and the jobs tied to it, read and written in bulk.

A study (``jost_engine.studies``) is a batch of jobs: one row of the
``studies`` table (id, label, spec, metadata, created) and its jobs, each
with ``study_id`` and its position ``study_pos`` (0 is the base). The
study's state is not stored: it is read from its jobs' states
(:func:`study_state`), so the recovery of a job whose process died
(:meth:`Ledger.recover`) is the study's recovery too. Every bulk change here
is one transaction, so a study of thousands of variants is recorded,
claimed or cancelled in one write.

Mixed into :class:`~jost_engine.jobs.ledger.Ledger`, whose connections and
transactions it uses.
"""

from __future__ import annotations

import json
import time
import uuid

from ..errors import JobError
from .owner import Owner
from .states import ACTIVE, CANCELLED, COMPLETE, FAILED, INTERRUPTED, PENDING, RUNNING


def study_state(states) -> str:
    """A study's state from its jobs' states.

    RUNNING while any job runs (PENDING while some wait and none runs);
    COMPLETE when all are; else FAILED, INTERRUPTED or CANCELLED, the first
    of these that any job is in.
    """
    states = set(states)
    if RUNNING in states:
        return RUNNING
    if PENDING in states:
        return PENDING
    if not states or states == {COMPLETE}:
        return COMPLETE
    for state in (FAILED, INTERRUPTED, CANCELLED):
        if state in states:
            return state
    return INTERRUPTED


class StudyRecords:
    """Study records and bulk job changes (a mixin of :class:`Ledger`)."""

    def create_study(self, label: str, spec: dict, meta: dict, jobs: list[dict],
                     owner: Owner) -> tuple[str, list[str]]:
        """Record a study and its jobs, all PENDING, in one transaction.

        Parameters
        ----------
        label : str
        spec : dict
            The study spec as the user gave it (JSON).
        meta : dict
            ``project``, ``tags`` and other JSON metadata.
        jobs : list of dict
            Each with the arguments of :meth:`Ledger.create`: ``config``,
            ``simulation_type``, ``label``, ``meta``, ``chunks_total``,
            ``rounds_total``; in the study's order.
        owner : Owner

        Returns
        -------
        tuple
            The study's id and its jobs' ids, in order.
        """
        while True:
            study_id = "s" + uuid.uuid4().hex[:9]
            try:
                with self._write() as db:
                    db.execute("INSERT INTO studies (id, label, spec, meta, created_at,"
                               " project) VALUES (?, ?, ?, ?, ?, ?)",
                               (study_id, label, json.dumps(spec), json.dumps(meta), time.time(),
                                meta.get("project")))
                    ids = [self._insert_job(db, j["config"], j["simulation_type"], j["label"],
                                            j["meta"], j["chunks_total"], j["rounds_total"],
                                            owner, (study_id, position))
                           for position, j in enumerate(jobs)]
                return study_id, ids
            except self._integrity_errors():  # a random id drawn twice: draw them all again
                continue

    def resolve_study(self, study_id: str) -> str:
        """The full id of a study given by its id or a unique prefix of it."""
        if not isinstance(study_id, str) or not study_id:
            raise JobError("study id: must be a non-empty string")
        pattern = study_id.replace("%", "\\%").replace("_", "\\_") + "%"
        ids = [r[0] for r in self._read("SELECT id FROM studies WHERE id = ? OR id LIKE ?"
                                        " ESCAPE '\\' LIMIT 2", (study_id, pattern))]
        if study_id in ids:
            return study_id
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise JobError(f"no study {study_id!r} in {self.path}")
        raise JobError(f"study id {study_id!r} is ambiguous: give more characters")

    def study(self, study_id: str) -> dict:
        """A study's record: ``id``, ``label``, ``spec`` and ``meta`` (dicts), ``created_at``."""
        full = self.resolve_study(study_id)
        row = dict(self._read("SELECT * FROM studies WHERE id = ?", (full,))[0])
        for field in ("spec", "meta"):
            try:
                row[field] = json.loads(row[field])
            except (TypeError, ValueError) as exc:
                raise self.damaged(f"study {full}: its {field} is not JSON: {exc}") from None
        return row

    def study_jobs(self, study_id: str) -> list[dict]:
        """The jobs of a study in its order (base first), without configs, meta as dicts."""
        from .ledger import SUMMARY_COLUMNS

        rows = self._read(f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM jobs WHERE study_id = ?"
                          " ORDER BY study_pos", (study_id,))
        out = [dict(r) for r in rows]
        for row in out:
            try:
                row["meta"] = json.loads(row["meta"])
            except (TypeError, ValueError):
                row["meta"] = {}
        return out

    def study_configs(self, study_id: str) -> dict[str, dict]:
        """Job id -> complete config, of every job of a study (one query)."""
        out = {}
        for r in self._read("SELECT id, config FROM jobs WHERE study_id = ?", (study_id,)):
            try:
                out[r["id"]] = json.loads(r["config"])
            except (TypeError, ValueError) as exc:
                raise self.damaged(f"its config is not JSON: {exc}", r["id"]) from None
        return out

    def study_done_indices(self, study_id: str) -> dict[str, set[int]]:
        """Job id -> indices of its saved chunks, of every job of a study (one query)."""
        out: dict[str, set[int]] = {}
        for r in self._read("SELECT c.job_id, c.idx FROM chunks c JOIN jobs j ON j.id = c.job_id"
                            " WHERE j.study_id = ?", (study_id,)):
            out.setdefault(r[0], set()).add(r[1])
        return out

    def studies(self) -> list[dict]:
        """Every study, newest first, with its jobs' counts by state and rounds."""
        rows = self._read(
            "SELECT s.id, s.label, s.meta, s.created_at, COUNT(j.id) AS variants,"
            " SUM(j.rounds_done) AS rounds_done, SUM(j.rounds_total) AS rounds_total,"
            " GROUP_CONCAT(DISTINCT j.state) AS states,"
            " SUM(CASE WHEN j.state = 'COMPLETE' THEN 1 ELSE 0 END) AS variants_done"
            " FROM studies s LEFT JOIN jobs j ON j.study_id = s.id"
            " GROUP BY s.id ORDER BY s.created_at DESC")
        out = []
        for r in rows:
            row = dict(r)
            try:
                row["meta"] = json.loads(row["meta"])
            except (TypeError, ValueError):
                row["meta"] = {}
            row["state"] = study_state((row.pop("states") or "").split(",") if row["variants"]
                                       else [])
            out.append(row)
        return out

    def claim_many(self, job_ids: list[str], owner: Owner, from_states: tuple[str, ...],
                   run_chunks: dict[str, int], scheduler: str | None = None,
                   dashboard: str | None = None) -> dict[str, int]:
        """Start a run of each job in one of ``from_states`` (one transaction); job -> run.

        Jobs in another state (a COMPLETE variant, say) are left alone and
        not in the answer.
        """
        now = time.time()
        runs = {}
        with self._write() as db:
            for job_id in job_ids:
                row = db.execute("SELECT state, runs FROM jobs WHERE id = ?",
                                 (job_id,)).fetchone()
                if row is None or row["state"] not in from_states:
                    continue
                runs[job_id] = row["runs"] + 1
                db.execute(
                    "UPDATE jobs SET state = ?, error = NULL, runs = ?, run_chunks = ?,"
                    " run_rounds_done = 0, run_started_at = ?, finished_at = NULL,"
                    " updated_at = ?, heartbeat_at = ?, owner_host = ?, owner_pid = ?,"
                    " owner_started = ?, scheduler = ?, dashboard = ?,"
                    " started_at = COALESCE(started_at, ?) WHERE id = ?",
                    (RUNNING, runs[job_id], run_chunks[job_id], now, now, now, owner.host,
                     owner.pid, owner.started, scheduler, dashboard, now, job_id))
        return runs

    def reserve_many(self, job_ids: list[str], owner: Owner,
                     from_states: tuple[str, ...]) -> list[str]:
        """Take the jobs in one of ``from_states`` for a run to come (PENDING, owned); their ids.

        Raises
        ------
        JobError
            When one of the jobs is already PENDING or RUNNING (nothing is changed).
        """
        now = time.time()
        taken = []
        with self._write() as db:
            for job_id in job_ids:
                state = db.execute("SELECT state FROM jobs WHERE id = ?", (job_id,)).fetchone()
                if state is None:
                    continue
                if state[0] in ACTIVE:
                    raise JobError(f"job {job_id} is already running ({state[0]})")
                if state[0] in from_states:
                    taken.append(job_id)
            db.executemany("UPDATE jobs SET state = ?, error = NULL, finished_at = NULL,"
                           " updated_at = ?, heartbeat_at = ?, owner_host = ?, owner_pid = ?,"
                           " owner_started = ? WHERE id = ?",
                           [(PENDING, now, now, owner.host, owner.pid, owner.started, j)
                            for j in taken])
        return taken

    def set_owners(self, job_ids: list[str], owner: Owner) -> None:
        """Hand PENDING jobs to another process (the one that will drive them)."""
        now = time.time()
        with self._write() as db:
            db.executemany("UPDATE jobs SET owner_host = ?, owner_pid = ?, owner_started = ?,"
                           " heartbeat_at = ? WHERE id = ? AND state = ?",
                           [(owner.host, owner.pid, owner.started, now, j, PENDING)
                            for j in job_ids])

    def finish_many(self, job_ids: list[str], state: str, error: str | None = None,
                    from_states: tuple[str, ...] = ACTIVE) -> list[str]:
        """Move to ``state`` the jobs in one of ``from_states`` (one transaction); their ids.

        Not for COMPLETE (see :meth:`Ledger.finish`, which checks the chunks).
        """
        if state == COMPLETE:
            raise ValueError("finish_many does not complete jobs; use Ledger.finish")
        now = time.time()
        marks = ", ".join("?" * len(from_states))
        changed = []
        with self._write() as db:
            for job_id in job_ids:
                if db.execute(
                        "UPDATE jobs SET state = ?, error = COALESCE(?, error), finished_at = ?,"
                        " updated_at = ?, elapsed_s = elapsed_s + MAX(0, ? - COALESCE("
                        f"run_started_at, ?)) WHERE id = ? AND state IN ({marks})",
                        (state, error, now, now, now, now, job_id, *from_states)).rowcount:
                    changed.append(job_id)
        return changed
