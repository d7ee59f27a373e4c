"""The layers of design.md, checked on the source: imports point down only.

The core (config, strategy, kernel, tallies, statistics, the simulation)
and the exact analysis are pure: they read no environment variable and
write no file, and the exact analysis, which the core uses for the basic
chart, imports nothing of the core modules above it. Imports are read with
:mod:`ast` (top-level and inside functions alike).
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "jost_engine"

# the pure core: modules and packages (every module inside) of jost_engine
CORE = ("__init__", "cards", "config", "data", "errors", "messages", "strategy", "prepare",
        "simulation", "statistics", "result", "tally", "testing", "registry", "fidelity",
        "kernel", "exact", "batches")
# the core modules that use the exact analysis, and what stands above the core
ABOVE_EXACT = ("prepare", "simulation", "result", "statistics", "tally", "testing",
               "registry", "fidelity", "profiles", "chart_cache", "analysis", "jobs",
               "reports", "cli", "cli_exact", "cli_jobs", "cli_reports")


def module_name(path: Path) -> str:
    """``jost_engine.exact.generate`` for jost_engine/exact/generate.py."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_core(name: str) -> bool:
    parts = name.split(".")
    return len(parts) == 1 or parts[1] in CORE


def imports_of(path: Path) -> set[str]:
    """The jost_engine modules a file imports, anywhere in it, as absolute names."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("jost_engine")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = ".".join(base[:len(base) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if not target.startswith("jost_engine"):
                continue
            found.add(target)
            # `from . import simulation` names a module
            found |= {f"{target}.{a.name}" for a in node.names
                      if (PACKAGE.parent / f"{target}.{a.name}".replace(".", "/")).with_suffix(
                          ".py").exists()}
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_the_exact_analysis_imports_no_module_that_imports_it():
    """No jost_engine.exact module imports the core modules that use it, nor anything above."""
    above = {f"jost_engine.{m}" for m in ABOVE_EXACT}
    bad = {name: sorted(i for i in imported if ".".join(i.split(".")[:2]) in above)
           for name, imported in graph().items() if name.startswith("jost_engine.exact")}
    assert {name: found for name, found in bad.items() if found} == {}


def test_the_core_import_graph_has_no_cycle():
    """Core modules (package __init__ files aside) import each other one way only."""
    edges = {name: {i for i in imported if is_core(i) and i != "jost_engine"}
             for name, imported in graph().items()
             if is_core(name) and name != "jost_engine"}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])


def test_no_core_module_reads_the_environment():
    """No core module reads os.environ or calls os.getenv (the outer layers do)."""
    readers = []
    for path in PACKAGE.rglob("*.py"):
        if not is_core(module_name(path)):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")) or (
                    isinstance(node, ast.alias) and node.name in ("environ", "getenv")):
                readers.append(f"{module_name(path)}:{node.lineno}")
    assert readers == []


def test_importing_the_exact_analysis_loads_no_simulation():
    """A fresh ``import jost_engine.exact`` leaves the simulation, kernel loop and pandas out."""
    code = ("import sys, json, jost_engine.exact\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('jost_engine.')"
            " or m == 'pandas')))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                       text=True, check=True).stdout)
    assert not {"jost_engine.simulation", "jost_engine.prepare", "jost_engine.kernel.rounds",
                "pandas"} & set(loaded)


def test_a_basic_chart_simulation_without_a_cache_writes_no_file(tmp_path, monkeypatch):
    """chart "basic", no chart store: generated in memory; the workspace stays empty."""
    from jost_engine.simulation import run_simulation_from_config

    generate = importlib.import_module("jost_engine.exact.generate")
    monkeypatch.setattr(generate, "_CHARTS", {})  # as in a new process
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    monkeypatch.setenv("JOST_WORKSPACE", str(workspace))
    monkeypatch.delenv("JOST_EXACT_CACHE", raising=False)
    monkeypatch.chdir(workspace)
    result = run_simulation_from_config({"rules": {"decks": 3}, "strategy": {"chart": "basic"},
                                         "run": {"rounds": 2000, "chunk_rounds": 1000}})
    assert result.summary["rounds"] == 2000
    assert list(workspace.iterdir()) == []
    assert len(generate._CHARTS) == 1  # it was generated here, in memory


def test_a_chart_cache_given_to_the_simulation_is_the_only_file_written(tmp_path):
    """With a ChartCache the chart is written there, and the run plays the same chart."""
    from jost_engine.chart_cache import ChartCache
    from jost_engine.simulation import run_simulation_from_config

    config = {"rules": {"decks": 3}, "strategy": {"chart": "basic"},
              "run": {"rounds": 2000, "chunk_rounds": 1000}}
    cache = ChartCache(tmp_path / "charts")
    cached = run_simulation_from_config(config, charts=cache)
    assert [p.name for p in (tmp_path / "charts").iterdir()] == [cache.path(config["rules"]).name]
    assert cached.tally.to_dict() == run_simulation_from_config(config).tally.to_dict()


def test_validating_a_basic_config_generates_no_chart(monkeypatch):
    """validate() keeps "basic" a name: the chart is made only where a run needs it."""
    from jost_engine.simulation import validate

    generate = importlib.import_module("jost_engine.exact.generate")
    monkeypatch.setattr(generate, "_CHARTS", {})
    data = validate({"rules": {"decks": 3, "surrender": "late"},
                     "strategy": {"chart": "basic", "count": {"system": "hi-lo"},
                                  "deviations": "illustrious18+fab4"},
                     "run": {"rounds": 1000}})
    assert data["strategy"]["chart"] == "basic"
    assert generate._CHARTS == {}
