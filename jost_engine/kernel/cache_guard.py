"""Keep numba's on-disk cache from serving a kernel compiled from older sources.

numba keys a cached function's index by the stamp (modification time and
size) of the one file that defines the function, and by numba's version.
The kernel's loops compile in the functions and constants of the modules
they import (``kernel/hands.py``, ``kernel/layout.py``, ...): after a change
to one of those alone, numba would load the old machine code. This module
closes that gap.

:func:`guard` is called once per process at the end of each module that
defines ``@njit(cache=True)`` functions (``kernel/truecount.py``,
``kernel/rounds.py``, ``exact/dealer.py``), before any of them can be
called: it hashes the sources of that module and of every JOST module it
imports, directly or not (:func:`module_sources`), with numba's version,
and compares the digest with the one kept beside numba's cache files for
that module (``<module>.jost-digest``). When they differ, or the digest is
missing while cache files exist, it deletes that module's index and data
files (``<module>.*.nbi``, ``<module>.*.nbc``) and writes the new digest.
Nothing else is deleted. When the files cannot be deleted or the sources
cannot be read, the module's cached functions stop using the cache in this
process (numba compiles them and saves nothing). When the digest cannot be
written, the next process finds cache files without one and clears them
again: correct, but it compiles every time.

A new module with ``@njit(cache=True)`` functions ends with
``guard(__name__)`` too (tests/test_kernel_cache_guard.py checks it).
"""

from __future__ import annotations

import ast
import fnmatch
import hashlib
import logging
import os
import sys
import tempfile

import numba
from numba.core.caching import Cache

DIGEST_SUFFIX = ".jost-digest"
"""The digest file of a module is ``<module file stem>`` + this, beside its cache files."""

_log = logging.getLogger(__name__)
_guarded: dict[str, str] = {}
"""What :func:`guard` did, by module name, in this process."""


def _top_level_imports(tree: ast.Module):
    """The import statements a module runs when imported (not those inside functions)."""
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            for field in ("body", "orelse", "finalbody", "handlers"):
                todo.extend(getattr(node, field, []))
        elif isinstance(node, ast.ExceptHandler):
            todo.extend(node.body)


def _module_file(root: str, dotted: str) -> str | None:
    """The source file of module ``dotted`` of the package at ``root``, None when not there."""
    parts = dotted.split(".")[1:]
    base = os.path.join(root, *parts)
    for path in (base + ".py", os.path.join(base, "__init__.py")):
        if os.path.isfile(path):
            return path
    return None


def _package_root(module_name: str, module_file: str) -> str:
    """The folder of the top-level package of ``module_name`` (e.g. ``.../jost_engine``)."""
    root = os.path.abspath(module_file)
    for _ in range(module_name.count(".") + (os.path.basename(root) == "__init__.py")):
        root = os.path.dirname(root)
    return root


def _package_roots(module_name: str, module_file: str) -> dict[str, str]:
    """The folders of the packages whose modules are followed: the module's and JOST's."""
    jost = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return {"jost_engine": jost, module_name.split(".")[0]: _package_root(module_name, module_file)}


def module_sources(module_name: str, module_file: str) -> list[str]:
    """The source files a module's compiled functions may take code or constants from.

    The module's own file and, transitively, every module of its top-level
    package or of ``jost_engine`` it imports at top level (``from .hands
    import ...``, ``from ..cards import ...``, ``from jost_engine.kernel.rng
    import ...`` in a plugin), read from the sources without importing
    anything. Imports from other packages (numpy, numba) are left out:
    numba's version is part of the digest.

    Parameters
    ----------
    module_name : str
        The dotted name, e.g. ``jost_engine.kernel.rounds``.
    module_file : str
        Its source file.

    Returns
    -------
    list of str
        Absolute paths, sorted.
    """
    roots = _package_roots(module_name, module_file)
    seen: set[str] = set()
    todo = [(module_name, os.path.abspath(module_file))]
    while todo:
        name, path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        with open(path, "rb") as f:
            tree = ast.parse(f.read(), path)
        is_package = os.path.basename(path) == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        for node in _top_level_imports(tree):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = ".".join(here[:len(here) - node.level + 1])
                    target = f"{base}.{node.module}" if node.module else base
                else:
                    target = node.module or ""
                targets = [target] + [f"{target}.{alias.name}" for alias in node.names]
            for target in targets:
                root = roots.get(target.split(".")[0])
                found = root and _module_file(root, target)
                if found:
                    todo.append((target, os.path.abspath(found)))
    return sorted(seen)


