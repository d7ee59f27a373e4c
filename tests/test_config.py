"""Config validation (messages name the field path and what is allowed), defaults, the JSON
Schema, and the ``jost`` command."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jost_engine import ConfigError, config_schema, validate_config
from jost_engine.cli import main
from jost_engine.simulation import validate

MINIMAL = {"rules": {"decks": 6}, "run": {"rounds": 1000}}

RULE_FIELDS = ("decks", "dealer_hits_soft_17", "blackjack_pays", "double", "double_after_split",
               "max_split_hands", "resplit_aces", "hit_split_aces", "surrender", "hole_card",
               "penetration", "reshuffle")
SUMMARY_FIELDS = ("rounds", "hands", "initial_bet_units", "net_units", "ev_per_round",
                  "sd_per_round", "se_ev_per_round", "advantage", "se_advantage",
                  "total_wagered_units", "avg_bet", "win_rate_per_hour", "sd_per_hour", "di",
                  "n0", "score", "ror", "rounds_per_s")


def with_field(path: str, value, base: dict = MINIMAL) -> dict:
    """A copy of ``base`` with the dotted ``path`` set to ``value``."""
    config = copy.deepcopy(base)
    *parents, last = path.split(".")
    node = config
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    return config


def error_of(config) -> str:
    """The ConfigError message ``validate_config`` gives."""
    with pytest.raises(ConfigError) as info:
        validate_config(config)
    return str(info.value)


# --- messages -----------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "value", "message"), [
    ("rules.decks", 0, "rules.decks: must be between 1 and 8, got 0"),
    ("rules.decks", 9, "rules.decks: must be between 1 and 8, got 9"),
    ("rules.max_split_hands", 5, "rules.max_split_hands: must be between 1 and 4, got 5"),
    ("rules.penetration", 1.0, "rules.penetration: must be between 0.25 and 0.95, got 1.0"),
    ("rules.blackjack_pays", 1.3,
     "rules.blackjack_pays: must be one of 1.5, 1.2, 1.0 or 2.0, got 1.3"),
    ("rules.double", "9-10", "rules.double: must be one of 'any', '9-11' or '10-11', got '9-10'"),
    ("rules.surrender", "yes",
     "rules.surrender: must be one of 'none', 'late' or 'early', got 'yes'"),
    ("rules.hole_card", "none", "rules.hole_card: must be one of 'peek' or 'enhc', got 'none'"),
    ("rules.reshuffle", "csm",
     "rules.reshuffle: must be one of 'cut_card' or 'every_round', got 'csm'"),
    ("table.players", 8, "table.players: must be between 1 and 7, got 8"),
    ("table.seat", 3, "table.seat: must be between 1 and players (1), got 3"),
    ("table.seat", 0, "table.seat: must be between 1 and 7, got 0"),
    ("run.rounds", 0, "run.rounds: must be between 1 and 1000000000000, got 0"),
    ("run.seed", -1, "run.seed: must be between 0 and 9223372036854775807, got -1"),
    ("run.chunk_rounds", 10, "run.chunk_rounds: must be between 1000 and 100000000, got 10"),
    ("schema_version", 2, "schema_version: must be one of 1, got 2"),
    ("simulation_type", "poker", "simulation_type: must be one of 'blackjack', got 'poker'"),
    ("betting.ramp", [[2, 1], [1, 2]], "betting.ramp: true counts must increase, got [2.0, 1.0]"),
    ("betting.ramp", [], "betting.ramp: must have at least one [true count, units] pair"),
    ("betting.ramp", [[-99, 1], [1, 2, 3]],
     "betting.ramp.1: must be a [true count, units] pair of numbers, got [1, 2, 3]"),
    ("betting.ramp", [[-99, "1"]],
     "betting.ramp.0: must be a [true count, units] pair of numbers, got [-99, '1']"),
    ("betting.ramp", [[-99, 0]],
     "betting.ramp: units must be multiples of 0.1 between 0.1 and 1000, got 0.0"),
    ("betting.ramp", [[-99, 0.05]],
     "betting.ramp: units must be multiples of 0.1 between 0.1 and 1000, got 0.05"),
    ("betting.ramp", [[-99, 2000]],
     "betting.ramp: units must be multiples of 0.1 between 0.1 and 1000, got 2000"),
])
def test_message_names_field_and_range(path, value, message):
    """A bad value's message is exactly 'path: what is allowed, got value'."""
    assert error_of(with_field(path, value)) == message


