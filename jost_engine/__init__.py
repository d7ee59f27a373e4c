"""JOST engine: a blackjack simulation library with a numba kernel.

The core is pure: no Dask, widgets or SQLite. Start with
:func:`run_simulation_from_config`.

The public names below are loaded on first use (module ``__getattr__``), so
``import jost_engine`` (and the ``jost`` command built on it) does not load
pydantic, numba or pandas until something needs them.
"""

from __future__ import annotations

from importlib import import_module

#: The version of jost, written here only: pyproject.toml reads it (``dynamic``) for the
#: wheel, ``jost --version`` prints it. Bump it with a CHANGELOG.md section of the same name.
__version__ = "0.1.0"

_PUBLIC = {
    "Config": "config",
    "config_schema": "config",
    "validate_config": "config",
    "ConfigError": "errors",
    "JostError": "errors",
    "SimulationResult": "result",
    "run_simulation_from_config": "simulation",
}

__all__ = [*_PUBLIC, "__version__"]


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'jost_engine' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
