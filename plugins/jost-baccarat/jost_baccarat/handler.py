"""The ``baccarat`` simulation type: the handler JOST's registry finds by entry point.

The four callables of the contract (:mod:`jost_engine.registry`):
``validate``, ``plan``, ``run_chunk``, ``merge``; and the optional hooks the
layers above the core ask for instead of knowing the game:
``summary_rows`` (the Result tab, ``jost run`` and ``jost result``),
``format_result`` (the terminal), ``exact_ev`` (a study's exact column),
``schema`` (``jost schema baccarat``).
"""

from __future__ import annotations

from typing import NamedTuple

from jost_engine.registry import Plan

from . import config as _config
from . import present
from .result import BaccaratResult, exact_of
from .tally import add, run_chunk_timed
from .tally import run_chunk as _run_chunk


class Chunk(NamedTuple):
    """One chunk of a run: its index (which fixes its random stream) and its rounds."""

    index: int
    rounds: int


class BaccaratHandler:
    """The handler of ``"simulation_type": "baccarat"``."""

    name = _config.TYPE

    @staticmethod
    def validate(config) -> dict:
        """Check and complete a config (:func:`jost_baccarat.config.validate`)."""
        return _config.validate(config)

    @staticmethod
    def plan(config: dict) -> Plan:
        """Chunks of ``run.chunk_rounds`` coups, each made from its index."""
        return Plan(config["run"]["rounds"], config["run"]["chunk_rounds"], Chunk)

    @staticmethod
    def run_chunk(config: dict, chunk) -> dict:
        """Deal one chunk; its tallies as plain JSON data."""
        return _run_chunk(config, chunk.index, chunk.rounds)

    @staticmethod
    def run_chunk_timed(config: dict, chunk) -> tuple[dict, float]:
        """:meth:`run_chunk` and the kernel's time [s] (its compile excluded)."""
        return run_chunk_timed(config, chunk.index, chunk.rounds)

    @staticmethod
    def merge(config: dict, partials: list[dict], elapsed_s: float | None = None):
        """Add the chunk tallies (in chunk order) into a :class:`BaccaratResult`."""
        return BaccaratResult(config, add(partials), elapsed_s=elapsed_s)

    @staticmethod
    def summary_rows(result) -> list[tuple[str, str]]:
        """(name, "value ± 1 SE" text) rows of a result (:func:`present.summary_rows`)."""
        return present.summary_rows(result)

    @staticmethod
    def format_result(result, title: str) -> str:
        """The result for the terminal (:func:`present.format_summary`)."""
        return present.format_summary(result, title)

    @staticmethod
    def exact_ev(config: dict) -> dict:
        """The headline bet's exact EV off the top, as a study's exact column wants it."""
        ev = -exact_of(config["rules"])[config["bet"]]["house_edge"]
        return {"ev_td": ev, "ev_cd": ev}

    @staticmethod
    def schema() -> dict:
        """The JSON Schema of a baccarat config."""
        return _config.schema()

    @staticmethod
    def result_from_dict(data: dict) -> BaccaratResult:
        """A result read back from its ``to_dict()``."""
        return BaccaratResult.from_dict(data)


handler = BaccaratHandler()