def test_range_message_inside_a_list_of_models():
    """A rate out of range in a list item (an erring other player) gives its range too."""
    config = {**MINIMAL, "table": {"others": {"right": [{"profile": "basic", "slip": 3}]}}}
    assert error_of(config) == "table.others.right.0.slip: must be between 0 and 1, got 3"


@pytest.mark.parametrize(("path", "value"), [
    ("rules.decks", "6"), ("rules.decks", 6.0), ("rules.decks", True), ("rules.decks", None),
    ("rules.dealer_hits_soft_17", "yes"), ("rules.dealer_hits_soft_17", 1),
    ("rules.double_after_split", "true"), ("rules.penetration", "0.75"),
    ("rules.blackjack_pays", "3:2"), ("table.players", 2.5), ("run.rounds", "1000"),
    ("run.rounds", 1e6), ("betting.unit", "25"), ("betting.ramp", "1-8"),
    ("strategy.insurance_at", "3"), ("label", 5), ("rules", [6]), ("table", 3),
])
def test_wrong_type_names_the_field(path, value):
    """A value of the wrong type (no coercion) names its path and shows what was given."""
    message = error_of(with_field(path, value))
    assert message.startswith(f"{path}")
    assert repr(value) in message or str(value) in message


@pytest.mark.parametrize("path", ["colour", "rules.colour", "table.colour", "run.colour",
                                  "betting.colour", "strategy.colour"])
def test_unknown_field(path):
    """Unknown fields are rejected by name, at every level."""
    assert error_of(with_field(path, 1)) == f"{path}: unknown field"


def test_unknown_field_in_count_and_deviation():
    """Nested objects reject unknown fields too."""
    count = with_field("strategy.count", {"system": "hi-lo", "decks_left": 3})
    assert "strategy.count.decks_left: unknown field" in error_of(count)
    deviation = {"hand": "16", "dealer": "T", "action": "stand", "at_or_above": 0, "why": 1}
    config = with_field("strategy", {"count": {}, "deviations": [deviation]})
    assert "unknown field" in error_of(config) and "why" in error_of(config)


@pytest.mark.parametrize(("config", "message"), [
    ({"run": {"rounds": 5}}, "rules: required field is missing"),
    ({"rules": {"decks": 6}}, "run: required field is missing"),
    ({"rules": {}, "run": {"rounds": 5}}, "rules.decks: required field is missing"),
    ({"rules": {"decks": 6}, "run": {}}, "run.rounds: required field is missing"),
])
def test_required_fields(config, message):
    """Only rules.decks and run.rounds are required."""
    assert error_of(config) == message


def test_every_fault_is_reported():
    """Several faults give one message naming each of them."""
    config = {"rules": {"decks": 0, "double": "x"}, "run": {"rounds": 0}, "extra": 1}
    message = error_of(config)
    for part in ("rules.decks: must be between 1 and 8, got 0", "rules.double:",
                 "run.rounds:", "extra: unknown field"):
        assert part in message
    assert len(message.split("; ")) == 4


@pytest.mark.parametrize("document", [[], "config", 6, None])
def test_document_must_be_an_object(document):
    """A config that is not a JSON object says so."""
    assert error_of(document).startswith("config: must be a JSON object")


