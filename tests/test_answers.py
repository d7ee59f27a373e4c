"""jost_engine.analysis.answers: an answer's sentence must quote its figures as the one
formatter writes them and each comparison with the verdict of the 1.96 SE rule."""

from __future__ import annotations

import pytest

from jost_engine.analysis import answers
from jost_engine.analysis import format as fmt
from jost_engine.analysis.estimates import Estimate

EDGE = Estimate("advantage", 0.0078, 0.0011)
DIFF = Estimate("advantage", 0.0030, 0.0010)  # 3 SE: resolved
SMALL = Estimate("advantage", 0.0015, 0.0010)  # 1.5 SE: not resolved


def test_an_answer_quoting_its_figure_and_comparison_is_accepted_and_carries_them_as_data():
    """The sentence quotes ``fmt.estimate`` of the figure and the comparison's text; the
    MIME bundle has the Markdown and the figures as JSON."""
    comp = answers.Comparison(DIFF, 1_000_000, ("A", "B"))
    sentence = f"A has {fmt.estimate(EDGE)}, ahead of B by {comp.text}."
    answer = answers.answer("Which?", sentence, {"edge": EDGE}, {"A vs B": comp})
    bundle = answer._repr_mimebundle_()
    assert bundle["text/markdown"].startswith("**Answer.** A has +0.78 % ± 0.11 %")
    data = bundle[answers.MIME]
    assert data["figures"]["edge"]["text"] == "+0.78 % ± 0.11 %"
    assert data["comparisons"]["A vs B"]["words"] == "resolved at 95 % confidence: A is higher"
    assert answers.estimate_from_dict(data["figures"]["edge"]) == EDGE


def test_a_sentence_with_a_figure_written_otherwise_is_refused_naming_the_figure():
    """A value written with other digits than the formatter's is refused."""
    with pytest.raises(ValueError, match="figure 'edge'"):
        answers.answer("Which?", "A has +0.780 % ± 0.110 %.", {"edge": EDGE})


def test_a_difference_within_1_96_se_reads_not_resolved_with_the_rounds_needed():
    """1.5 SE at 1,000,000 rounds: not resolved, need about (1.96 / 1.5)^2 N = 1.71 M."""
    comp = answers.Comparison(SMALL, 1_000_000, ("A", "B"))
    assert comp.words == "not resolved at 1,000,000 rounds (need about 1,800,000)"
    with pytest.raises(ValueError, match="comparison 'A vs B'"):
        answers.answer("Which?", "A beats B, resolved at 95 % confidence.", {},
                       {"A vs B": comp})
