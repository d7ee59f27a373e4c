"""What ``jost`` prints: JSON, result summaries, table cells, a progress bar."""

from __future__ import annotations

import json
import math
import sys


def write_json(data) -> None:
    """``data`` as indented JSON on standard output."""
    json.dump(data, sys.stdout, indent=1)
    sys.stdout.write("\n")


def missing(value) -> bool:
    """Whether a table value is missing: None, NaN, NaT, pandas.NA, empty or infinite."""
    if value is None:
        return True
    try:
        # NaN and NaT are not equal to themselves; pandas.NA has no truth value at all
        return bool(value != value) or value == "" or (isinstance(value, float)
                                                      and math.isinf(value))
    except (TypeError, ValueError):
        return True


def cell(value, fmt: str = "{}") -> str:
    """A table cell: ``-`` for a missing value, else ``value`` through ``fmt``."""
    return "-" if missing(value) else fmt.format(value)


#: The rows of a result in the terminal: name, figure key, unit words after the figure.
SUMMARY_ROWS = (("player's advantage", "advantage", ""), ("house edge", "house_edge", ""),
                ("win per round", "ev_per_round", "units"),
                ("win rate", "win_rate_per_100", "units per 100 rounds"),
                ("win rate per hour", "win_rate_per_hour", "units per hour"),
                ("SD per round", "sd_per_round", "units"),
                ("SD per hour", "sd_per_hour", "units"),
                ("average bet", "avg_bet", "units"), ("DI", "di", ""), ("SCORE", "score", ""),
                ("N0 [rounds]", "n0", ""))
#: The rows of a result with several spots (betting.spots): per spot, and the round's spread.
SPOT_ROWS = (("spots per round", "spots_per_round", ""), ("win per spot", "ev_per_spot", "units"),
             ("variance of a spot", "var_spot", "bets²"),
             ("covariance, 2 spots", "cov_spots", "bets²"),
             ("correlation", "corr_spots", ""), ("variance of a round", "var_round", "bets²"))
#: The row of a Blackjack Switch result (rules.switch): the share of rounds switched.
SWITCH_ROWS = (("rounds switched", "switch_rate", ""),)
#: Figures printed as whole lines, their names carrying their conditions (bankroll, trip).
LINE_ROWS = ("ce", "ror", "ror_trip")


def _house_edge(advantage):
    from ..analysis.estimates import Estimate

    value = None if advantage.value is None else -advantage.value
    return Estimate("house_edge", value, advantage.se, unit=advantage.unit,
                    method=advantage.method, why=advantage.why)


def format_summary(summary: dict, label: str, config: dict | None = None,
                   figs: dict | None = None) -> str:
    """A readable summary of a result for the terminal: every figure ± 1 SE.

    Parameters
    ----------
    summary : dict
        The result's summary.
    label : str
        The first line.
    config : dict, optional
        The hydrated config (money unit, bankroll, trips).
    figs : dict, optional
        :func:`jost_engine.analysis.estimates.figures` of the result (computed when not given;
        :func:`format_result` passes :func:`~jost_engine.analysis.estimates.of_result`).
    """
    from ..analysis import estimates
    from ..analysis import format as fmt

    figs = dict(figs or estimates.figures(summary, config))
    figs["house_edge"] = _house_edge(figs["advantage"])
    unit = float(((config or {}).get("betting") or {}).get("unit") or summary.get("unit") or 1)
    lines = [label, f"  ({fmt.SE_NOTE}; {fmt.RANGE_NOTE})",
             f"  {'rounds':<20}{summary['rounds']:,}"]
    spots = figs.get("spots_per_round") is not None
    if spots:
        lines.append("  (every figure is per round of all the player's spots unless it says spot;"
                     " variances in one spot's initial bets squared)")
    for name, key, words in SUMMARY_ROWS + (SPOT_ROWS if spots else ()) + SWITCH_ROWS:
        e = figs.get(key)
        if e is None:
            continue
        text = fmt.estimate(e)
        if words and e.value is not None:
            text = _with_words(text, words)
        field = fmt.labels.FIELDS.get(key)
        if unit != 1 and field and field.money and e.value is not None:
            text += f" ({fmt.estimate(e, unit)})"
        lines.append(f"  {name:<20}{text}")
    for key in LINE_ROWS:
        e = figs.get(key)
        if e is not None and e.value is not None:
            text = fmt.line(e)
            if key == "ce":
                text = _with_words(text, "units per hour")
                text += f" ({fmt.estimate(e, unit)})" if unit != 1 else ""
            lines.append(f"  {text}")
        elif e is not None and key == "ror":
            lines.append(f"  risk of ruin: {fmt.estimate(e)}")
    from ..analysis.side_bet_figures import text_lines

    lines += text_lines(summary)
    speed = speed_line(summary)
    if speed:
        lines.append(f"  {'speed':<20}{speed}")
    from ..stopping import describe_stop  # the run's target SE (run.target_se), if any

    stop = describe_stop(summary)
    if stop:
        lines.append(f"  {stop}")
    return "\n".join(lines)