@pytest.mark.parametrize(("strategy", "message"), [
    ({"deviations": "illustrious18"}, "strategy.count: deviations and insurance_at need a count"),
    ({"insurance_at": 3}, "strategy.count: deviations and insurance_at need a count"),
    ({"count": {}, "deviations": "foo"}, "strategy.deviations: must be 'none', a list, or a "
     "'+' join of fab4, illustrious18; got 'foo'"),
    ({"count": {"system": "nope"}}, "strategy.count.system: must be one of"),
    ({"count": {"system": "custom"}}, "strategy.count.tags: a custom count needs tags"),
    ({"count": {"system": "hi-lo", "tags": {"2": 1}}},
     "strategy.count.tags: only a 'custom' system takes tags"),
    ({"count": {"system": "custom", "tags": {"2": 1}}},
     "strategy.count.tags: must have exactly the keys"),
    ({"count": {"system": "custom", "tags": {**{k: 0 for k in "23456789TA"}, "5": 0.3}}},
     "strategy.count.tags.5: must be a multiple of 0.5 between -4 and 4, got 0.3"),
    ({"count": {"deck_resolution": 0.3}}, "strategy.count.deck_resolution: must be one of"),
    ({"count": {"true_count": "ceil"}}, "strategy.count.true_count: must be one of"),
])
def test_strategy_messages(strategy, message):
    """Deviations and insurance need a count; counts are checked by name."""
    assert message in error_of(with_field("strategy", strategy))


def test_deviations_without_count_pass_with_none():
    """'none' and an empty list need no count."""
    validate_config(with_field("strategy", {"deviations": "none"}))
    validate_config(with_field("strategy", {"deviations": []}))


def test_wong_out_below_wong_in():
    """wong_out must be below wong_in."""
    config = with_field("betting", {"wong_in": 1, "wong_out": 1})
    assert error_of(config) == "betting.wong_out: must be below wong_in (1.0), got 1.0"


@pytest.mark.parametrize(("rules", "deviation", "message"), [
    ({"double": "10-11"}, {"hand": "9", "dealer": "3", "action": "double", "at_or_above": 1},
     "strategy.deviations.0.action: rules.double is '10-11', so 9 cannot be doubled"),
    ({"double": "9-11"}, {"hand": "A8", "dealer": "6", "action": "double", "at_or_above": 1},
     "strategy.deviations.0.action: rules.double is '9-11', so A8 cannot be doubled"),
    ({}, {"hand": "16", "dealer": "T", "action": "surrender", "at_or_above": 0},
     "strategy.deviations.0.action: 'surrender' needs rules.surrender late or early"),
    ({"max_split_hands": 1}, {"hand": "T,T", "dealer": "5", "action": "split",
                              "at_or_above": 5},
     "strategy.deviations.0.action: rules.max_split_hands is 1, so no split"),
    ({}, {"hand": "16", "dealer": "T", "action": "split", "at_or_above": 0},
     "strategy.deviations.0.hand: 'split' needs a pair such as 'T,T', got '16'"),
    ({}, {"hand": "23", "dealer": "T", "action": "stand", "at_or_above": 0},
     "strategy.deviations.0.hand: a hard total must be between 4 and 21, got '23'"),
    ({}, {"hand": "T6", "dealer": "T", "action": "stand", "at_or_above": 0},
     "strategy.deviations.0.hand: must be a hard total ('16'), a soft hand ('A7') or a pair"),
])
def test_index_plays_the_rules_forbid(chart, rules, deviation, message):
    """Rule-dependent faults of index plays are ConfigErrors from the full validation."""
    config = {"rules": {"decks": 6, **rules}, "run": {"rounds": 1000},
              "strategy": {"chart": chart, "count": {}, "deviations": [deviation]}}
    validate_config(config)  # the shape is fine ...
    with pytest.raises(ConfigError) as info:  # ... the rules are not
        validate(config)
    assert str(info.value).startswith(message)


def test_wonging_needs_a_count(chart):
    """wong_in without a count is a ConfigError of the full validation."""
    config = {**MINIMAL, "strategy": {"chart": chart}, "betting": {"wong_in": 2}}
    with pytest.raises(ConfigError, match="betting.wong_in: wonging needs strategy.count"):
        validate(config)


# --- explicit charts ----------------------------------------------------------------------

def chart_error(chart: dict) -> str:
    return error_of(with_field("strategy", {"chart": chart}))


