"""numba's on-disk cache never serves a kernel compiled from older sources (kernel/cache_guard.py).

numba reads ``NUMBA_CACHE_DIR`` when it is imported, so every run here is a
subprocess with its own cache folder under ``tmp_path`` and its own copy of
the sources, which the tests then edit. A toy package (a cached function
taking a constant from another module) shows the stale value numba serves
without the guard and the fresh one with it; a copy of ``jost_engine``
shows the same for the kernel, which is compiled once (about 30 s).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import jost_engine
from jost_engine.exact import dealer
from jost_engine.kernel import cache_guard, rounds, truecount

TOY_LOOP = """\
from numba import njit

from .consts import STEP


@njit(cache=True)
def scaled(x):
    return x * STEP
"""

TOY_RUN = """\
import json, os, sys
{patch}
from jost_engine.kernel import cache_guard
import toy.loop as loop
fn = loop.scaled
folder = fn._cache.cache_path
at_start = sorted(os.listdir(folder))
value = fn(2)
print(json.dumps({{"outcome": cache_guard._guarded.get("toy.loop"), "value": value,
                   "hits": sum(fn.stats.cache_hits.values()),
                   "misses": sum(fn.stats.cache_misses.values()),
                   "at_start": at_start, "folder": folder}}))
"""

UNLINK_FAILS = """\
def _refuse(path, *args, **kwargs):
    raise PermissionError(13, "Permission denied", path)
os.unlink = _refuse
"""

SOURCES_UNREADABLE = """\
from jost_engine.kernel import cache_guard as _guard
def _refuse(module_name, module_file):
    raise PermissionError(13, "Permission denied", module_file)
_guard.source_digest = _refuse
"""

KERNEL_RUN = """\
import json, os, sys
from jost_engine import warm
from jost_engine.kernel import cache_guard, rounds
from jost_engine.kernel.truecount import count_table
folder = rounds.play_chunk._cache.cache_path
at_start = {name: os.stat(os.path.join(folder, name)).st_mtime_ns
            for name in os.listdir(folder)}
kernel, signature = warm.kernel_signature(warm.kernel_inputs())
out = {"guarded": cache_guard._guarded, "at_start": at_start, "folder": folder,
       "cached": warm.kernel_cached(kernel, signature),
       "count_table_hits": sum(count_table.stats.cache_hits.values()),
       "count_table_misses": sum(count_table.stats.cache_misses.values())}
if sys.argv[1] == "warm":
    out["compiled"] = warm.warm()[0]
    out["kernel_hits"] = sum(kernel.stats.cache_hits.values())
