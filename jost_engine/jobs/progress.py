"""How far a job has got: chunks, rounds, speed and time left, from its ledger row."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .. import registry
from .ledger import COMPLETE, RUNNING


def format_duration(seconds: float | None) -> str:
    """``1:02:03``, ``2:03`` or ``?`` for a duration [s]."""
    if seconds is None:
        return "?"
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe(state: str, parts: str, rounds_done: int, rounds_total: int,
             rounds_per_s: float | None, time_left_s: float | None) -> str:
    """One line of progress, e.g. ``RUNNING 3/10 chunks, 1,500/5,000 rounds (30.0%),
    12.40 M rounds/s, 0:03 left``; ``parts`` says what is counted (``3/10 chunks``)."""
    fraction = rounds_done / rounds_total if rounds_total else 1.0
    text = f"{state} {parts}, {rounds_done:,}/{rounds_total:,} rounds ({fraction:.1%})"
    if rounds_per_s:
        text += f", {rounds_per_s / 1e6:.2f} M rounds/s"
    if time_left_s is not None:
        text += f", {format_duration(time_left_s)} left"
    return text


def stop_note(simulation_type: str, config: dict) -> dict:
    """Metadata that marks a job whose run may stop before its plan (``{}`` for others).

    Its ``stop`` record says "up to" in the progress; the driver fills in
    where the run stopped (:meth:`~.driver.Driver._finish_early`).
    """
    if registry.stopper(simulation_type, config) is None:
        return {}
    return {"stop": {"reason": None}}


def chunk_words(done: int, total: int, stop: dict | None, state: str) -> str:
    """``3/10 chunks``; ``3/up to 10 chunks`` for a run that may stop early, and
    ``24 chunks (target met; budget 100)`` once it has."""
    if stop is None:
        return f"{done}/{total} chunks"
    if stop.get("reason") == "target":
        extra = len(stop.get("discarded_chunks", []))
        left = f", {extra} more finished, not merged" if extra else ""
        return f"{stop['chunks']} chunks (target met; budget {total}{left})"
    if state == COMPLETE:
        return f"{done}/{total} chunks (budget spent)"
    return f"{done}/up to {total} chunks"


@dataclass(frozen=True)
class Progress:
    """A job's progress.

    Attributes
    ----------
    state : str
        PENDING, RUNNING, COMPLETE, FAILED, CANCELLED or INTERRUPTED.
    chunks_done, chunks_total : int
        Chunks whose results are saved, and all chunks of the job.
    rounds_done, rounds_total : int
        The same in rounds.
    rounds_per_s : float or None
        Speed of the current (or last) run [rounds/s]: the rounds it
        finished over its wall time, start-up (cluster start, the kernel's
        compile) included; the kernel's own rate is in the job's timing
        (:attr:`~jost_engine.jobs.job.Job.timing`).
    time_left_s : float or None
        Estimated wall time to the end [s], while RUNNING at a known speed
        (to the end of the budget for a run that may stop early).
    stop : dict or None
        For a run that may stop at a precision, the job's ``meta["stop"]``
        (:func:`stop_note`): its chunk and round totals are then a budget.
    """

    state: str
    chunks_done: int
    chunks_total: int
    rounds_done: int
    rounds_total: int
    rounds_per_s: float | None
    time_left_s: float | None
    stop: dict | None = None

    @classmethod
    def from_row(cls, row: dict, now: float | None = None) -> Progress:
        """The progress of a ledger row (see :class:`~jost_engine.jobs.ledger.Ledger`)."""
        now = time.time() if now is None else now
        end = row["finished_at"] if row["state"] != RUNNING else now
        rate = None
        if row["run_started_at"] and end and row["run_rounds_done"]:
            wall = end - row["run_started_at"]
            rate = row["run_rounds_done"] / wall if wall > 0 else None
        left = None
        if row["state"] == RUNNING and rate:
            left = (row["rounds_total"] - row["rounds_done"]) / rate
        meta = row.get("meta")
        stop = meta.get("stop") if isinstance(meta, dict) else None
        return cls(row["state"], row["chunks_done"], row["chunks_total"], row["rounds_done"],
                   row["rounds_total"], rate, left, stop)

    @property
    def fraction(self) -> float:
        """Share of the rounds done, 0 to 1 (1 for a run that stopped at its target)."""
        if self.state == COMPLETE:
            return 1.0
        return self.rounds_done / self.rounds_total if self.rounds_total else 1.0

    def __str__(self) -> str:
        if self.stop and self.stop.get("rounds") is not None:  # stopped early: its answer
            chunks = chunk_words(self.chunks_done, self.chunks_total, self.stop, self.state)
            return (f"{self.state} {chunks}, {self.stop['rounds']:,} rounds of a budget of "
                    f"{self.rounds_total:,}")
        return describe(self.state, chunk_words(self.chunks_done, self.chunks_total,
                                                self.stop, self.state),
                        self.rounds_done, self.rounds_total, self.rounds_per_s,
                        self.time_left_s)
