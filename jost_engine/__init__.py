"""JOST engine: a blackjack simulation library with a numba kernel.

The core is pure: no Dask, widgets or SQLite. Start with
:func:`run_simulation_from_config`.

The names below are imported on first use, so importing one module of the
package (``jost_engine.config``, ``jost_engine.exact``) does not load the
simulation and its kernel.
"""

from importlib import import_module

__version__ = "0.1.0"

_WHERE = {"Config": "config", "config_schema": "config", "validate_config": "config",
          "ConfigError": "errors", "JostError": "errors", "SimulationResult": "result",
          "run_simulation_from_config": "simulation"}

__all__ = ["Config", "ConfigError", "JostError", "SimulationResult", "config_schema",
           "run_simulation_from_config", "validate_config", "__version__"]


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
