"""The layers above the core ask the registry, never the blackjack type, for a second game.

Two guards: the import graph (nothing in jost_engine or jost_widgets imports the
baccarat package, and the package imports only the generic parts of jost_engine),
and a run of baccarat through ``jost run``, the jobs layer (on an in-thread Dask
cluster, so the patches reach the workers), ``jost result``, a study, the report's
Simulator and the Result tab with every blackjack entry point patched to raise.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from baccarat_helpers import PLUGIN, baccarat_config

pytest_plugins = ["baccarat_fixtures"]
ROOT = Path(__file__).resolve().parent.parent
#: What the plug-in may use of jost_engine: the registry, errors and messages, the random
#: generator, numba's cache guard (it knows no game), the one formatter and estimates, the
#: report template class.
ALLOWED = {"jost_engine.registry", "jost_engine.errors", "jost_engine.messages",
           "jost_engine.kernel.rng", "jost_engine.kernel.cache_guard", "jost_engine.analysis",
           "jost_engine.analysis.format",
           "jost_engine.analysis.estimates", "jost_engine.reports.templates"}


def imported(path: Path) -> set[str]:
    """Absolute module names a file imports (relative imports are the file's own package)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return found


def test_nothing_in_jost_engine_or_the_widgets_imports_the_baccarat_package():
    for folder in ("jost_engine", "jost_widgets"):
        for path in (ROOT / folder).rglob("*.py"):
            assert not any(m.startswith("jost_baccarat") for m in imported(path)), path


def test_the_baccarat_package_imports_only_generic_parts_of_jost_engine():
    for path in (PLUGIN / "jost_baccarat").glob("*.py"):
        used = {m for m in imported(path) if m.startswith("jost_engine")}
        modules = {m for m in used if m in ALLOWED or m.rpartition(".")[0] not in ALLOWED}
        assert modules <= ALLOWED, (path, modules - ALLOWED)


def _raise(*args, **kwargs):
    raise AssertionError("a blackjack entry point was reached for a baccarat config")


@pytest.fixture
def no_blackjack(monkeypatch, baccarat_plugin):
    """Every blackjack entry point of the core and of the views raises when called."""
    import jost_engine.simulation as simulation
    from jost_engine import exact, tally
    from jost_engine.analysis import estimates
    from jost_engine.cli import output

    for name in ("validate", "plan", "run_chunk", "run_chunk_timed", "worker_config",
                 "result_of", "run_simulation_from_config", "prepare"):
        if hasattr(simulation, name):
            monkeypatch.setattr(simulation, name, _raise)
    monkeypatch.setattr(exact, "exact_ev", _raise)
    monkeypatch.setattr(tally.Tally, "from_dict", classmethod(_raise))
    monkeypatch.setattr(estimates, "of_result", _raise)
    monkeypatch.setattr(output, "format_summary", _raise)
    monkeypatch.setattr("jost_engine.warm.compile_notice", _raise)


def test_jost_run_in_process_and_json_reach_no_blackjack_code(no_blackjack, tmp_path, capsys,
                                                              monkeypatch):
    from jost_engine.cli import main

    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path))
    path = tmp_path / "b.json"
    path.write_text(json.dumps(baccarat_config(20_000, 10_000)), encoding="utf-8")
    assert main(["run", str(path), "--in-process"]) == 0
    text = capsys.readouterr().out
    assert "Dragon 7 house edge" in text and "± is one standard error" in text
    assert main(["run", str(path), "--in-process", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["rounds"] == 20_000


def test_a_job_study_report_and_result_tab_reach_no_blackjack_code(no_blackjack, tmp_path,
                                                                    capsys, monkeypatch):
    from distributed import Client

    from jost_engine.cli import main
    from jost_engine.jobs import JobManager
    from jost_engine.reports.study_runs import run_here
    from jost_engine.reports.work import Simulator
    from jost_widgets.result_view import ResultView

    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path))
    with Client(processes=False, n_workers=1, threads_per_worker=1,
                dashboard_address=None) as client, JobManager(
            client=client, ledger=tmp_path / "jobs.sqlite") as manager:
        job = manager.submit(baccarat_config(20_000, 10_000))
        result = job.result(timeout=120)
        assert main(["result", job.id]) == 0
        assert "Banker house edge" in capsys.readouterr().out
        assert main(["status", job.id]) == 0
        view = ResultView()
        view.show_job(manager.job(job.id))
        assert "Panda 8 house edge" in view.summary.value
    assert result.summary["rounds"] == 20_000
    spec = {"label": "decks", "base": baccarat_config(20_000, 10_000),
            "variants": {"6 decks": {"rules.decks": 6}}}
    frame = run_here(spec).frame
    assert list(frame["rules.decks"]) == [8, 6]
    assert frame["exact_ev_td"].notna().all()
    simulated = Simulator(in_process=True).run(baccarat_config(10_000, 10_000))
    assert simulated.summary["rounds"] == 10_000