def _with_words(text: str, words: str) -> str:
    """``words`` after the value and its ``± SE``, before a range in brackets."""
    head, bracket, rest = text.partition(" (")
    return f"{head} {words}" + (f"{bracket}{rest}" if bracket else "")


def format_result(result, label: str) -> str:
    """:func:`format_summary` of a result, with its figures from
    :func:`jost_engine.analysis.estimates.of_result`."""
    from ..analysis import estimates

    return format_summary(result.summary, label, result.config, estimates.of_result(result))


def format_any(result, label: str) -> str:
    """A result of any simulation type for the terminal: its handler's own text when it
    offers one (:func:`jost_engine.registry.format_result`), else :func:`format_result`."""
    from .. import registry

    own = registry.format_result(registry.result_type(result), result, label)
    return format_result(result, label) if own is None else own


def result_json(result) -> dict:
    """A result as JSON: its ``to_dict()`` and ``estimates``, each figure's ``{value, se, low,
    high, unit, method, why, label, text}`` (:func:`jost_engine.analysis.format.to_json`)."""
    from .. import registry
    from ..analysis import estimates
    from ..analysis import format as fmt

    data = result.to_dict()
    if registry.result_type(result) == registry.DEFAULT_TYPE and "advantage" in (
            result.summary or {}):
        data["estimates"] = fmt.to_json(estimates.of_result(result))
    return data


def speed_line(summary: dict) -> str | None:
    """How fast a run was: the kernel's rate per worker core, then the wall time.

    E.g. ``14.80 M rounds/s per core in the kernel (2 workers); 20,000,000
    rounds in 3.1 s wall, start-up 1.9 s``; None without timing fields.
    """
    parts = []
    rate, workers = summary.get("kernel_rounds_per_s"), summary.get("workers")
    if rate:
        who = f"{workers} worker{'s' if workers != 1 else ''}" if workers else ""
        parts.append(f"{rate / 1e6:.2f} M rounds/s per core in the kernel"
                     + (f" ({who})" if who else ""))
    if summary.get("elapsed_s"):
        wall = f"{summary['rounds']:,} rounds in {summary['elapsed_s']:.1f} s wall"
        if summary.get("startup_s") is not None:
            wall += f", start-up {summary['startup_s']:.1f} s"
        parts.append(wall)
    return "; ".join(parts) or None


class Progress:
    """A tqdm progress bar of rounds on stderr, shown only when stderr is a terminal.

    Called as ``progress(done_rounds, total_rounds)``, the signature of
    :func:`jost_engine.run_simulation_from_config`'s ``progress``.
    """

    def __init__(self, stream=None, note: str | None = None):
        self.stream = stream or sys.stderr
        self.bar = None
        self.note = note  # shown before the bar until the first rounds are done

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=" rounds", unit_scale=True, file=self.stream,
                            disable=None, dynamic_ncols=True)
            if self.note:
                self.bar.set_description_str(self.note)
        if done and self.note:
            self.note = None
            self.bar.set_description_str("")
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.close()

    def close(self) -> None:
        """End the bar (its last line stays on the terminal)."""
        if self.bar is not None:
            self.bar.close()
