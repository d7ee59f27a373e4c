"""The study charts of jost_engine.analysis.study_figures, on a hand-written table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from jost_engine.analysis.study_figures import figure_by_field, figure_heatmap, ranked_variants


def table() -> pd.DataFrame:
    """Base + a 2 x 2 grid + one named variant, figures as a study's results hold them."""
    rows = [("base", "base", 0.75, "1-8", 0.004, 0.001),
            ("g1", "grid", 0.65, "1-8", -0.001, 0.001), ("g2", "grid", 0.65, "1-12", 0.002, 0.002),
            ("g3", "grid", 0.85, "1-8", 0.006, 0.001), ("g4", "grid", 0.85, "1-12", 0.011, 0.002),
            ("late surrender", "variant", 0.75, "1-8", 0.005, 0.001)]
    return pd.DataFrame(rows, columns=["variant", "kind", "rules.penetration", "betting.ramp",
                                       "advantage", "se_advantage"])


def test_figure_by_field_draws_one_line_per_value_of_the_second_field_with_se_bars():
    """Two ramps -> two lines over the grid's penetrations; y in % with its unit; titled."""
    fig = figure_by_field(table(), "rules.penetration", by="betting.ramp")
    ax = fig.axes[0]
    lines = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert len(lines) == 2
    assert np.allclose(lines[1].get_ydata(), [0.2, 1.1])
    assert ax.get_ylabel() == "Advantage [% of initial bets]"
    assert ax.get_xlabel() == "rules.penetration" and "±1 SE" in ax.get_title()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "betting.ramp = 1-8", "betting.ramp = 1-12"]


def test_heatmap_holds_each_grid_cell_with_its_se():
    """A 2 x 2 image of the grid rows only, each cell annotated value ± SE with the digits of
    the SE (2 significant figures), with a colour bar; the title says what the ± is."""
    fig = figure_heatmap(table(), "rules.penetration", "betting.ramp")
    ax = fig.axes[0]
    assert ax.get_images()[0].get_array().shape == (2, 2)
    assert "+1.10\n± 0.20" in [t.get_text() for t in ax.texts]
    assert "-0.10\n± 0.10" in [t.get_text() for t in ax.texts]
    assert fig.axes[1].get_ylabel() == "Advantage [% of initial bets]"
    assert "± is one standard error" in ax.get_title()


def test_heatmap_of_the_advantage_is_centred_on_zero_with_a_diverging_map():
    """Zero is the map's middle (white in RdBu); a small positive edge is blue, never red, and
    -x and +x are equally deep: the norm is symmetric about zero."""
    image = figure_heatmap(table(), "rules.penetration", "betting.ramp").axes[0].get_images()[0]
    assert image.cmap.name == "RdBu"
    assert abs(float(image.norm(0.0)) - 0.5) < 1e-12
    assert float(image.norm(0.17)) > 0.5 and float(image.norm(-0.1)) < 0.5
    assert abs(float(image.norm(0.5)) + float(image.norm(-0.5)) - 1.0) < 1e-12


def test_ranked_variants_orders_bars_with_one_se_error_bars():
    """Lowest first, best last (top); the title says what the bars are."""
    fig = ranked_variants(table())
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "g4"
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "g1"
    assert "± 1 SE" in ax.get_title() and ax.get_xlabel().startswith("Advantage")
