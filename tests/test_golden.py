"""Every shipped profile reproduces its recorded figures bit for bit (golden_summaries.json).

The figures were recorded before multiple spots, errors, cover and other players'
strategies entered the kernel; with those features off, nothing may move.
"""

from __future__ import annotations

import json

import pytest
from golden_configs import GOLDEN, golden_configs, golden_figures

RECORDED = json.loads(GOLDEN.read_text(encoding="utf-8"))["figures"]
CONFIGS = golden_configs()


def test_every_golden_config_is_recorded():
    """The recorded file covers exactly the golden configs (a new profile needs a record)."""
    assert sorted(RECORDED) == sorted(CONFIGS)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_figures_are_bit_identical_to_the_record(name):
    """Each recorded figure of the config is reproduced exactly (new figures may be added)."""
    figures = golden_figures(CONFIGS[name])
    recorded = RECORDED[name]
    moved = {key: (value, figures.get(key)) for key, value in recorded.items()
             if figures.get(key) != value}
    assert not moved, f"{name}: figures moved (recorded, now): {moved}"
