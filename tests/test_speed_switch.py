"""The test suite's speed switch ``JOST_TEST_SPEED`` (jost_engine/jobs/speed.py), in process.

Its effect on jobs is exercised by running the job test files with it set both ways
(CONTRIBUTING.md); here, what it computes, with ``time.sleep`` recorded, not slept.
"""

from __future__ import annotations

import pytest

from jost_engine.jobs import speed


@pytest.fixture
def slept(monkeypatch) -> list[float]:
    """The durations [s] ``speed.slow_down`` asks to sleep, recorded instead of slept."""
    record: list[float] = []
    monkeypatch.setattr(speed.time, "sleep", record.append)
    return record


def test_unset_or_1_changes_nothing(monkeypatch, slept):
    """Without the variable (or at 1) no chunk waits and the driver sees true lengths."""
    monkeypatch.delenv(speed.ENV, raising=False)
    assert speed.speed_factor() == 1.0
    speed.slow_down(0.5)
    assert speed.apparent_length(2.0, 1.5) == 2.0
    monkeypatch.setenv(speed.ENV, "1")
    speed.slow_down(0.5)
    assert slept == [] and speed.apparent_length(2.0, 1.5) == 2.0


def test_a_slower_machine_makes_each_chunk_wait_until_its_work_took_1_over_speed(
        monkeypatch, slept):
    """At 0.1 a chunk whose simulation took 0.2 s waits 1.8 s more (2 s in all); the driver
    is then told the true, longer length."""
    monkeypatch.setenv(speed.ENV, "0.1")
    speed.slow_down(0.2)
    assert slept == [pytest.approx(1.8)]
    assert speed.apparent_length(2.1, 2.0) == 2.1


def test_a_faster_machine_shortens_only_the_simulation_in_the_drivers_eyes(monkeypatch,
                                                                          slept):
    """At 10 no chunk waits; a chunk of 1.1 s with 1 s of simulation looks 0.2 s long to
    the driver (the rest, overhead or a sleep, is not faster on a faster machine)."""
    monkeypatch.setenv(speed.ENV, "10")
    speed.slow_down(1.0)
    assert slept == []
    assert speed.apparent_length(1.1, 1.0) == pytest.approx(0.2)


@pytest.mark.parametrize("text", ["0", "-2", "fast", "nan", "inf"])
def test_a_bad_value_is_one_line_naming_the_variable_and_the_allowed_values(monkeypatch,
                                                                           text):
    monkeypatch.setenv(speed.ENV, text)
    with pytest.raises(ValueError, match=rf"^JOST_TEST_SPEED: must be a number > 0 .*"
                                         rf"got '{text}'$"):
        speed.speed_factor()
