"""One label for one game: the default label is decided by jost_engine.config.default_label.

The same game, given by profile names (``jost run``, reports), as full
sections (the Build tab's config) or validated in Python, gets the same
label, and ``jost jobs``, the Jobs tab and a report's config show it.
"""

from __future__ import annotations

import copy

import pytest

from jost_engine.cli import main
from jost_engine.config import default_label, validate_config
from jost_engine.jobs import JobManager
from jost_engine.profiles import hydrate
from jost_engine.reports.work import prepare

NAMED = {"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18-fab4", "betting": "spread-1-12",
         "run": {"rounds": 1000, "chunk_rounds": 1000}}
LABEL = "6D S17 DAS 3:2 75% pen, Hi-Lo I18+Fab4 1-12"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("JOST_SCHEDULER", raising=False)
    return tmp_path


def test_the_same_game_by_names_by_sections_or_in_python_has_one_label(workspace):
    """Profile names, hydrated sections and validate_config give the label default_label
    gives: the rules, then count, index plays and spread."""
    sections = hydrate(copy.deepcopy(NAMED))
    assert "label" not in sections, "hydration leaves the label to default_label"
    assert default_label(sections) == LABEL
    assert validate_config(sections).label == LABEL
    assert validate_config(hydrate(copy.deepcopy(NAMED))).label == LABEL
    assert prepare(copy.deepcopy(NAMED), 1000, 1)["label"] == LABEL  # a report's config
    assert default_label({**sections, "label": "mine"}) == LABEL, "its own label is ignored"
    assert validate_config({**sections, "label": "mine"}).label == "mine"


def test_jobs_list_and_jobs_tab_show_the_default_label_for_either_spelling(workspace, capsys):
    """A job recorded from profile names and one from full sections carry the same label in
    the ledger; ``jost jobs`` prints it on both rows and the Jobs tab shows it."""
    manager = JobManager()
    named = manager.create(copy.deepcopy(NAMED))
    built = manager.create(hydrate(copy.deepcopy(NAMED)))
    assert manager.ledger.get(named)["label"] == manager.ledger.get(built)["label"] == LABEL
    assert main(["jobs"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.endswith(LABEL)]
    assert len(rows) == 2
    from jost_widgets import JobHistory

    history = JobHistory(manager)
    assert {history.rows[i].cells["label"].value.split("<br>")[0]
            for i in (named, built)} == {LABEL}


def test_the_build_tab_uses_the_same_default_label():
    """The Build tab's placeholder label comes from jost_engine.config.default_label."""
    from jost_widgets import builder

    assert builder.default_label is default_label
