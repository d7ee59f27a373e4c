"""Rule effects of the game report: exact differences, simulated ones from one study beside them."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from jost_engine import reports
from jost_engine.analysis import effects, figures
from jost_engine.exact import exact_ev
from jost_engine.reports import game, rule_changes

#: Published exact effects off the top of 6D S17 DAS (issue #11), in % of the initial bet.
PUBLISHED = {"late surrender": 0.073, "8 decks": -0.027, "double on 10-11 only": -0.192}


@pytest.fixture(scope="module")
def base_and_changes():
    base = game("vegas-strip-6d-s17", 1000, 1)["rules"]
    changes = {k: v for k, v in rule_changes(base).items() if k in PUBLISHED}
    return base, changes


@pytest.fixture(scope="module")
def table(base_and_changes):
    """Exact effects of three changes, with made-up simulations: one resolved, one not,
    one missing."""
    base, changes = base_and_changes
    simulated = pd.DataFrame({"change": ["late surrender", "8 decks"],
                              "effect": [0.0009, 0.0018], "se_effect": [0.0002, 0.0010]})
    return effects.rule_effects(base, changes, simulated)


def test_exact_effects_are_differences_of_exact_evs(base_and_changes, table):
    """``exact_effect`` is ``exact_ev(changed) - exact_ev(base)`` (``ev_td``) to 1e-9, and
    matches the published figures to 0.001 %."""
    base, changes = base_and_changes
    base_ev = exact_ev(base)["ev_td"]
    assert list(table["change"]) == list(changes)
    for row in table.itertuples():
        assert row.exact_effect == pytest.approx(exact_ev(changes[row.change])["ev_td"]
                                                 - base_ev, abs=1e-9)
        assert 100 * row.exact_effect == pytest.approx(PUBLISHED[row.change], abs=1e-3)


def test_every_simulated_effect_is_shown_with_its_interval_and_whether_it_resolves_the_sign(
        table):
    """Each simulated effect with an SE is shown (late surrender and 8 decks), as
    ``effect ± 1 SE`` by the one formatter; one whose 95 % interval reaches past zero (8 decks:
    SE 0.1 %, effect 0.027 %) says its sign is not resolved at 95 %; double on 10-11 (not
    simulated) has no point."""
    rows = table.set_index("change")
    assert rows.loc["late surrender", "simulated_shown"]
    assert rows.loc["late surrender", "ci_half_width"] == pytest.approx(1.959964 * 0.0002)
    assert rows.loc["8 decks", "simulated_shown"]
    assert not rows.loc["double on 10-11 only", "simulated_shown"]
    assert math.isnan(rows.loc["double on 10-11 only", "simulated_effect"])
    people = effects.shown(table)
    assert list(people.index) == ["double on 10-11 only", "late surrender", "8 decks"]
    assert list(people.iloc[:, 0]) == ["-0.192", "+0.073", "-0.027"]
    assert list(people.iloc[:, 1]) == ["not simulated", "+0.090 % ± 0.020 %",
                                       "+0.18 % ± 0.10 % (sign not resolved at 95 %)"]
    assert effects.resolved(-0.002, 0.001) and not effects.resolved(0.001, 0.001)
    assert not effects.resolved(0.5, math.nan)


def test_the_figure_draws_exact_bars_signed_labels_axis_labels_and_resolved_points(table):
    """Bars are the exact effects in %, labelled with their sign; the axes have a title and
    labels with units; one error-bar point per shown simulated effect, at its value."""
    fig = figures.rule_effects(table)
    (ax,) = fig.axes
    assert ax.get_title()
    assert "[% of the initial bet]" in ax.get_xlabel()
    assert ax.get_ylabel()
    bars = ax.containers[0]
    assert [b.get_width() for b in bars] == pytest.approx(list(100 * table["exact_effect"]))
    labels = [t.get_text() for t in ax.texts]
    assert labels == [f"{100 * e:+.3f} %" for e in table["exact_effect"]]
    (points,) = [line for line in ax.lines if line.get_marker() == "o"]
    assert list(points.get_xdata()) == pytest.approx([0.09, 0.18])
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [
        "exact, off the top", "simulated, error bars ± 1 SE"]


#: Slack of the agreement between simulated and exact effects [fraction of the initial bet]:
#: 0.005 percentage points, for the exact analysis's approximation of splits (docs/exact.md).
SLACK = 0.00005


@pytest.fixture(scope="module")
def default_game_report(tmp_path_factory):
    """The game report at its default size (10 M rounds for each of its 9 variants), in the
    kernel; the same numbers as on Dask."""
    root = tmp_path_factory.mktemp("effects")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOST_REPORTS", str(root / "reports"))
        patch.setenv("JOST_WORKSPACE", str(root / "workspace"))
        yield reports.run_report("game", in_process=True)


@pytest.mark.slow  # 9 variants x 10 M rounds in the kernel
@pytest.mark.statistical
def test_every_simulated_effect_is_within_3_paired_se_of_the_exact_one_at_the_default_size(
        default_game_report):
    """At the report's default size, every rule change's simulated effect (a paired difference
    off the top, from one study on common shoes) is within 3 paired SE + 0.005 pp of its exact
    effect; and each SE is a paired one: at most half the SE of independent runs."""
    numbers = default_game_report.numbers
    assert default_game_report.summary["parameters"]["rounds"] == reports.template_parameters(
        reports.get("game"))["rounds"]["default"]
    changes = [k.removeprefix("exact effect: ") for k in numbers if k.startswith("exact effect")]
    assert len(changes) == 7
    for change in changes:
        exact = numbers[f"exact effect: {change}"]
        simulated = numbers[f"simulated effect: {change}"]
        se = numbers[f"paired SE: {change}"]
        assert abs(simulated - exact) <= 3 * se + SLACK, (change, simulated, exact, se)
        assert 0 < se <= numbers[f"unpaired SE: {change}"] / 2, change