@pytest.mark.parametrize(("change", "message"), [
    (lambda c: c["hard"].pop("12"), "strategy.chart.hard.12: row is missing"),
    (lambda c: c["soft"].pop("18"), "strategy.chart.soft.18: row is missing"),
    (lambda c: c["pairs"].pop("A"), "strategy.chart.pairs.A: row is missing"),
    (lambda c: c.pop("soft"), "strategy.chart.soft: required field is missing"),
    (lambda c: c["hard"].update({"12": "H H X S S H H H H H"}),
     "strategy.chart.hard.12: codes must be one of H, S, D, Ds, got 'X'"),
    (lambda c: c["pairs"].update({"8": "P P P P P P P P P D"}),
     "strategy.chart.pairs.8: codes must be one of P, Ph, N, got 'D'"),
    (lambda c: c["soft"].update({"18": "S Ds Ds Ds Ds S S H H R"}),
     "strategy.chart.soft.18: codes must be one of H, S, D, Ds, got 'R'"),
    (lambda c: c["late_surrender"].update({"16": "- - - - - - - R R P"}),
     "strategy.chart.late_surrender.16: codes must be one of R, -, got 'P'"),
    (lambda c: c["late_surrender"].update({"A7": "R R R R R R R R R R"}),
     "strategy.chart.late_surrender.A7: rows are hard totals 4..21 or pairs such as 8-8"),
    (lambda c: c["hard"].update({"3": "H H H H H H H H H H"}),
     "strategy.chart.hard.3: not a row of the hard table"),
    (lambda c: c.update({"colour": "red"}), "strategy.chart.colour: unknown field"),
])
def test_bad_chart_names_row(chart, change, message):
    """A bad explicit chart names the table and row at fault."""
    change(chart)
    assert message in chart_error(chart)


def test_bad_chart_row_length(chart):
    """A row without 10 codes is rejected, naming the row."""
    chart["hard"]["12"] = "H H S S"
    assert "strategy.chart.hard.12:" in chart_error(chart)


def test_bad_chart_message_is_only_the_fault(chart):
    """The message of a bad chart is the fault alone, not a dump of the chart."""
    chart["hard"].pop("12")
    assert chart_error(chart) == "strategy.chart.hard.12: row is missing"


def test_short_chart_row_message_is_right(chart):
    """The message for a short row shows the real rule (10 codes)."""
    chart["hard"]["12"] = "H H S S"
    message = chart_error(chart)
    assert "10 codes" in message or r"\S+" in message


def test_bad_deviation_message_path():
    """A bad index play in a list is named strategy.deviations.<i>."""
    deviation = {"hand": "16", "dealer": "T", "action": "stand"}
    message = error_of(with_field("strategy", {"count": {}, "deviations": [deviation]}))
    assert message == "strategy.deviations.0: give exactly one of at_or_above and below"


def test_explicit_chart_is_accepted(chart):
    """The tests' explicit chart validates and is kept in the config."""
    config = validate_config(with_field("strategy", {"chart": chart})).to_dict()
    assert config["strategy"]["chart"]["hard"]["16"] == chart["hard"]["16"]


# --- doubtful values: found while writing these tests --------------------------------------

@pytest.mark.parametrize("path, value", [
    pytest.param("betting.unit", float("inf"), id="unit-inf"),
    pytest.param("betting.bankroll_units", float("inf"), id="bankroll-inf"),
    pytest.param("strategy.insurance_at", float("nan"), id="insurance_at-nan"),
    pytest.param("rules.blackjack_pays", True, id="payout-true"),
])
def test_non_finite_and_bool_numbers_rejected(path, value):
    """validate_config rejects inf, nan and booleans where a number is expected."""
    config = with_field("strategy.count", {}, with_field(path, value))
    with pytest.raises(ConfigError):
        validate_config(config)


def test_table_limit_below_a_tenth(chart):
    """A table maximum below 0.1 unit is either refused or bet, never rounded to nothing."""
    from jost_engine import run_simulation_from_config

    config = {**MINIMAL, "strategy": {"chart": chart}, "betting": {"max_units": 0.04},
              "run": {"rounds": 1000, "chunk_rounds": 1000}}
    try:
        result = run_simulation_from_config(config)
    except ConfigError:
        return
    assert result.summary["avg_bet"] > 0


# --- defaults -----------------------------------------------------------------------------

