"""One study of a ledger, followed from any process: :class:`Study` and its progress.

>>> study = Study.submit(spec)                 # which cluster: jost_engine.jobs.connect
>>> study.progress                             # doctest: +SKIP
>>> study.results()                            # doctest: +SKIP

Every property reads the ledger, so a study driven by another process
(``jost study submit``) is followed the same way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd

from ..config import check_job_meta
from ..jobs.ledger import ACTIVE, RUNNING
from ..jobs.progress import describe
from ..jobs.study_records import study_state
from .expand import expand
from .racing import race_params
from .results import rows_frame, study_rows
from .spec import parse_spec

POLL_S = 0.2


@dataclass(frozen=True)
class StudyProgress:
    """How far a study has got.

    Attributes
    ----------
    state : str
        Read from its jobs (see :func:`~jost_engine.jobs.study_records.study_state`).
    variants_done, variants : int
        Variants COMPLETE, and all of them.
    rounds_done, rounds_total : int
        Rounds saved, and of the whole study.
    rounds_per_s : float or None
        Speed of the current (or last) run of its jobs together [rounds/s].
    time_left_s : float or None
        Estimated wall time to the end [s], while running.
    """

    state: str
    variants_done: int
    variants: int
    rounds_done: int
    rounds_total: int
    rounds_per_s: float | None
    time_left_s: float | None

    @classmethod
    def from_rows(cls, rows: list[dict], now: float | None = None) -> StudyProgress:
        """The progress of a study's job rows (:meth:`Ledger.study_jobs`)."""
        now = time.time() if now is None else now
        state = study_state(r["state"] for r in rows)
        # the current (or last) run: from the earliest start among the running jobs
        running = [r for r in rows if r["state"] == RUNNING] or rows
        start = min((r["run_started_at"] for r in running if r["run_started_at"]), default=None)
        ended = [r["finished_at"] for r in rows if r["finished_at"]]
        end = now if state == RUNNING else max(ended, default=None)
        run_rounds = sum(r["run_rounds_done"] for r in rows
                         if start and r["run_started_at"] and r["run_started_at"] >= start)
        rate = None
        if start and end and run_rounds and end > start:
            rate = run_rounds / (end - start)
        done = sum(r["rounds_done"] for r in rows)
        total = sum(r["rounds_total"] for r in rows)
        left = (total - done) / rate if state == RUNNING and rate else None
        return cls(state, sum(r["state"] == "COMPLETE" for r in rows), len(rows), done, total,
                   rate, left)

    @property
    def fraction(self) -> float:
        """Share of the rounds done, 0 to 1 (1 for a complete study: a race stops early)."""
        if self.state == "COMPLETE":
            return 1.0
        return self.rounds_done / self.rounds_total if self.rounds_total else 1.0

    def __str__(self) -> str:
        return describe(self.state, f"{self.variants_done}/{self.variants} variants",
                        self.rounds_done, self.rounds_total, self.rounds_per_s,
                        self.time_left_s)


class Study:
    """One study of a ledger, followed through a job manager.

    Parameters
    ----------
    manager : JobManager
    study_id : str
        Its id (or a unique prefix).
    """

    def __init__(self, manager, study_id: str):
        self.manager = manager
        self.id = manager.ledger.resolve_study(study_id)

    @classmethod
    def create(cls, spec: dict, manager) -> Study:
        """Expand and validate every variant, then record the study, not started.

        Raises
        ------
        StudyError
            For a bad spec or variant, naming the variant and the field;
            nothing is recorded then.
        """
        checked = parse_spec(spec)
        meta = check_job_meta(checked.project, checked.tags)
        rows = expand(checked)
        job_metas = [{"variant": r.name, "kind": r.kind, "fields": r.fields} for r in rows]
        if checked.race is not None:
            params = race_params(checked.race, [r.config for r in rows])
            job_metas = [{**m, "race": params, "stop": {"reason": None}} for m in job_metas]
        study_id = manager.create_study(checked.label, spec, [r.config for r in rows], meta,
                                        job_metas)
        return cls(manager, study_id)

    @classmethod
    def submit(cls, spec: dict, manager) -> Study:
        """Create the study and start it on the manager's cluster; returns at once."""
        study = cls.create(spec, manager)
        manager.start_study(study.id)
        return study

    # -- reading ---------------------------------------------------------------------------

    @property
    def info(self) -> dict:
        """The study's record: ``label``, ``spec``, ``meta``, ``created_at``."""
        return self.manager.ledger.study(self.id)

    def job_rows(self) -> list[dict]:
        """Its jobs' ledger rows, base first (finds the jobs whose process died)."""
        self.manager.ledger.recover()
        return self.manager.ledger.study_jobs(self.id)

    @property
    def status(self) -> str:
        """PENDING, RUNNING, COMPLETE, FAILED, CANCELLED or INTERRUPTED, from its jobs."""
        return study_state(r["state"] for r in self.job_rows())

    @property
    def progress(self) -> StudyProgress:
        """Variants and rounds done, speed [rounds/s] and time left [s]."""
        return StudyProgress.from_rows(self.job_rows())

    def wait(self, timeout: float | None = None, every=None) -> str:
        """Wait until no job of the study is active; its final state.

        Parameters
        ----------
        timeout : float, optional
            At most this long [s].
        every : callable, optional
            Called with the :class:`StudyProgress` at each poll (a progress bar).

        Raises
        ------
        TimeoutError
            When it is still running after ``timeout`` seconds.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            progress = self.progress
            if every is not None:
                every(progress)
            if progress.state not in ACTIVE:
                return progress.state
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"study {self.id} is still {progress.state} after "
                                   f"{timeout} s")
            time.sleep(POLL_S)

    def results(self, exact: bool = True) -> pd.DataFrame:
        """The tidy table: one row per variant, base first (see :mod:`.results`)."""
        return rows_frame(self.rows(exact))

    def rows(self, exact: bool = True) -> list[dict]:
        """The table's rows as JSON-ready dicts."""
        return study_rows(self.manager.ledger, self.id, exact)

    # -- acting ----------------------------------------------------------------------------

    def cancel(self) -> int:
        """Cancel every active variant; how many were active."""
        return self.manager.cancel_study(self.id)

    def resume(self) -> Study:
        """Run the missing chunks of every variant that is not COMPLETE."""
        self.manager.resume_study(self.id)
        return self

    def __repr__(self) -> str:
        return f"<Study {self.id}: {self.progress}>"
