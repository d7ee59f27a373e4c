"""Shared fixtures: a fixed explicit basic chart, and one cache of generated charts."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
CHART_4D_S17 = json.loads((DATA / "chart_4d_s17.json").read_text(encoding="utf-8"))


@pytest.fixture
def chart() -> dict:
    """A fresh copy of the standard 4-8 deck S17 basic chart (tests/data)."""
    return copy.deepcopy(CHART_4D_S17)


@pytest.fixture
def make_config(chart):
    """Factory of small configs playing the explicit chart of :func:`chart`."""

    def make(rules: dict | None = None, **sections) -> dict:
        config = {"rules": {"decks": 6, **(rules or {})},
                  "strategy": {"chart": chart},
                  "run": {"rounds": 20_000, "seed": 7, "chunk_rounds": 5_000}}
        for name, value in sections.items():
            config[name] = {**config.get(name, {}), **value}
        return config

    return make


@pytest.fixture(scope="session", autouse=True)
def shared_exact_cache(tmp_path_factory):
    """One disk cache of generated charts for the whole session (``$JOST_EXACT_CACHE``).

    ``strategy.chart: "basic"`` is generated for the rules (about a second per
    rule set) and tests give each job a workspace of its own; the workspace
    chart cache of the outer layers (:func:`jost_engine.chart_cache.workspace_charts`,
    used by the job client in test processes and job runners) reads this
    variable, so each rule set is written to disk once per session. The core
    itself never reads it (in-process runs generate in memory).
    """
    patch = pytest.MonkeyPatch()
    patch.setenv("JOST_EXACT_CACHE", str(tmp_path_factory.mktemp("exact-cache")))
    yield
    patch.undo()


def pytest_collection_modifyitems(items):
    """Mark ``cluster`` every test that takes the session's Dask cluster (the ``cluster``
    fixture of tests/jobs_fixtures.py, or one built on it such as ``manager``), so a new
    test on it is left out of ``make test-quick`` without being marked by hand."""
    for item in items:
        if "cluster" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.cluster)


def pytest_runtest_setup(item):
    """Skip a test marked ``ssh`` when no OpenSSH server is installed (the reason says how)."""
    if item.get_closest_marker("ssh") and not _sshd():
        pytest.skip("ssh: no OpenSSH server here (apt-get install openssh-server "
                    "openssh-client; .ci/run does)")


def _sshd() -> str | None:
    """The ``sshd`` program and an ``ssh`` client, or None when one is missing."""
    import shutil

    found = shutil.which("sshd") or next(
        (p for p in ("/usr/sbin/sshd", "/usr/local/sbin/sshd") if Path(p).exists()), None)
    return found if found and shutil.which("ssh") and shutil.which("ssh-keygen") else None
