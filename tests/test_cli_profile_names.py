"""Profile names never become paths outside the profile folders (issue #11 item 1)."""

from __future__ import annotations

import json
import subprocess

import pytest
from jobs_helpers import jost_command, python_env

from jost_engine.cli import main
from jost_engine.errors import ProfileError
from jost_engine.profiles import ProfileStore, hydrate

BAD_NAMES = ["../../victim", "../x", "..", ".hidden", "/etc/passwd", "a/b", "Upper", "-dash",
             "a\\b", "", "x" * 65, "rules/../../victim"]
RULES = {"name": "victim", "label": "", "notes": "", "rules": {"decks": 6}}


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path / "ws"))
    return ProfileStore()


@pytest.mark.parametrize("name", BAD_NAMES)
@pytest.mark.parametrize("action", ["path_of", "show", "piece", "delete"])
def test_every_lookup_refuses_a_bad_name_naming_kind_name_and_pattern(store, action, name):
    """load (path_of, piece), show and delete raise ProfileError naming the kind, the name
    and the allowed pattern for any name outside ``[a-z0-9][a-z0-9._-]*``."""
    with pytest.raises(ProfileError) as info:
        getattr(store, action)("rules", name)
    message = str(info.value)
    assert "rules profile name" in message and repr(name) in message
    assert "[a-z0-9][a-z0-9._-]*" in message


@pytest.mark.parametrize("name", BAD_NAMES)
def test_save_refuses_a_bad_name_and_writes_nothing(store, tmp_path, name):
    """save refuses the same names and writes no file anywhere under tmp_path."""
    before = {p for p in tmp_path.rglob("*")}
    with pytest.raises(ProfileError, match=r"\[a-z0-9\]\[a-z0-9\._-\]\*"):
        store.save("rules", name, {"decks": 6})
    assert {p for p in tmp_path.rglob("*")} == before


def test_cli_delete_with_a_traversing_name_deletes_nothing_and_exits_2(tmp_path):
    """``jost profiles delete rules ../../victim`` (a real process) leaves the file that
    name points at in place and exits 2 with one line."""
    workspace = tmp_path / "ws"
    victim = workspace / "victim.json"  # = <workspace>/profiles/rules/../../victim.json
    (workspace / "profiles" / "rules").mkdir(parents=True)
    victim.write_text(json.dumps(RULES), encoding="utf-8")
    out = subprocess.run([*jost_command(), "profiles", "delete", "rules", "../../victim"],
                         env=python_env(JOST_WORKSPACE=str(workspace)), capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith("jost: rules profile name:")
    assert len(out.stderr.strip().splitlines()) == 1
    assert victim.exists()


def test_cli_show_with_a_traversing_name_reads_nothing(tmp_path, store, capsys):
    """``jost profiles show rules ../../victim`` does not print a file outside the store."""
    victim = tmp_path / "ws" / "victim.json"
    (tmp_path / "ws" / "profiles" / "rules").mkdir(parents=True)
    victim.write_text(json.dumps(RULES), encoding="utf-8")
    assert main(["profiles", "show", "rules", "../../victim"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "rules profile name" in captured.err


@pytest.mark.parametrize("field, kind", [("rules", "rules"), ("strategy", "strategy"),
                                         ("betting", "betting")])
def test_hydration_refuses_a_traversing_name(tmp_path, store, field, kind):
    """A config naming ``"../../../../tmp/x/victim"`` as a profile is refused at hydration,
    even though a valid profile file lies there."""
    victim = tmp_path / "x" / "victim.json"
    victim.parent.mkdir()
    victim.write_text(json.dumps({field: {}, "rules": {"decks": 6}}), encoding="utf-8")
    relative = "../../../../" + str(victim.with_suffix("")).lstrip("/")
    with pytest.raises(ProfileError, match=f"{kind} profile name"):
        hydrate({"rules": {"decks": 6}, field: relative, "run": {"rounds": 1000}}, store)


def test_cli_run_refuses_a_config_naming_a_traversing_profile(tmp_path, store, capsys):
    """``jost run`` of a config with ``"rules": "../../../../tmp/x/victim"``: exit 2, one
    line naming the rules profile name."""
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"rules": "../../../../tmp/x/victim",
                                  "run": {"rounds": 1000}}), encoding="utf-8")
    assert main(["run", str(config), "--in-process"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jost: rules profile name:") and len(err.splitlines()) == 1


def test_a_configs_profile_cannot_be_named_as_a_path(store):
    """``hydrate("../x")`` (a configs profile name) is refused like the others."""
    with pytest.raises(ProfileError, match="config profile name"):
        hydrate("../x", store)
