"""The gallery (notebooks/gallery/): each notebook opens with its question, has a papermill
``parameters`` cell whose ``size`` selects a small CI run, and ends with an answer whose
sentence quotes its figures as the one formatter writes them and states each verdict by the
1.96 SE rule (tests/gallery_checks.py).

The notebooks executed by ``make docs`` (docs/_build/jupyter_execute/gallery/) are checked
when they are there (CI runs this file again after ``make docs``); one notebook is run here
with papermill at CI size, so the parameter path is tested on every run.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from gallery_checks import answer_of, expected_words, problems

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "notebooks" / "gallery"
EXECUTED = ROOT / "docs" / "_build" / "jupyter_execute" / "gallery"
NOTEBOOKS = sorted(GALLERY.glob("*.ipynb"))


def test_the_gallery_has_at_least_ten_notebooks():
    """At least ten research notebooks."""
    assert len(NOTEBOOKS) >= 10, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_opens_with_a_question_and_has_a_size_parameter_and_an_answer(path):
    """First cell: a Markdown title that is a question; a cell tagged ``parameters`` that
    sets ``size`` (default from ``JOST_GALLERY_SIZE``, "full" without it); the last code
    cell builds an ``answers.answer``; no stored outputs (the docs build runs them)."""
    nb = nbformat.read(str(path), as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert first.source.splitlines()[0].rstrip().endswith("?")
    params = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1
    assert 'size = os.environ.get("JOST_GALLERY_SIZE", "full")' in params[0].source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "answers.answer(" in code[-1].source
    assert all(not c.get("outputs") for c in code), "commit the notebook without outputs"


def test_the_verdict_rule_of_the_checker_follows_the_convention():
    """The checker's own rule: resolved beyond 1.96 SE, else the rounds needed."""
    assert expected_words(0.02, 0.01, 1000, ["A", "B"]).startswith("resolved")
    assert expected_words(-0.02, 0.01, 1000, ["A", "B"]).endswith("B is higher")
    assert expected_words(0.019, 0.01, 1000, ["A", "B"]) == (
        "not resolved at 1,000 rounds (need about 1,100)")


def test_an_answer_that_calls_a_1_5_se_difference_resolved_is_caught():
    """A sentence whose verdict does not follow the figures fails the check."""
    diff = {"key": "advantage", "value": 0.003, "se": 0.002, "low": None, "high": None,
            "unit": "", "method": "", "why": None, "label": "difference in advantage"}
    answer = {"sentence": "X gains +0.30 % ± 0.20 %, resolved at 95 % confidence: X is higher",
              "figures": {}, "comparisons": {"x": {"diff": diff, "rounds": 1000,
                                                   "names": ["X", "Y"]}}}
    assert problems(answer)


@pytest.mark.slow
def test_one_notebook_run_by_papermill_at_ci_size_answers_from_its_figures(tmp_path):
    """papermill ``-p size ci`` runs the custom-count notebook; its answer follows its
    figures and was computed at the CI size (200,000 rounds)."""
    answer = run_at_ci_size("07-custom-count.ipynb", tmp_path)
    assert problems(answer) == []
    assert "200,000 rounds" in answer["sentence"]


def run_at_ci_size(name: str, tmp_path) -> dict:
    """Run a gallery notebook with papermill ``-p size ci`` in a fresh workspace; its answer."""
    import papermill

    out = tmp_path / name
    env = {"JOST_WORKSPACE": str(tmp_path / "ws")}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        papermill.execute_notebook(str(GALLERY / name), str(out), parameters={"size": "ci"},
                                   kernel_name="python3", cwd=str(GALLERY), start_timeout=120,
                                   progress_bar=False, log_output=False)
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return answer_of(out)


@pytest.mark.slow
def test_the_multiple_spots_notebook_answers_from_its_figures(tmp_path):
    """papermill at CI size (200,000 rounds a variant): the answer quotes every verdict as the
    1.96 SE rule gives it (two and three spots against one, on win rate and growth, and the
    optimiser's plan) and the SD per round of each, and names the optimiser's choice."""
    answer = run_at_ci_size("09-multiple-spots.ipynb", tmp_path)
    assert problems(answer) == []
    assert set(answer["comparisons"]) == {"win 2", "win 3", "growth 2", "growth 3",
                                          "optimiser"}
    assert "200,000 rounds" in answer["sentence"]
    assert "The optimiser's choice is " in answer["sentence"]


@pytest.mark.slow
def test_the_optimal_ramp_notebook_answers_from_its_figures(tmp_path):
    """papermill at CI size: the answer names what is optimised (growth at the bankroll), and
    quotes the growth and win-rate differences with their verdicts and both risks of ruin."""
    answer = run_at_ci_size("10-optimal-ramp.ipynb", tmp_path)
    assert problems(answer) == []
    assert set(answer["comparisons"]) == {"growth", "win rate"}
    assert answer["sentence"].startswith("Optimised for growth at 400 units")
    assert "200,000 rounds each on common shoes" in answer["sentence"]


@pytest.mark.slow
def test_the_cost_of_errors_notebook_answers_from_its_figures(tmp_path):
    """papermill at CI size (200,000 rounds a variant): the answer quotes the error-free
    advantage and, for each kind of error and for all of them together, its cost against
    the error-free run on common shoes with the verdict the 1.96 SE rule gives."""
    answer = run_at_ci_size("12-cost-of-errors.ipynb", tmp_path)
    assert problems(answer) == []
    assert set(answer["figures"]) == {"no errors"}
    assert set(answer["comparisons"]) == {
        "slip 1 %", "missed index 25 %", "wrong index 10 %", "bet step 10 %",
        "miscount 1 in 100", "decks read to 1 deck", "deck SD 0.5 + 0.1 a deck",
        "all of them"}
    assert all(c["diff"]["method"] == "paired (common shoes)"
               for c in answer["comparisons"].values())
    assert "200,000 rounds a variant" in answer["sentence"]


@pytest.mark.skipif(not EXECUTED.is_dir(),
                    reason="docs/_build/jupyter_execute/gallery is absent: run `make docs`")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_executed_by_make_docs_answers_from_its_figures(path):
    """The answer of each notebook as ``make docs`` ran it quotes its figures and verdicts."""
    executed = EXECUTED / path.name
    assert executed.is_file(), f"{executed} missing: the docs build did not run it"
    assert problems(answer_of(executed)) == []