def test_defaults_filled_in():
    """Only rules and run are needed; the rest defaults as design.md says."""
    config = validate_config(MINIMAL).to_dict()
    assert config["schema_version"] == 1 and config["simulation_type"] == "blackjack"
    assert config["rules"] == {
        "decks": 6, "dealer_hits_soft_17": False, "blackjack_pays": 1.5, "double": "any",
        "double_after_split": True, "max_split_hands": 4, "resplit_aces": False,
        "hit_split_aces": False, "surrender": "none", "hole_card": "peek",
        "penetration": 0.75, "reshuffle": "cut_card"}
    assert config["table"] == {"players": 1, "seat": 1, "others": None}
    assert config["strategy"]["chart"] == "basic"
    assert config["strategy"]["count"] is None
    assert config["strategy"]["deviations"] is None
    assert config["betting"]["ramp"] == [[-99.0, 1.0]]
    assert config["betting"]["wong_in"] is None and config["betting"]["wong_out"] is None
    assert config["betting"]["bankroll_units"] is None
    assert config["betting"]["cover"] is None
    assert config["run"]["rounds"] == 1000 and config["run"]["seed"] == 1
    assert set(config["run"]) >= {"rounds", "seed", "chunk_rounds", "rounds_per_hour"}


def test_to_dict_round_trips():
    """A validated config's dict validates to the same dict."""
    full = validate_config(with_field("strategy", {"count": {}, "insurance_at": 3})).to_dict()
    assert validate_config(json.loads(json.dumps(full))).to_dict() == full


@pytest.mark.parametrize(("rules", "parts"), [
    ({"decks": 6}, ["6D", "S17", "3:2"]),
    ({"decks": 2, "dealer_hits_soft_17": True, "blackjack_pays": 1.2, "hole_card": "enhc",
      "surrender": "late"}, ["2D", "H17", "6:5", "ENHC", "LS"]),
    ({"decks": 8, "double": "10-11", "double_after_split": False, "blackjack_pays": 2},
     ["8D", "2:1"]),
])
def test_default_label_describes_rules(rules, parts):
    """Without a label the config gets a short description of its rules."""
    label = validate_config({"rules": rules, "run": {"rounds": 10}}).label
    for part in parts:
        assert part in label
    if not rules.get("double_after_split", True):
        assert "DAS" not in label


def test_label_kept():
    """A given label is kept."""
    assert validate_config({**MINIMAL, "label": "my game"}).label == "my game"


@pytest.mark.parametrize(("given", "pays"), [(1, 1.0), (2, 2.0), (1.5, 1.5), (1.2, 1.2)])
def test_integer_payouts(given, pays):
    """JSON writes 1 and 2 as integers: they are the 1:1 and 2:1 payouts."""
    config = validate_config(with_field("rules.blackjack_pays", given))
    assert config.rules.blackjack_pays == pays


# --- the JSON Schema ----------------------------------------------------------------------

def _resolve(schema: dict, node: dict) -> dict:
    """Follow a local ``$ref`` into ``$defs``."""
    if "$ref" in node:
        return _resolve(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[-1]])
    return node


def test_config_schema():
    """config_schema() is a JSON Schema of the design.md fields."""
    schema = config_schema()
    json.dumps(schema)
    assert schema["type"] == "object"
    assert set(schema["required"]) == {"rules", "run"}
    assert schema.get("additionalProperties") is False
    props = schema["properties"]
    assert set(props) >= {"schema_version", "simulation_type", "label", "rules", "table",
                          "strategy", "betting", "run"}
    rules = _resolve(schema, props["rules"])
    assert set(rules["properties"]) >= set(RULE_FIELDS)
    assert rules["required"] == ["decks"]
    assert rules["properties"]["decks"]["minimum"] == 1
    assert rules["properties"]["decks"]["maximum"] == 8
    assert rules.get("additionalProperties") is False
    table = _resolve(schema, props["table"])
    assert set(table["properties"]) >= {"players", "seat"}
    strategy = _resolve(schema, props["strategy"])
    assert set(strategy["properties"]) >= {"chart", "count", "deviations", "insurance_at"}
    betting = _resolve(schema, props["betting"])
    assert set(betting["properties"]) >= {"ramp", "wong_in", "wong_out", "unit",
                                          "bankroll_units"}
    run = _resolve(schema, props["run"])
    assert set(run["properties"]) >= {"rounds", "seed", "chunk_rounds", "rounds_per_hour"}
    assert "rounds" in run["required"]
    double = json.dumps(rules["properties"]["double"])
    for mode in ("any", "9-11", "10-11"):
        assert f'"{mode}"' in double


