"""What the builder's text boxes accept, and the default label of a config.

Pure functions without widgets: ramps as people write them (``-99:1, 2:4, 3:8``
or JSON), and a label that says what a job plays (``6D S17 DAS 3:2 75% pen,
Hi-Lo I18+Fab4 1-12``).
"""

from __future__ import annotations

import json
import re

from jost_engine.errors import JostError

RAMP_HINT = ("count:units steps such as '-99:1, 2:4, 3:8, 5:12' (1 unit below +2, 4 from +2, "
             "...) or JSON [[-99, 1], [2, 4]]")
_SPREAD = re.compile(r"^\s*\d+(\.\d+)?\s*(-|to|x)\s*\d+(\.\d+)?\s*$")
_STEP = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*[:=]\s*(\d+(?:\.\d+)?)\s*$")

#: Display names of the shipped count systems and index-play sets, for labels.
COUNT_NAMES = {"hi-lo": "Hi-Lo", "ko": "KO", "hi-opt-1": "Hi-Opt I", "hi-opt-2": "Hi-Opt II",
               "omega-2": "Omega II", "zen": "Zen", "wong-halves": "Wong Halves",
               "custom": "custom count"}
DEVIATION_NAMES = {"illustrious18": "I18", "fab4": "Fab4"}


def parse_ramp(text: str, field: str = "betting.ramp") -> list[list[float]]:
    """A bet ramp typed as ``count:units`` steps or as JSON pairs.

    ``-99:1, 2:4, 3:8`` (commas, semicolons or spaces between steps) and
    ``[[-99, 1], [2, 4], [3, 8]]`` are the same ramp. A bare spread such as
    ``1-12`` is refused with what is expected, since it does not say at which
    counts the bets rise.

    Raises
    ------
    JostError
        Naming ``field``, with the spellings accepted.
    """
    raw = text.strip()
    if raw.startswith("["):
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise JostError(f"{field}: not valid JSON ({exc.msg}); give {RAMP_HINT}") from None
    if _SPREAD.match(raw):
        raise JostError(f"{field}: {raw!r} is a spread, not a ramp: say at which counts the "
                        f"bet rises, as {RAMP_HINT}")
    steps = [s for s in re.split(r"[,;\s]+(?=[-+]?\d)", raw) if s.strip()]
    pairs = []
    for step in steps:
        match = _STEP.match(step)
        if not match:
            raise JostError(f"{field}: cannot read {step.strip()!r}; give {RAMP_HINT}")
        pairs.append([_plain(float(match[1])), _plain(float(match[2]))])
    if not pairs:
        raise JostError(f"{field}: empty; give {RAMP_HINT}")
    return pairs


def _plain(value: float) -> float | int:
    return int(value) if value == int(value) else value


def show_ramp(ramp) -> str:
    """A ramp as ``count:units`` steps, e.g. ``-99:1, 2:4, 3:8``."""
    return ", ".join(f"{_plain(float(tc)):g}:{_plain(float(units)):g}" for tc, units in ramp)


def spread(ramp) -> str:
    """The bet spread of a ramp, e.g. ``1-12``; ``flat`` for a single bet."""
    units = [float(u) for _, u in ramp]
    low, high = min(units), max(units)
    return "flat" if low == high else f"{low:g}-{high:g}"


def describe_play(config: dict) -> str:
    """Count, index plays and spread of a hydrated config, e.g. ``Hi-Lo I18+Fab4 1-12``."""
    strategy, betting = config.get("strategy") or {}, config.get("betting") or {}
    count = strategy.get("count")
    bets = spread(betting.get("ramp") or [[-99, 1]])
    if not count:
        return f"basic strategy, {bets}" if bets == "flat" else f"basic strategy {bets}"
    words = [COUNT_NAMES.get(count["system"], count["system"])]
    deviations = strategy.get("deviations")
    if isinstance(deviations, str) and deviations not in ("", "none"):
        words.append("+".join(DEVIATION_NAMES.get(d, d) for d in deviations.split("+")))
    elif isinstance(deviations, list) and deviations:
        words.append(f"{len(deviations)} index plays")
    words.append(bets)
    if betting.get("wong_in") is not None:
        words.append(f"wong in {betting['wong_in']:+g}")
    if betting.get("wong_out") is not None:
        words.append(f"out {betting['wong_out']:+g}")
    return " ".join(words)


def default_label(config: dict) -> str:
    """The label of a hydrated config without one: its rules, then what it plays.

    ``config["label"]`` is the engine's rules label (e.g. ``6D S17 DAS 3:2
    75% pen``); the result reads ``6D S17 DAS 3:2 75% pen, Hi-Lo I18+Fab4 1-12``.
    """
    return f"{config['label']}, {describe_play(config)}"