def source_digest(module_name: str, module_file: str) -> str:
    """The digest of a module's sources (:func:`module_sources`) and numba's version.

    Paths enter relative to the folder holding their package
    (``jost_engine/kernel/rng.py``), so the digest is the same wherever
    JOST is installed.

    Returns
    -------
    str
        A SHA-256 hex digest.
    """
    tops = [os.path.dirname(root) for root in _package_roots(module_name, module_file).values()]
    digest = hashlib.sha256(f"numba {numba.__version__}\n".encode())
    for path in module_sources(module_name, module_file):
        top = next(t for t in tops if path.startswith(os.path.join(t, "")))
        digest.update(os.path.relpath(path, top).replace(os.sep, "/").encode() + b"\0")
        with open(path, "rb") as f:
            digest.update(hashlib.sha256(f.read()).digest())
    return digest.hexdigest()


def cached_functions(module) -> list:
    """The numba dispatchers defined in ``module`` with an on-disk cache."""
    found = []
    for value in vars(module).values():
        cache = getattr(value, "_cache", None)
        py_func = getattr(value, "py_func", None)
        if (py_func is not None and py_func.__module__ == module.__name__
                and isinstance(cache, Cache)):
            found.append(value)
    return found


def cache_files(folder: str, stem: str) -> list[str]:
    """numba's index and data files of the module with file stem ``stem`` in ``folder``.

    numba names them ``<stem>.<function>-<line>.py<version>.nbi`` and
    ``....<n>.nbc``; a cache folder holds the caches of one source folder
    only, so the stem names the module.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(os.path.join(folder, n) for n in names
                  if fnmatch.fnmatchcase(n, f"{stem}.*.nbi")
                  or fnmatch.fnmatchcase(n, f"{stem}.*.nbc"))


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii") as f:
            return f.read().strip()
    except (OSError, ValueError):
        return None


def _write(path: str, text: str) -> bool:
    """Write ``text`` to ``path`` whole (a temporary file renamed); False when it cannot."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path), suffix=".tmp",
                                   dir=os.path.dirname(path))
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(text + "\n")
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def guard(module_name: str) -> str:
    """Remove a module's cached kernels when its sources changed since they were saved.

    Runs once per process and module (later calls return the first answer).
    Call it at the end of a module defining ``@njit(cache=True)`` functions.

    Parameters
    ----------
    module_name : str
        The module, already in ``sys.modules`` (``__name__`` at its end).

    Returns
    -------
    str
        ``"fresh"`` (digest matched, or no cache files and the digest was
        written), ``"cleared"`` (stale files deleted), ``"disabled"`` (the
        sources could not be read or stale files could not be deleted: the
        cache is off for the module's functions in this process, numba
        compiles them and saves nothing), ``"uncached"`` (no function of the
        module has an on-disk cache, e.g. with ``NUMBA_DISABLE_JIT``).
    """
    if module_name in _guarded:
        return _guarded[module_name]
    module = sys.modules[module_name]
    functions = cached_functions(module)
    if not functions:
        outcome = "uncached"
    else:
        outcome = _check(module_name, module.__file__, functions)
    _guarded[module_name] = outcome
    return outcome


def _check(module_name: str, module_file: str, functions: list) -> str:
    folder = functions[0]._cache.cache_path
    stem = os.path.splitext(os.path.basename(module_file))[0]
    digest_path = os.path.join(folder, stem + DIGEST_SUFFIX)
    try:
        digest = source_digest(module_name, module_file)
    except (OSError, SyntaxError, ValueError) as exc:
        return _disable(module_name, functions, f"its sources cannot be read ({exc})")
    if _read(digest_path) == digest:
        return "fresh"
    stale = cache_files(folder, stem)
    for path in stale:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            return _disable(module_name, functions, f"its stale files cannot be removed ({exc})")
    _write(digest_path, digest)
    return "cleared" if stale else "fresh"


def _disable(module_name: str, functions: list, why: str) -> str:
    """Turn off the on-disk cache of ``functions`` in this process (numba compiles them)."""
    _log.warning("numba's cache of %s is not used: %s", module_name, why)
    for function in functions:
        function._cache.disable()
    return "disabled"


def cache_disabled(function) -> bool:
    """Whether :func:`guard` turned off the on-disk cache of ``function`` in this process."""
    return getattr(getattr(function, "_cache", None), "_enabled", True) is False