print(json.dumps(out))
"""


def _run(code: str, src: Path, cache: Path, *args: str) -> dict:
    """Run ``code`` in a new Python with ``src`` first on the path and ``cache`` as numba's.

    This tree's ``jost_engine`` follows ``src`` (a copy of it in ``src`` comes first).
    """
    path = os.pathsep.join([str(src), str(Path(jost_engine.__file__).parent.parent)])
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache), PYTHONPATH=path,
               PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, timeout=600, check=False, cwd=cache.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _toy(tmp_path: Path, guarded: bool) -> Path:
    """A package ``toy`` whose cached ``scaled`` multiplies by ``consts.STEP`` (3)."""
    package = tmp_path / "src" / "toy"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "consts.py").write_text("STEP = 3\n")
    guard = "\n\nfrom jost_engine.kernel.cache_guard import guard\n\nguard(__name__)\n"
    (package / "loop.py").write_text(TOY_LOOP + (guard if guarded else ""))
    return tmp_path / "src"


def _toy_run(src: Path, cache: Path, patch: str = "") -> dict:
    return _run(TOY_RUN.format(patch=patch), src, cache)


def test_without_the_guard_numba_serves_the_stale_constant(tmp_path):
    """The failure the guard exists for: numba only stamps the file defining the function."""
    src = _toy(tmp_path, guarded=False)
    first = _toy_run(src, tmp_path / "cache")
    (src / "toy" / "consts.py").write_text("STEP = 50\n")
    second = _toy_run(src, tmp_path / "cache")
    assert (first["value"], first["misses"]) == (6, 1)
    assert (second["value"], second["hits"]) == (6, 1)  # stale: STEP is 50 now


def test_guard_recompiles_after_an_imported_module_changed(tmp_path):
    """A changed constant module clears the cache; an unchanged tree keeps it."""
    src, cache = _toy(tmp_path, guarded=True), tmp_path / "cache"
    first = _toy_run(src, cache)
    again = _toy_run(src, cache)
    (src / "toy" / "consts.py").write_text("STEP = 50\n")
    changed = _toy_run(src, cache)
    assert (first["outcome"], first["value"], first["misses"]) == ("fresh", 6, 1)
    assert (again["outcome"], again["value"], again["hits"]) == ("fresh", 6, 1)
    assert (changed["outcome"], changed["value"], changed["misses"]) == ("cleared", 100, 1)
    assert not [n for n in changed["at_start"] if n.endswith((".nbi", ".nbc"))]
    assert "loop.jost-digest" in changed["at_start"]


def test_missing_digest_clears_only_the_modules_files(tmp_path):
    """Cache files without a digest are deleted; other files of the folder are left alone."""
    src, cache = _toy(tmp_path, guarded=True), tmp_path / "cache"
    folder = Path(_toy_run(src, cache)["folder"])
    (folder / "loop.jost-digest").unlink()
    others = ["consts.other-1.py311.nbi", "loopy.scaled-4.py311.nbi", "notes.txt"]
    for name in others:
        (folder / name).write_text("not ours")
    run = _toy_run(src, cache)
    assert (run["outcome"], run["value"], run["misses"]) == ("cleared", 6, 1)
    assert sorted(others) == sorted(n for n in os.listdir(folder) if n in others)
    assert (folder / "loop.jost-digest").read_text().strip() == (
        cache_guard.source_digest("toy.loop", str(src / "toy" / "loop.py")))


def test_undeletable_cache_compiles_without_it(tmp_path):
    """Stale files that cannot be deleted: no crash, the fresh value, nothing loaded from disk."""
    src, cache = _toy(tmp_path, guarded=True), tmp_path / "cache"
    folder = Path(_toy_run(src, cache)["folder"])
    saved = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    (src / "toy" / "consts.py").write_text("STEP = 50\n")
    run = _toy_run(src, cache, patch=UNLINK_FAILS)
    assert (run["outcome"], run["value"], run["hits"], run["misses"]) == ("disabled", 100, 0, 1)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == saved  # nothing saved


def test_unreadable_sources_compile_without_the_cache(tmp_path):
    """A digest that cannot be made (sources unreadable) turns the cache off, no crash."""
    src, cache = _toy(tmp_path, guarded=True), tmp_path / "cache"
    _toy_run(src, cache)
    run = _toy_run(src, cache, patch=SOURCES_UNREADABLE)
    assert (run["outcome"], run["value"], run["hits"]) == ("disabled", 6, 0)


def test_every_module_with_cached_functions_is_guarded():
    """Each module of jost_engine defining ``@njit(cache=True)`` functions calls the guard."""
    root = Path(jost_engine.__file__).parent
    cached = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py")
                    if re.search(r"^@njit\(.*cache=True", p.read_text(encoding="utf-8"), re.M))
    assert {"kernel/rounds.py", "kernel/truecount.py", "exact/dealer.py"} <= set(cached)
    unguarded = [name for name in cached
                 if "\nguard(__name__)\n" not in (root / name).read_text(encoding="utf-8")]
    assert unguarded == []


def test_sources_follow_the_imports_of_the_cached_modules():
    """The kernel's digest covers every kernel module it imports; the dealer's, exact/rules.py."""
    def names(module):
        root = Path(jost_engine.__file__).parent
        return {Path(p).relative_to(root).as_posix()
                for p in cache_guard.module_sources(module.__name__, module.__file__)}

    kernel = {f"kernel/{p.name}" for p in (Path(rounds.__file__).parent).glob("*.py")}
    assert names(rounds) == kernel - {"kernel/__init__.py"}
    assert {"kernel/truecount.py", "kernel/layout.py", "kernel/shoe.py"} <= names(truecount)
    assert "kernel/hands.py" not in names(truecount)
    assert {"exact/dealer.py", "exact/rules.py"} <= names(dealer)
    plugin = Path(__file__).parents[1] / "plugins" / "jost-baccarat" / "jost_baccarat"
    baccarat = cache_guard.module_sources("jost_baccarat.kernel", str(plugin / "kernel.py"))
    assert {str(plugin / "rules.py"), str(Path(truecount.__file__).parent / "rng.py")} <= set(
        baccarat)
    assert "\nguard(__name__)\n" in (plugin / "kernel.py").read_text(encoding="utf-8")
    assert cache_guard.guard(rounds.__name__) in {"fresh", "cleared", "disabled"}


@pytest.mark.slow  # compiles the kernel into an empty cache once (about 30 s of one core)
def test_kernel_cache_is_kept_when_unchanged_and_cleared_when_a_kernel_module_changed(tmp_path):
    """Editing kernel/layout.py alone (not rounds.py) clears the kernel's cached index."""
    src, cache = tmp_path / "src", tmp_path / "cache"
    shutil.copytree(Path(jost_engine.__file__).parent, src / "jost_engine",
                    ignore=shutil.ignore_patterns("__pycache__"))
    first = _run(KERNEL_RUN, src, cache, "warm")
    assert first["folder"].startswith(str(cache))
    assert (first["cached"], first["compiled"]) == (False, True)

    again = _run(KERNEL_RUN, src, cache, "warm")
    assert set(again["guarded"].values()) == {"fresh"}
    assert (again["cached"], again["compiled"], again["kernel_hits"]) == (True, False, 1)
    assert again["count_table_hits"] == 1
    folder = Path(again["folder"])
    ours = {n: t for n, t in again["at_start"].items() if n.endswith((".nbi", ".nbc"))}
    assert any(n.startswith("rounds.play_chunk-") for n in ours)
    assert {n: os.stat(folder / n).st_mtime_ns for n in ours} == ours  # nothing rewritten

    layout = src / "jost_engine" / "kernel" / "layout.py"
    layout.write_text(layout.read_text() + "\n# edited: the cached kernel is stale\n")
    changed = _run(KERNEL_RUN, src, cache, "check")
    assert changed["cached"] is False  # without the guard: True, the old kernel would load
    assert (changed["count_table_hits"], changed["count_table_misses"]) == (0, 1)
    assert not [n for n in changed["at_start"] if n.endswith((".nbi", ".nbc"))]
    assert changed["guarded"]["jost_engine.kernel.rounds"] == "cleared"
    assert changed["guarded"]["jost_engine.kernel.truecount"] == "cleared"
    digest = (folder / "rounds.jost-digest").read_text().strip()
    assert digest == cache_guard.source_digest(
        "jost_engine.kernel.rounds", str(src / "jost_engine" / "kernel" / "rounds.py"))


def test_kernel_cached_is_false_when_the_guard_turned_the_cache_off():
    """After the guard disabled a cache, ``kernel_cached`` says a run compiles."""
    from jost_engine import warm

    class Off:
        _enabled = False

    class Kernel:
        _cache = Off()

    assert warm.kernel_cached(Kernel(), ()) is False
