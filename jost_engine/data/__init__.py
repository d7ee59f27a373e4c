"""Data files shipped with the engine (count tags, index plays).

Everything here is JSON read from this package folder, so it is found the
same way from a checkout and from an installed wheel.
"""

import json
from functools import cache
from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """Path of a file or folder inside the package's data folder."""
    return Path(str(resources.files(__name__).joinpath(*parts)))


@cache
def load_json(*parts: str) -> dict:
    """Read one JSON data file (cached; treat the result as read-only)."""
    with open(data_path(*parts), encoding="utf-8") as handle:
        return json.load(handle)


def count_systems() -> dict:
    """The named counting systems: ``{name: {"tags": ..., "balanced": ...}}``."""
    return load_json("counts.json")["systems"]


def deviation_sets() -> dict:
    """The named index-play sets: ``{name: [deviation, ...]}``."""
    folder = data_path("deviations")
    return {p.stem: load_json("deviations", p.name)["deviations"]
            for p in sorted(folder.glob("*.json"))}
