"""What ``jost`` prints: JSON, result summaries, table cells, a progress bar."""

from __future__ import annotations

import json
import math
import sys


def write_json(data) -> None:
    """``data`` as indented JSON on standard output."""
    json.dump(data, sys.stdout, indent=1)
    sys.stdout.write("\n")


def _missing(value) -> bool:
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
    return "-" if _missing(value) else fmt.format(value)


def format_summary(summary: dict, label: str) -> str:
    """A readable summary of a result for the terminal."""
    pct = 100.0
    lines = [
        label,
        f"  rounds            {summary['rounds']:,}",
        f"  advantage         {pct * summary['advantage']:+.4f} % "
        f"± {pct * summary['se_advantage']:.4f} % (1 SE)",
        f"  house edge        {pct * summary['house_edge']:+.4f} %",
        f"  EV per round      {summary['ev_per_round']:+.5f} units",
        f"  SD per round      {summary['sd_per_round']:.4f} units",
        f"  average bet       {summary['avg_bet']:.3f} units",
        f"  win rate          {summary['win_rate_per_hour']:+.3f} units/hour, "
        f"SD {summary['sd_per_hour']:.2f} units/hour",
    ]
    optional = [("DI", "di", "{:.2f}"), ("SCORE", "score", "{:.2f}"), ("N0", "n0", "{:,.0f}"),
                ("risk of ruin", "ror", "{:.2%}")]
    for name, key, fmt in optional:
        if summary.get(key) is not None:
            lines.append(f"  {name:<17} {fmt.format(summary[key])}")
    speed = speed_line(summary)
    if speed:
        lines.append(f"  speed             {speed}")
    from ..stopping import describe_stop  # the run's target SE (run.target_se), if any

    stop = describe_stop(summary)
    if stop:
        lines.append(f"  {stop}")
    return "\n".join(lines)


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
