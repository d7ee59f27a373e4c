"""The compiled kernel's cache: will a run compile the kernel, and warming it beforehand.

numba compiles the kernel (:func:`~jost_engine.kernel.rounds.play_chunk` and
all it calls; :func:`~jost_engine.kernel.rounds.play_chunk_features` for a
config with a person's errors, cover or other counting seats, see
:func:`~jost_engine.kernel.rounds.kernel_for`) the first time a process
calls it, unless its on-disk cache holds it: ``$NUMBA_CACHE_DIR`` when set,
else ``__pycache__`` beside ``jost_engine/kernel/rounds.py`` (a user-wide
folder when that is read-only).
An entry there serves a process only for the same argument types, the same
CPU (name and features), the same kernel bytecode, source file and numba
version; anything else compiles again (:data:`COMPILE_S`). Every worker
process of a job loads or compiles the kernel for itself, so the workers of
a LocalCluster, which inherit this process's environment, share its cache.

:func:`kernel_cached` reads the cache's index the way numba does, without
compiling; :func:`warm` compiles into the cache (``jost warm``, ``python -m
jost_engine.warm``, run by ``make demo`` when it installs JOST).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from .errors import JostError

COMPILE_S = 25
"""About how long compiling the kernel takes [s of one core].

Measured with an empty ``NUMBA_CACHE_DIR`` on the 2-core x86_64 machine of
docs/benchmarks.md (numba 0.68.1, 2026-11-29): 25.9 s of CPU for the compile
alone (``play_chunk.compile``; process time, the machine shared with other
work). Loading it from a warm cache takes well under a second.
"""

NOTICE = "compiling the kernel, once: about {seconds} s"
DEFAULT_CONFIG = {"rules": {"decks": 6}, "run": {"rounds": 1000}}
"""What is prepared when no config is named: the kernel's signature is the same for all."""


def kernel_inputs(config: dict | str | None = None, charts=None):
    """The prepared arrays of a config (default: :data:`DEFAULT_CONFIG`).

    The basic chart comes from ``charts`` (a workspace's chart cache) when
    given, else is generated in memory.
    """
    from .config import validate_config
    from .prepare import prepare
    from .simulation import validate

    return prepare(validate_config(validate(config or DEFAULT_CONFIG)), charts)


def kernel_signature(inputs) -> tuple:
    """The kernel that plays ``inputs`` and the argument types it is compiled for.

    The types are what numba's dispatcher derives from the arguments of a
    real call (:func:`jost_engine.simulation.kernel_args`): the same for
    every config and for the workers, which prepare their arrays the same
    way. The kernel is :func:`~jost_engine.kernel.rounds.kernel_for` the
    config's parameters.
    """
    from .kernel.rounds import kernel_for
    from .simulation import kernel_args

    kernel = kernel_for(inputs.params)
    return kernel, tuple(kernel.typeof_pyval(a) for a in kernel_args(inputs, 1, 0))


def kernel_cached(kernel, signature: tuple) -> bool | None:
    """Whether a new process would load ``kernel`` for ``signature`` from the cache.

    Reads numba's index of the kernel's cache (the index file is ignored
    when written by another numba version or for another source file) and
    looks for the key numba would look for: the signature, this machine's
    CPU name and features, the kernel's bytecode hash; its data file must
    exist too. Nothing is compiled. Importing the kernel has run
    :func:`jost_engine.kernel.cache_guard.guard`, which deletes an index
    saved from other sources of the kernel's modules, so a stale index reads
    as not cached; so does a cache the guard turned off in this process.

    Returns
    -------
    bool or None
        None when numba's cache cannot be read this way (numba changed).
    """
    from .kernel.cache_guard import cache_disabled

    if cache_disabled(kernel):
        return False
    cache = getattr(kernel, "_cache", None)
    try:
        index = cache._cache_file._load_index()
        key = cache._index_key(signature, kernel.targetctx.codegen())
        data = index.get(key)
        return data is not None and os.path.isfile(os.path.join(cache.cache_path, data))
    except Exception:  # noqa: BLE001 - numba's private cache layout may change: no answer
        return None


def compile_notice(config: dict | str | None = None, charts=None) -> str | None:
    """``compiling the kernel, once: about 25 s`` when a run of ``config`` here will compile it.

    None when the kernel is in the cache for this machine, or when that
    cannot be told.
    """
    if kernel_cached(*kernel_signature(kernel_inputs(config, charts))) is False:
        return NOTICE.format(seconds=COMPILE_S)
    return None


def warm(config: dict | str | None = None, charts=None) -> tuple[bool, float]:
    """Compile the kernel ``config`` needs into its cache, for the signature every run uses.

    With ``config`` (and ``charts``, a workspace's chart cache), the basic
    chart of its rules is generated and kept there too.

    Returns
    -------
    (bool, float)
        Whether it was compiled (False: it was in the cache already) and the
        seconds it took.
    """
    start = time.perf_counter()
    kernel, signature = kernel_signature(kernel_inputs(config, charts))
    compiled = not kernel_cached(kernel, signature)
    kernel.compile(signature)
    return compiled, time.perf_counter() - start


def cache_dir() -> str:
    """Where numba keeps the kernel's cache in this process."""
    from .kernel.rounds import play_chunk

    cache = getattr(play_chunk, "_cache", None)
    return getattr(cache, "cache_path", None) or "(no cache)"


def main(argv: list[str] | None = None) -> int:
    """``python -m jost_engine.warm [CONFIG]``: compile the kernel into its cache."""
    parser = argparse.ArgumentParser(prog="python -m jost_engine.warm",
                                     description="compile the kernel into numba's cache")
    parser.add_argument("config", nargs="?", help="a config file or profile whose basic chart "
                                                  "is cached in the workspace too")
    args = parser.parse_args(argv)
    try:
        print(warm_report(args.config), file=sys.stderr)
    except JostError as exc:
        print(f"jost: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


def warm_report(config: str | None = None) -> str:
    """Warm the kernel (and ``config``'s chart in the workspace); one line saying what was done."""
    from .chart_cache import workspace_charts
    from .profiles import config_from_spec

    charts = workspace_charts()
    compiled, seconds = warm(config_from_spec(config) if config else None, charts)
    what = "compiled the kernel" if compiled else "the kernel was already compiled"
    return f"{what} ({seconds:.1f} s); numba's cache: {cache_dir()}"


if __name__ == "__main__":
    sys.exit(main())
