"""The ``baccarat`` report template (entry point group ``jost.reports``)."""

from __future__ import annotations

from pathlib import Path

from jost_engine.errors import ReportError
from jost_engine.reports.templates import Template

NOTEBOOK = Path(__file__).resolve().parent / "notebooks" / "report_baccarat.ipynb"


def check(values: dict) -> None:
    """Refuse, before the notebook starts, rounds or decks it would fail on."""
    rounds = values.get("rounds")
    if not isinstance(rounds, int) or isinstance(rounds, bool) or rounds < 1000:
        raise ReportError(f"rounds: must be an integer of at least 1000, got {rounds!r}")
    decks = values.get("decks")
    if not isinstance(decks, list) or not decks or not all(
            isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 8 for d in decks):
        raise ReportError(f"decks: must be a list of deck numbers from 1 to 8, got {decks!r}")


BACCARAT = Template("baccarat", NOTEBOOK,
                    "baccarat: every bet's house edge, exact beside simulated, by number of "
                    "decks (a study), and the Dragon 7 / Panda 8 counters' win rates",
                    (), None, check)