# --- the jost command ---------------------------------------------------------------------

@pytest.fixture
def config_file(tmp_path, chart):
    """A small config file playing the explicit chart."""
    path = tmp_path / "game.json"
    config = {"label": "test game", "rules": {"decks": 6, "surrender": "late"},
              "strategy": {"chart": chart},
              "run": {"rounds": 1_000_000, "seed": 3, "chunk_rounds": 2_000}}
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def test_cli_run_prints_summary(config_file, capsys):
    """jost run FILE --rounds N --in-process prints a readable summary."""
    assert main(["run", str(config_file), "--rounds", "5000", "--in-process"]) == 0
    out = capsys.readouterr().out
    assert "test game" in out
    assert "house edge" in out and "advantage" in out
    assert "5,000" in out


def test_cli_run_json(config_file, capsys):
    """--json prints the result, whose summary has every field of design.md."""
    assert main(["run", str(config_file), "--rounds", "5000", "--seed", "9", "--json",
                 "--in-process"]) == 0
    data = json.loads(capsys.readouterr().out)
    summary = data["summary"]
    missing = [name for name in SUMMARY_FIELDS if name not in summary]
    assert not missing
    assert summary["rounds"] == 5000
    assert summary["ror"] is None  # no bankroll
    assert summary["house_edge"] == -summary["advantage"]
    assert data["config"]["run"]["rounds"] == 5000 and data["config"]["run"]["seed"] == 9
    assert data["config"]["rules"]["penetration"] == 0.75  # the complete config


def test_cli_run_json_with_bankroll(tmp_path, chart, capsys):
    """With a bankroll the summary has a risk of ruin between 0 and 1."""
    path = tmp_path / "bankroll.json"
    path.write_text(json.dumps({"rules": {"decks": 6}, "strategy": {"chart": chart},
                                "betting": {"bankroll_units": 100},
                                "run": {"rounds": 2000, "chunk_rounds": 1000}}))
    assert main(["run", str(path), "--json", "--in-process"]) == 0
    ror = json.loads(capsys.readouterr().out)["summary"]["ror"]
    assert 0 <= ror <= 1


def test_cli_schema(capsys):
    """jost schema prints the JSON Schema."""
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == config_schema()


def _bad_files(tmp_path: Path) -> dict:
    files = {"missing": tmp_path / "nope.json"}
    for name, text in {"not-json": "{rules: 6", "a-list": "[1, 2]", "empty": "",
                       "bad-decks": json.dumps({"rules": {"decks": 0}, "run": {"rounds": 5}}),
                       "unknown": json.dumps({**MINIMAL, "colour": 1}),
                       "no-run": json.dumps({"rules": {"decks": 6}})}.items():
        files[name] = tmp_path / f"{name}.json"
        files[name].write_text(text, encoding="utf-8")
    return files


@pytest.mark.parametrize(("name", "expected"), [
    ("missing", "no such file"), ("not-json", "not valid JSON"), ("a-list", "JSON object"),
    ("empty", "not valid JSON"), ("bad-decks", "rules.decks: must be between 1 and 8, got 0"),
    ("unknown", "colour: unknown field"), ("no-run", "required field is missing"),
])
def test_cli_bad_input_one_line(tmp_path, capsys, name, expected):
    """Bad input exits non-zero with one line on stderr and no traceback."""
    path = _bad_files(tmp_path)[name]
    assert main(["run", str(path), "--in-process"]) != 0
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("jost: ") and expected in lines[0]
    assert "Traceback" not in captured.err and captured.out == ""


def test_cli_not_utf8_one_line(tmp_path, capsys):
    """A config file that is not UTF-8 text is bad input too."""
    path = tmp_path / "latin1.json"
    path.write_bytes(b'\xff\xfe{"rules": 1}')
    assert main(["run", str(path), "--in-process"]) != 0
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [["run", "game.json", "--rounds", "abc"], ["run"], ["fly"],
                                  []])
