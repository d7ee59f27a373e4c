"""User JSON is read by one safe reader: deep nesting, directories, bad bytes (item 5)."""

from __future__ import annotations

import json
import subprocess

import pytest
from jobs_helpers import jost_command, python_env

from jost_engine.cli import main
from jost_engine.errors import JostError, ProfileError
from jost_engine.jsonio import MAX_DEPTH, load_json_text, read_json_file
from jost_engine.profiles import ProfileStore

DEEP = {"arrays": "[" * 100_000, "objects": '{"a":' * 100_000,
        "closed": "[" * 5_000 + "]" * 5_000}


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path / "ws"))
    return tmp_path / "ws"


def one_line(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.err.startswith("jost: ") and len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err
    return captured.err


@pytest.mark.parametrize("kind", list(DEEP))
def test_deep_nesting_in_a_config_file_is_one_line_and_exit_2(tmp_path, capsys, kind):
    """A config of ``[`` x 100000 (or ``{"a":`` nested) exits 2 with 'nested deeper than
    64 levels', not a RecursionError traceback."""
    path = tmp_path / "deep.json"
    path.write_text(DEEP[kind], encoding="utf-8")
    assert main(["run", str(path), "--in-process"]) == 2
    assert f"nested deeper than {MAX_DEPTH} levels" in one_line(capsys)


@pytest.mark.parametrize("kind", list(DEEP))
def test_deep_nesting_in_exact_and_inline_json(capsys, kind):
    """``jost exact`` and ``jost strategy`` with deep inline JSON: exit 2, one line."""
    for command in ("exact", "strategy"):
        assert main([command, '{"rules": ' + DEEP[kind] + "}"]) == 2
        assert "nested deeper than" in one_line(capsys)


def test_deep_nesting_on_standard_input(workspace):
    """``jost run -`` reading ``[`` x 100000 from stdin (a real process): exit 2, one line."""
    out = subprocess.run([*jost_command(), "run", "-", "--in-process"], input=DEEP["arrays"],
                         env=python_env(JOST_WORKSPACE=str(workspace)), capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr == f"jost: config from standard input: nested deeper than {MAX_DEPTH} " \
                         "levels\n"


def test_a_deep_profile_file_is_listed_as_damaged_and_show_exits_2(workspace, capsys):
    """A user profile of deep JSON is listed with its error and refused by ``show``."""
    folder = workspace / "profiles" / "rules"
    folder.mkdir(parents=True)
    (folder / "deep.json").write_text(DEEP["objects"], encoding="utf-8")
    [listed] = [p for p in ProfileStore().list("rules") if p.name == "deep"]
    assert "nested deeper than" in listed.error
    assert main(["profiles", "show", "rules", "deep"]) == 2
    assert "nested deeper than" in one_line(capsys)
    with pytest.raises(ProfileError, match="nested deeper than"):
        ProfileStore().piece("rules", "deep")


def test_profiles_save_from_a_deep_file_is_refused(tmp_path, capsys):
    """``jost profiles save rules x FILE`` with a deep FILE: exit 2, nothing saved."""
    path = tmp_path / "deep.json"
    path.write_text(DEEP["arrays"], encoding="utf-8")
    assert main(["profiles", "save", "rules", "x", str(path)]) == 2
    assert "nested deeper than" in one_line(capsys)


def test_nesting_within_the_limit_and_brackets_in_strings_are_fine():
    """64 levels load; brackets inside strings (escaped quotes too) do not count."""
    assert load_json_text("[" * MAX_DEPTH + "]" * MAX_DEPTH, "x", object_only=False)
    text = json.dumps({"label": "[[[{{{" * 100 + '\\"[' * 100, "rules": {"decks": 6}})
    assert load_json_text(text, "x")["rules"] == {"decks": 6}


@pytest.mark.parametrize("content, message", [
    (None, "is a directory"), (b"\xff\xfe{}", "not UTF-8"), (b"[1, 2]", "must hold a JSON "
                                                             "object, got list"),
    (b"{rules: 6", "not valid JSON (line 1, column 2"), (b"", "not valid JSON"),
])
def test_read_json_file_says_what_is_wrong(tmp_path, content, message):
    """Each way a file can be wrong has its own message, starting with what and the path."""
    path = tmp_path / "f.json"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(JostError) as info:
        read_json_file(path, "config")
    assert str(info.value).startswith(f"config {str(path)!r}: ") and message in str(info.value)
