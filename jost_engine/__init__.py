"""JOST engine: a blackjack simulation library with a numba kernel.

The core is pure: no Dask, widgets or SQLite. Start with
:func:`run_simulation_from_config`.
"""

from .config import Config, config_schema, validate_config
from .errors import ConfigError, JostError
from .result import SimulationResult
from .simulation import run_simulation_from_config

__version__ = "0.1.0"

__all__ = ["Config", "ConfigError", "JostError", "SimulationResult", "config_schema",
           "run_simulation_from_config", "validate_config", "__version__"]
