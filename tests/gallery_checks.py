"""Checks that a gallery notebook's answer sentence follows its figures (used by
tests/test_gallery.py on notebooks executed by papermill or by ``make docs``).

The verdict rule is written here again, on purpose, from the presentation convention
(not imported from ``jost_engine.analysis.estimates``): a difference is "resolved" only
when ``|diff| > 1.96 SE``; otherwise the words are "not resolved at N rounds (need about
M)" with ``M = N (1.96 SE / |diff|)^2`` rounded up to two significant digits.
"""

from __future__ import annotations

import math

import nbformat

from jost_engine.analysis import answers
from jost_engine.analysis import format as fmt

Z95 = 1.959963984540054


def answer_of(path) -> dict:
    """The answer data (:data:`answers.MIME`) of an executed notebook's outputs."""
    nb = nbformat.read(str(path), as_version=4)
    found = [out["data"][answers.MIME] for cell in nb.cells if cell.cell_type == "code"
             for out in cell.get("outputs", []) if answers.MIME in out.get("data", {})]
    assert len(found) == 1, f"{path}: {len(found)} answers in its outputs, expected 1"
    return found[0]


def _round_up(n: int) -> int:
    if n < 100:
        return n
    step = 10 ** (len(str(n)) - 2)
    return math.ceil(n / step) * step


def expected_words(value: float, se: float, rounds: int, names: list[str]) -> str:
    """The verdict the convention gives for a difference ``value`` ± ``se`` at ``rounds``."""
    if abs(value) > Z95 * se:
        return f"resolved at 95 % confidence: {names[0] if value > 0 else names[1]} is higher"
    if abs(value) < 1e-12:
        return f"no difference detectable at {rounds:,} rounds"
    need = math.ceil(rounds * (Z95 * se / abs(value)) ** 2)
    if need > 1e6 * rounds:
        return f"no difference detectable at {rounds:,} rounds"
    return f"not resolved at {rounds:,} rounds (need about {_round_up(need):,})"


def problems(answer: dict) -> list[str]:
    """Where an answer's sentence does not follow its figures (empty: it does)."""
    sentence = answer["sentence"]
    out = []
    if not answer["figures"] and not answer["comparisons"]:
        out.append("the answer quotes no figure")
    for name, data in answer["figures"].items():
        text = fmt.estimate(answers.estimate_from_dict(data))
        if text not in sentence:
            out.append(f"figure {name!r}: {text!r} not in the sentence")
    for name, comp in answer["comparisons"].items():
        diff = answers.estimate_from_dict(comp["diff"])
        if diff.value is None or diff.se is None:
            out.append(f"comparison {name!r}: no value or SE")
            continue
        words = expected_words(diff.value, diff.se, comp["rounds"], comp["names"])
        quoted = f"{fmt.estimate(diff, signed=True)}, {words}"
        if quoted not in sentence:
            out.append(f"comparison {name!r}: {quoted!r} not in the sentence")
    return out
