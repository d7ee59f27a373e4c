"""A workspace is private: its folders are created 0700 and its files 0600, whatever the umask.

On a shared machine the ledger (configs, results), logs, cluster state and user profiles
must not be readable by other users. The test uses the workspace as a user would (a
profile saved, a job submitted to the workspace's shared cluster, its result read) under
the common umask 022, then looks at the mode of everything that was made.
"""

from __future__ import annotations

import json
import os
import stat

import pytest
from jobs_helpers import blackjack_config, run_jost

from jost_engine.private import private_dir, write_private_text


@pytest.fixture
def umask_022():
    """The process umask set to 022 (the usual default) for the test, then restored."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def modes(root) -> dict[str, int]:
    """Permission bits of every folder and file under ``root`` (relative path -> mode)."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, root)] = stat.S_IMODE(os.lstat(path).st_mode)
    return found


def test_private_dir_makes_every_new_folder_0700_and_leaves_existing_ones(tmp_path, umask_022):
    """Missing parents and the folder itself are made 0700; a folder that existed keeps its
    mode."""
    tmp_path.chmod(0o755)
    private_dir(tmp_path / "a" / "b")
    assert modes(tmp_path) == {"a": 0o700, os.path.join("a", "b"): 0o700}
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_write_private_text_makes_a_new_or_existing_file_0600(tmp_path, umask_022):
    """A new file is created 0600; a file that was 0644 becomes 0600 when written."""
    old = tmp_path / "old.json"
    old.write_text("{}")
    assert stat.S_IMODE(old.stat().st_mode) == 0o644
    write_private_text(old, "[]")
    write_private_text(tmp_path / "new.json", "[]")
    assert modes(tmp_path) == {"old.json": 0o600, "new.json": 0o600}


def test_a_workspace_used_from_the_command_line_is_readable_by_its_owner_only(tmp_path,
                                                                             umask_022):
    """After ``jost profiles save``, ``jost submit`` (shared cluster, runner log, ledger) and
    ``jost result --wait``, every folder of the workspace is 0700 and every file 0600:
    nothing grants group or other users any access."""
    workspace = tmp_path / "ws"
    ramp = tmp_path / "ramp.json"
    ramp.write_text(json.dumps({"ramp": [[-99, 1], [2, 4]]}))
    run_jost("profiles", "save", "betting", "my-ramp", str(ramp), workspace=workspace)
    config = tmp_path / "job.json"
    config.write_text(json.dumps(blackjack_config(200_000, 100_000, seed=2)))
    job_id = run_jost("submit", str(config), workspace=workspace).stdout.strip()
    run_jost("result", job_id, "--wait", workspace=workspace)
    run_jost("cluster", "down", workspace=workspace, ok=False)
    made = modes(workspace)
    assert any(name.endswith("jobs.sqlite") for name in made)
    assert any(name.endswith(".log") for name in made)
    assert any("profiles" in name for name in made)
    assert stat.S_IMODE(workspace.stat().st_mode) == 0o700
    shared = {name: oct(mode) for name, mode in made.items() if mode & 0o077}
    assert not shared, f"readable by others: {shared}"
