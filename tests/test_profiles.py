"""The profile store: shipped defaults, user profiles, hydration, damage, the CLI."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jost_engine import run_simulation_from_config, validate_config
from jost_engine.cli import main
from jost_engine.profiles import KINDS, ProfileError, ProfileStore, hydrate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path / "ws"))
    return ProfileStore()


def test_every_shipped_profile_loads_and_validates(store):
    profiles = store.list()
    assert not [p for p in profiles if p.error]
    counts = {kind: sum(p.kind == kind for p in profiles) for kind in KINDS}
    assert counts["rules"] >= 8 and counts["strategies"] >= 4 and counts["betting"] >= 5
    for p in profiles:
        data = store.show(p.kind, p.name)
        assert data["name"] == p.name and data["notes"], p.path
        if p.kind == "configs":
            validate_config(hydrate(p.name, store))
    for name in ("vegas-strip-6d-s17", "downtown-2d-h17", "atlantic-city-8d-s17-ls",
                 "single-deck-6to5", "european-6d-enhc", "double-deck-d10"):
        validate_config({"rules": store.piece("rules", name), "run": {"rounds": 1}})
    for name in ("flat", "spread-1-8", "spread-1-12", "spread-1-16-wong-out",
                 "back-count-plus2"):
        assert store.piece("betting", name)["ramp"]


def test_hydration_turns_names_into_the_full_config(store):
    config = hydrate({"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18-fab4",
                      "betting": "spread-1-12", "run": {"rounds": 1000}}, store)
    assert config["rules"]["decks"] == 6
    assert config["strategy"]["deviations"] == "illustrious18+fab4"
    assert config["betting"]["ramp"][-1][1] == 12
    assert "label" not in config, "the default label is left to validation (default_label)"
    # the engine hydrates names itself, so a stored job always holds the full config
    result = run_simulation_from_config({"rules": "vegas-strip-6d-s17", "run": {"rounds": 1000}})
    assert result.config["rules"]["dealer_hits_soft_17"] is False


def test_save_show_delete_and_defaults_are_protected(store):
    piece = {"decks": 2, "dealer_hits_soft_17": True}
    path = store.save("rules", "my-club", piece, label="club", notes="mine")
    assert path.parent.parent.parent.name == "ws"
    assert store.piece("rules", "my-club") == piece
    listed = {(p.name, p.source) for p in store.list("rules")}
    assert ("my-club", "user") in listed and ("vegas-strip-6d-s17", "default") in listed
    with pytest.raises(ProfileError, match="shipped default"):
        store.save("rules", "vegas-strip-6d-s17", piece)
    with pytest.raises(ProfileError, match="shipped default"):
        store.delete("rules", "vegas-strip-6d-s17")
    with pytest.raises(ProfileError, match="profile name"):
        store.save("rules", "../escape", piece)
    store.delete("rules", "my-club")
    with pytest.raises(ProfileError, match="not found"):
        store.piece("rules", "my-club")


def test_a_damaged_file_is_named_and_the_others_still_load(store):
    folder = store.user / "betting"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text('{"betting": {"ramp": [[1, 2]]', encoding="utf-8")
    (folder / "wrong-shape.json").write_text('["not", "a", "profile"]', encoding="utf-8")
    profiles = {p.name: p for p in store.list("betting")}
    broken = profiles["broken"].error
    assert "broken.json" in broken and "not valid JSON" in broken
    assert "wrong-shape.json" in profiles["wrong-shape"].error
    assert not profiles["flat"].error and not profiles["spread-1-12"].error
    with pytest.raises(ProfileError, match="broken.json"):
        hydrate({"rules": "vegas-strip-6d-s17", "betting": "broken", "run": {"rounds": 1}},
                store)


def test_cli_profiles_and_run_by_name(store, capsys, tmp_path):
    assert main(["profiles", "list", "--kind", "rules"]) == 0
    assert "vegas-strip-6d-s17" in capsys.readouterr().out
    assert main(["profiles", "show", "betting", "spread-1-12"]) == 0
    assert json.loads(capsys.readouterr().out)["betting"]["bankroll_units"] > 0
    piece = tmp_path / "piece.json"
    piece.write_text(json.dumps({"ramp": [[-99, 1], [3, 6]]}))
    assert main(["profiles", "save", "betting", "mine", str(piece)]) == 0
    assert main(["profiles", "delete", "betting", "mine"]) == 0
    capsys.readouterr()
    assert main(["profiles", "delete", "betting", "flat"]) == 2
    assert capsys.readouterr().err.startswith("jost: ")
    # a counter's summary from profiles by name
    code = main(["run", "vegas-strip-6d-s17", "--strategy", "hi-lo-i18-fab4", "--betting",
                 "spread-1-12", "--rounds", "300000", "--in-process"])
    out = capsys.readouterr().out
    assert code == 0
    for word in ("advantage", "win rate", "SD per round", "DI", "N0", "risk of ruin"):
        assert word in out


@pytest.mark.slow  # builds and installs a wheel
def test_defaults_are_found_from_an_installed_wheel(tmp_path):
    """Build the wheel, unpack it into a folder of its own, and list profiles from there."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w",
                    str(wheels)], check=True, capture_output=True)
    target = tmp_path / "site"
    wheel = next(wheels.glob("jost-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    code = ("import jost_engine, jost_profiles; from jost_engine.profiles import ProfileStore; "
            "from jost_engine.data import deviation_sets; "
            "s = ProfileStore(); print(jost_engine.__file__); print(s.defaults); "
            "print(len([p for p in s.list() if not p.error])); "
            "print(' '.join(sorted(deviation_sets())))")
    env = {**os.environ, "PYTHONPATH": str(target), "JOST_WORKSPACE": str(tmp_path / "ws")}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    assert out[0].startswith(str(target)) and out[1].startswith(str(target))
    assert int(out[2]) >= 20
    assert {"illustrious18", "fab4"} <= set(out[3].split())


# --- one resolver of a command line's config (config_from_spec) ---------------------------

def test_config_from_spec_reads_each_kind_of_spec(store, tmp_path):
    """A file, inline JSON, standard input, a configs profile and a rules profile name all
    resolve through one function; --rules/--strategy/--betting names replace the config's."""
    import io

    from jost_engine.profiles import DEFAULT_ROUNDS, config_from_spec

    game = {"rules": {"decks": 2}, "run": {"rounds": 1000}}
    path = tmp_path / "game.json"
    path.write_text(json.dumps(game), encoding="utf-8")
    assert config_from_spec(str(path), store) == game
    assert config_from_spec(json.dumps(game), store) == game
    assert config_from_spec("-", store, stdin=io.StringIO(json.dumps(game))) == game
    assert config_from_spec("strip-basic", store) == store.piece("configs", "strip-basic")
    assert config_from_spec("vegas-strip-6d-s17", store) == {
        "rules": "vegas-strip-6d-s17", "run": {"rounds": DEFAULT_ROUNDS}}
    named = config_from_spec(str(path), store, profile_names={"strategy": "hi-lo",
                                                              "betting": None})
    assert named == {**game, "strategy": "hi-lo"}


@pytest.mark.parametrize("spec, message", [
    ("no-such-game", "'no-such-game' is neither a file nor a config or rules profile"),
    ("missing.json", "config 'missing.json': no such file"),
    ("sub/missing", "config 'sub/missing': no such file"),
    ("{not json", "config (inline JSON): not valid JSON"),
])
def test_config_from_spec_says_why_a_spec_resolves_to_nothing(store, spec, message):
    """An unknown name, a missing file or bad inline JSON: one JostError saying which."""
    from jost_engine.errors import JostError
    from jost_engine.profiles import config_from_spec

    with pytest.raises(JostError) as info:
        config_from_spec(spec, store)
    assert message in str(info.value)


def test_save_bounds_the_label_and_notes(store):
    """A saved profile's label (200) and notes (2000 characters) are bounded, and the
    message gives the length, not the text."""
    store.save("rules", "ok", {"decks": 6}, label="l" * 200, notes="n" * 2000)
    for kwargs, message in (({"label": "l" * 201}, "profile label: must be text of at most "
                                                   "200 characters, got 201 characters"),
                            ({"notes": "n" * 10**6}, "profile notes: must be text of at most "
                                                     "2000 characters, got 1000000 characters")):
        with pytest.raises(ProfileError) as info:
            store.save("rules", "long", {"decks": 6}, **kwargs)
        assert str(info.value) == message
    assert not (store.user / "rules" / "long.json").exists()
