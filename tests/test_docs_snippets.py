"""Every ```python block of README.md and docs/*.md runs, so the docs cannot rot.

The blocks of one file run in order in one namespace (a later block may use
what an earlier one defined), in a scratch folder and workspace. A block that
cannot run here (it needs a Dask cluster, SSH hosts, a queue, or ids of a
real ledger) is skipped by a marker on the line just before its fence::

    <!-- not run: REASON -->

Simulations are kept cheap: ``jost_engine.run_simulation_from_config`` is
replaced, for the snippets only, by one that plays at most :data:`CAP` rounds
in chunks of at most :data:`CAP` (profile names hydrated first).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

import jost_engine

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARKER = re.compile(r"^<!-- not run: .+ -->$")
FENCE = re.compile(r"^```python\s*$")
CAP = 20_000


def python_blocks(text: str) -> list[tuple[int, str, bool]]:
    """The ```python blocks of a Markdown text: ``(line number, source, runnable)``."""
    lines = text.splitlines()
    blocks, k = [], 0
    while k < len(lines):
        if FENCE.match(lines[k]):
            start = k + 1
            end = next(j for j in range(start, len(lines)) if lines[j].startswith("```"))
            runnable = not (k > 0 and MARKER.match(lines[k - 1].strip()))
            blocks.append((start + 1, "\n".join(lines[start:end]) + "\n", runnable))
            k = end
        k += 1
    return blocks


def test_python_blocks_finds_blocks_and_the_skip_marker():
    """A block after the marker comment is not runnable; other blocks are."""
    text = "x\n```python\na = 1\n```\n<!-- not run: needs a cluster -->\n```python\nb\n```\n"
    assert python_blocks(text) == [(3, "a = 1\n", True), (7, "b\n", False)]


@pytest.fixture
def cheap_simulations(monkeypatch, tmp_path):
    """A scratch folder and workspace, and simulations capped at CAP rounds."""
    from jost_engine.profiles import hydrate
    from jost_engine.simulation import run_simulation_from_config as real

    def capped(config, *args, **kwargs):
        config = hydrate(copy.deepcopy(config))
        run = config["run"] = dict(config.get("run") or {})
        run["rounds"] = min(run.get("rounds", CAP), CAP)
        run["chunk_rounds"] = min(run.get("chunk_rounds", CAP), CAP)
        return real(config, *args, **kwargs)

    monkeypatch.setattr(jost_engine, "run_simulation_from_config", capped, raising=False)
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_runnable_python_block_runs(path, cheap_simulations):
    """Each runnable ```python block of the file runs without an error."""
    namespace = {"__name__": "__docs__"}
    for line, source, runnable in python_blocks(path.read_text(encoding="utf-8")):
        if runnable:
            exec(compile(source, f"{path.name}:{line}", "exec"), namespace)  # noqa: S102


#: Words addressed to the project's developers rather than its users.
DEVELOPER_NOTES = re.compile(
    r"\bissue \d+|\bissue #\d+|\bsession \d+|\bTODO\b|\bFIXME\b|\bXXX\b|\bI (?:did|stopped|think)\b"
    r"|\bother (?:helpers|sessions)\b|\bthe lead\b|\bon the `?\w+`? branch\b")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_docs_hold_no_notes_for_developers(path):
    """No issue numbers, session talk, TODOs or first-person notes in the user docs."""
    found = [f"{path.name}:{k}: {line.strip()}"
             for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if DEVELOPER_NOTES.search(line)]
    assert not found, "\n".join(found)