def test_cli_bad_arguments_one_line(config_file, capsys, argv):
    """Bad arguments exit non-zero with one line on stderr."""
    argv = [str(config_file) if a == "game.json" else a for a in argv]
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code != 0
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("jost: ")


@pytest.mark.slow  # a jost subprocess: start-up and compile load
def test_console_script(config_file):
    """The installed `jost` console script runs a config."""
    jost = Path(sys.executable).parent / "jost"
    done = subprocess.run([str(jost), "run", str(config_file), "--rounds", "3000",
                           "--in-process"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "house edge" in done.stdout and "Traceback" not in done.stderr


# --- bounds of free text (issue #11 item 4) -----------------------------------------------

def test_a_label_over_200_characters_is_refused_without_echoing_it():
    """label: at most 200 characters; the message names the field, the limit and the length,
    not the label itself (a 1 MB label gives a short message)."""
    assert validate_config({**MINIMAL, "label": "x" * 200}).label == "x" * 200
    with pytest.raises(ConfigError) as info:
        validate_config({**MINIMAL, "label": "x" * 1_000_000})
    assert str(info.value) == "label: must be at most 200 characters long, got 1000000"


def test_chart_name_and_notes_are_bounded(chart):
    """strategy.chart.name (200) and .notes (2000 characters) are bounded too."""
    for field, limit in (("name", 200), ("notes", 2000)):
        config = {**MINIMAL, "strategy": {"chart": {**chart, field: "n" * (limit + 1)}}}
        with pytest.raises(ConfigError, match=f"strategy.chart.{field}: must be at most "
                                              f"{limit} characters long"):
            validate_config(config)


@pytest.mark.parametrize("kwargs, message", [
    ({"project": "p" * 101}, "project: must be at most 100 characters long, got 101"),
    ({"tags": ["t"] * 21}, "tags: must have at most 20 items, got 21"),
    ({"tags": ["ok", "t" * 51]}, "tags.1: must be at most 50 characters long, got 51"),
    ({"tags": [""]}, "tags.0: must not be empty"),
    ({"meta": {"k": "v" * 10_000}}, "meta: must be at most 10,000 bytes as JSON, got 10,009"),
    ({"meta": {"k": object()}}, "meta: must be plain JSON data"),
])
def test_job_metadata_is_bounded(kwargs, message):
    """check_job_meta refuses a long project, too many or too long tags, and big meta,
    naming the field and the limit."""
    from jost_engine.config import check_job_meta

    with pytest.raises(ConfigError) as info:
        check_job_meta(**kwargs)
    assert str(info.value).startswith(message)


def test_job_metadata_within_bounds_is_returned_whole():
    """Within the bounds, check_job_meta returns meta plus project and tags."""
    from jost_engine.config import check_job_meta

    assert check_job_meta("p" * 100, "t", {"k": "v"}) == {"k": "v", "project": "p" * 100,
                                                         "tags": ["t"]}


@pytest.mark.parametrize("flags, message", [
    (["--label", "l" * 201], "label: must be at most 200 characters long, got 201"),
    (["--project", "p" * 101], "project: must be at most 100 characters long"),
    (["--tag", "t" * 51], "tags.0: must be at most 50 characters long"),
    (["--meta", "k=" + "v" * 10_001], "meta: must be at most 10,000 bytes"),
])
def test_cli_refuses_long_free_text_flags(config_file, capsys, flags, message):
    """``jost run --label/--project/--tag/--meta`` over the limits: exit 2, one line."""
    assert main(["run", str(config_file), "--in-process", *flags]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"jost: {message}") and len(err.strip().splitlines()) == 1


def test_errors_default_to_none_and_name_themselves_in_the_label(make_config):
    """strategy.errors is null by default; a config that makes errors says so in its label,
    one whose rates are all zero does not."""
    count = {"count": {"system": "hi-lo"}}
    plain = validate_config(make_config(strategy=count))
    assert plain.strategy.errors is None and plain.to_dict()["strategy"]["errors"] is None
    erring = validate_config(make_config(strategy={**count, "errors": {"slip": 0.01}}))
    assert erring.label == f"{plain.label} with errors"
    zero = validate_config(make_config(strategy={**count, "errors": {"slip": 0}}))
    assert zero.label == plain.label
