"""The job layer's hold for tests (jost_engine/jobs/hold.py), in process.

Its effect on jobs on a cluster: tests/test_jobs_grouped.py, and the tests that hold a job
to cancel or kill it (tests/jobs_helpers.py: ``held_after``).
"""

from __future__ import annotations

import pytest

from jost_engine.jobs import hold


def test_unset_there_is_no_hold_and_nothing_waits(monkeypatch, tmp_path):
    """Without ``$JOST_TEST_HOLD`` the driver sends no hold, splits no task, and a chunk
    does not wait even with the hold file present."""
    monkeypatch.delenv(hold.ENV, raising=False)
    hold.hold_file(tmp_path).touch()
    assert hold.hold_from(tmp_path) is None
    assert not hold.splits(None, 2, 3)
    hold.wait_while_held(None, 5, lambda: pytest.fail("no hold: nothing is polled"))


def test_the_hold_file_is_the_workspaces_whatever_the_variable_says(monkeypatch, tmp_path):
    """The variable gives K only; the file is ``test-hold`` in the ledger's folder."""
    monkeypatch.setenv(hold.ENV, " 3 ")
    assert hold.hold_from(tmp_path) == (3, str(tmp_path / "test-hold"))


@pytest.mark.parametrize("text", ["-1", "2.5", "/etc/passwd", "3:/tmp/x", "two"])
def test_a_bad_value_is_one_line_naming_the_variable_and_the_allowed_values(monkeypatch,
                                                                           tmp_path, text):
    monkeypatch.setenv(hold.ENV, text)
    with pytest.raises(ValueError, match=rf"^JOST_TEST_HOLD: must be a whole number >= 0 "
                                         rf".*got '{text}'$"):
        hold.hold_from(tmp_path)


def test_a_task_never_mixes_chunks_below_k_and_from_k_on():
    held = (3, "unused")
    assert [hold.splits(held, 0, i) for i in range(5)] == [False, False, False, True, True]
    assert [hold.splits(held, 3, i) for i in range(3, 6)] == [False, False, False]


def test_chunks_below_k_or_without_the_file_start_at_once(tmp_path):
    never = lambda: pytest.fail("nothing is held: the cancel is not polled")  # noqa: E731
    hold.wait_while_held((3, str(tmp_path / "test-hold")), 7, never)  # no file
    hold.hold_file(tmp_path).touch()
    hold.wait_while_held((3, str(tmp_path / "test-hold")), 2, never)  # below K


def test_a_held_chunk_waits_until_the_file_is_deleted_or_the_job_cancelled(tmp_path):
    """A chunk from K on polls while the file exists: it starts once the file is gone,
    or once the cancel is seen (the file still there)."""
    path = hold.hold_file(tmp_path)
    path.touch()
    polls = []

    def release_at_third_poll() -> bool:
        polls.append(1)
        if len(polls) == 3:
            path.unlink()
        return False

    hold.wait_while_held((3, str(path)), 3, release_at_third_poll)
    assert len(polls) == 3 and not path.exists()
    path.touch()
    polls.clear()
    hold.wait_while_held((3, str(path)), 4, lambda: polls.append(1) or len(polls) == 2)
    assert len(polls) == 2 and path.exists()
