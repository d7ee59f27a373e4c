"""Runs that stop at a target precision (``run.target_se``).

The rule, deterministic whatever ran the chunks and in whatever order they
finished: chunks are planned up to the budget (``run.max_rounds``); the
answer is the merge of chunks ``0..c*``, where ``c*`` is the first chunk
index at which the merged prefix ``0..c*`` has an SE of the advantage
(:func:`jost_engine.statistics.summarize`, ``se_advantage``) at or below
``run.target_se``. It is decided from a contiguous prefix of completed
chunks only, so neither timing nor the number of workers can move it;
chunks beyond ``c*`` that happened to finish are not merged (the summary
which of them did depends on timing, so the result does not count them;
the job layer lists them in the job's metadata). When no prefix meets the
target, the whole budget is merged and the summary says the budget was spent.

Bias: the stopping time depends on the data only through the SE, i.e.
through the spread of the results, not their mean. In a game whose
exact edge is known the mean of stopped estimates over many seeds stays
within its own SE of the exact value (``tests/test_target_se.py``); the SE
is computed per round (not from batches), so it is already precise after
one chunk.
"""

from __future__ import annotations

from .statistics import summarize
from .tally import Tally

PERCENT = 100.0  # target_se is in percentage points of the initial bet


def target_se(config: dict) -> float | None:
    """The target SE of a hydrated config [percentage points of the initial bet], or None."""
    return (config.get("run") or {}).get("target_se")


def budget_rounds(config: dict) -> int:
    """The rounds the plan covers: ``run.max_rounds`` with a target, else ``run.rounds``."""
    run = config["run"]
    if run.get("target_se") is not None and run.get("max_rounds") is not None:
        return int(run["max_rounds"])
    return int(run["rounds"])


def prefix_se(tally: Tally) -> float:
    """The SE of the advantage of a merged tally [percentage points]; 0 when undefined."""
    return PERCENT * summarize(tally, 100.0, None)["se_advantage"]


def meets(se: float, target: float) -> bool:
    """Whether an SE [pp] reaches the target: defined (above 0) and at or below it."""
    return 0.0 < se <= target


class PrefixStop:
    """Follow a run's chunks in chunk order and find where their SE first meets the target.

    Tallies may be added in any order; they are merged only along the
    contiguous prefix ``0, 1, 2, ...``, and the first prefix whose SE
    reaches the target fixes :attr:`stop_index` for good.

    Parameters
    ----------
    target : float
        The target SE [percentage points of the initial bet].
    """

    def __init__(self, target: float):
        self.target = float(target)
        self.stop_index: int | None = None
        self.se: float | None = None  # SE of the prefix so far [pp]
        self._next = 0
        self._prefix = Tally()
        self._waiting: dict[int, Tally] = {}

    @property
    def reached(self) -> bool:
        """Whether a prefix has met the target."""
        return self.stop_index is not None

    @property
    def prefix_chunks(self) -> int:
        """Chunks merged into the prefix so far (``c* + 1`` once reached)."""
        return self._next

    def add(self, index: int, tally: Tally) -> bool:
        """Add chunk ``index``'s tally; whether the target is met (now or before)."""
        if self.reached or index < self._next:
            return self.reached
        self._waiting[index] = tally
        while not self.reached and self._next in self._waiting:
            self._prefix = self._prefix.merged(self._waiting.pop(self._next))
            self.se = prefix_se(self._prefix)
            if meets(self.se, self.target):
                self.stop_index = self._next
                self._waiting.clear()
            self._next += 1
        return self.reached

    def add_partial(self, index: int, partial: dict) -> bool:
        """:meth:`add` for a partial saved as JSON (:meth:`Tally.to_dict`)."""
        if self.reached or index < self._next:
            return self.reached
        return self.add(index, Tally.from_dict(partial))


def stopper(config: dict) -> PrefixStop | None:
    """A :class:`PrefixStop` for a config with ``run.target_se``; None without one."""
    target = target_se(config)
    return None if target is None else PrefixStop(target)


def stopped_tallies(config: dict, tallies: list[Tally], plan_chunks: int
                    ) -> tuple[list[Tally], dict]:
    """The tallies to merge under the stopping rule, and the summary fields that say why.

    Parameters
    ----------
    config : dict
        The hydrated config; without ``run.target_se`` every tally is kept.
    tallies : list of Tally
        One per chunk, in any order.
    plan_chunks : int
        Chunks in the whole plan (the budget).

    Returns
    -------
    (list of Tally, dict)
        The tallies of chunks ``0..c*`` (all of them when no prefix meets
        the target), and ``stopped`` ("target", "budget" or "incomplete":
        the target not met and chunks of the budget missing),
        ``target_se`` [pp] and ``max_rounds``; {} without a target. Chunks
        after ``c*`` that were given are left out and not counted (how many
        ran depends on timing; the result must not).
    """
    target = target_se(config)
    if target is None:
        return tallies, {}
    ordered = sorted(tallies, key=lambda t: t.chunks[0] if t.chunks else -1)
    rule = PrefixStop(target)
    for tally in ordered:
        if rule.add(tally.chunks[0], tally):
            break
    fields = {"target_se": target, "max_rounds": budget_rounds(config)}
    if not rule.reached:
        done = len({t.chunks[0] for t in ordered})
        fields["stopped"] = "budget" if done >= plan_chunks else "incomplete"
        return ordered, fields
    fields["stopped"] = "target"
    return [t for t in ordered if t.chunks[0] <= rule.stop_index], fields


def describe_stop(summary: dict) -> str | None:
    """Why a run with a target SE stopped, in words; None for a run without one.

    E.g. ``stopped at the target SE 0.020 % after 23,400,000 rounds`` or
    ``budget of 50,000,000 rounds spent; SE 0.031 %, above the target 0.020 %``.
    """
    how = summary.get("stopped")
    if how is None:
        return None
    target = summary["target_se"]
    se = PERCENT * summary["se_advantage"]
    rounds = summary.get("rounds_dealt", summary["rounds"])
    if how == "target":
        return (f"stopped at the target SE {target:.3f} % after {rounds:,} rounds "
                f"(SE {se:.3f} %)")
    if how == "budget":
        return (f"budget of {summary['max_rounds']:,} rounds spent; SE {se:.3f} %, "
                f"above the target {target:.3f} %")
    return (f"not finished: {rounds:,} of up to {summary['max_rounds']:,} rounds; "
            f"SE {se:.3f} %, above the target {target:.3f} %")
