"""A first run says it compiles the kernel; a warm cache (a run before, or ``jost warm``) does not.

Each test gives real ``jost`` processes a fresh, empty ``NUMBA_CACHE_DIR``, so each
compiles the kernel once (about 25 s of one core).
"""

from __future__ import annotations

import json

import pytest
from jobs_helpers import blackjack_config, jost_command, python_env

pytestmark = pytest.mark.slow

NOTICE = "compiling the kernel, once: about"


def _jost(*args: str, cache, workspace, timeout: float = 900):
    import subprocess

    out = subprocess.run([*jost_command(), *args], capture_output=True, text=True,
                         timeout=timeout, stdin=subprocess.DEVNULL,
                         env=python_env(JOST_WORKSPACE=str(workspace),
                                        NUMBA_CACHE_DIR=str(cache)))
    assert out.returncode == 0, out.stderr
    return out


def _small_config(tmp_path) -> str:
    path = tmp_path / "small.json"
    path.write_text(json.dumps(blackjack_config(20_000, 10_000)), encoding="utf-8")
    return str(path)


def test_jost_run_says_it_compiles_with_an_empty_cache_and_not_once_the_cache_is_warm(tmp_path):
    """``jost run --in-process`` with an empty NUMBA_CACHE_DIR prints the compile notice on
    stderr once, and its compile (over 5 s) is start-up, not kernel time (20,000 rounds:
    far under 5 s); run again with the cache that run filled, it prints none."""
    cache, config = tmp_path / "numba", _small_config(tmp_path)
    first = _jost("run", config, "--in-process", "--json", cache=cache, workspace=tmp_path)
    assert first.stderr.count(NOTICE) == 1, first.stderr
    summary = json.loads(first.stdout)["summary"]
    assert summary["startup_s"] > 5 > summary["kernel_s"], summary
    second = _jost("run", config, "--in-process", "--json", cache=cache, workspace=tmp_path)
    assert NOTICE not in second.stderr, second.stderr


def test_jost_warm_compiles_into_an_empty_cache_so_the_first_run_does_not(tmp_path):
    """``jost warm`` into an empty NUMBA_CACHE_DIR compiles the kernel there; a first
    ``jost run --in-process`` after it prints no compile notice, and a second warm finds
    the kernel compiled."""
    cache, config = tmp_path / "numba", _small_config(tmp_path)
    warmed = _jost("warm", cache=cache, workspace=tmp_path)
    assert warmed.stdout.startswith("compiled the kernel"), warmed.stdout
    run = _jost("run", config, "--in-process", cache=cache, workspace=tmp_path)
    assert NOTICE not in run.stderr, run.stderr
    again = _jost("warm", cache=cache, workspace=tmp_path)
    assert again.stdout.startswith("the kernel was already compiled"), again.stdout
