"""The ``jost exact`` and ``jost strategy`` commands (jost_engine.cli.exact)."""

import argparse
import json

import pytest

from jost_engine.cli.exact import add_commands, format_chart
from jost_engine.errors import JostError


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path / "workspace"))


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="jost")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_exact_json_has_both_evs_and_the_hands(tmp_path, capsys):
    path = tmp_path / "game.json"
    path.write_text(json.dumps({"rules": {"decks": 6}, "run": {"rounds": 1000}}))
    assert run(["exact", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert 100 * out["ev_cd"] == pytest.approx(-0.40287, abs=0.005)
    assert out["ev_td"] < out["ev_cd"]
    assert out["chart_source"] == "generated"
    assert len(out["hands"]) == 550
    hand = next(h for h in out["hands"] if h["hand"] == "T,6" and h["up"] == "T")
    assert set(hand["ev"]) == {"stand", "hit", "double"}
    assert hand["best"] == "hit" and hand["chart"] == "hit"
    weighted = sum(h["probability"] * h["ev_best"] for h in out["hands"])
    assert weighted == pytest.approx(out["ev_cd"], abs=1e-12)


def test_exact_text_from_a_rules_profile(capsys):
    assert run(["exact", "vegas-strip-6d-s17"]) == 0
    out = capsys.readouterr().out
    assert "composition-dependent" in out and "%" in out


def test_exact_values_the_config_chart(chart, tmp_path, capsys):
    path = tmp_path / "game.json"
    path.write_text(json.dumps({"rules": {"decks": 6}, "strategy": {"chart": chart},
                                "run": {"rounds": 1000}}))
    run(["exact", str(path), "--json"])
    assert json.loads(capsys.readouterr().out)["chart_source"] == "given"


def test_strategy_prints_the_chart(capsys):
    assert run(["strategy", '{"decks": 6, "surrender": "late"}', "--json"]) == 0
    chart = json.loads(capsys.readouterr().out)
    assert chart["hard"]["16"] == "S S S S S H H H H H"
    assert run(["strategy", "european-6d-enhc"]) == 0
    text = capsys.readouterr().out
    assert "ENHC" in text and "8,8" in text


@pytest.mark.parametrize("argv", [["exact", "missing.json"], ["exact", "no-such-profile"],
                                  ["strategy", "no-such-profile"],
                                  ["strategy", '{"decks": 0}'], ["strategy", "{not json"]])
def test_bad_input_is_one_clear_error(argv):
    with pytest.raises(JostError) as info:
        run(argv)
    assert "\n" not in str(info.value)


def test_format_chart_lists_every_table():
    chart = {"name": "x", "hard": {"16": "S S S S S H H H R R"}, "soft": {"12": "H " * 10},
             "pairs": {"A": "P " * 10}, "late_surrender": {"16": "- - - - - - - R R R"}}
    text = format_chart(chart)
    assert "late surrender" in text and "A,A" in text and "12 (A,A)" in text


def test_format_chart_ends_with_a_legend_of_the_codes_it_uses():
    """The chart text ends with ``legend`` and one line per code the chart uses (H, S, P, R,
    -), saying what it means; codes the chart does not use are not listed."""
    chart = {"name": "x", "hard": {"16": "S S S S S H H H H H"}, "soft": {"12": "H " * 10},
             "pairs": {"A": "P " * 10}, "late_surrender": {"16": "- - - - - - - R R R"}}
    lines = format_chart(chart).splitlines()
    start = lines.index("legend")
    legend = {line.split()[0]: line.split(None, 1)[1] for line in lines[start + 1:]}
    assert legend == {"H": "hit", "S": "stand", "P": "split", "R": "surrender",
                      "-": "don't surrender"}


def test_the_double_rescue_table_has_a_legend_of_its_own():
    """A chart with a rescue table (Spanish 21): its ``R`` and ``-`` are explained under a
    legend of their own as rescuing the doubled hand, not as surrendering; the main legend
    lists only the codes of the other tables (here no surrender table, so no R)."""
    chart = {"name": "x", "hard": {"16": "S S S S S H H H H H"}, "soft": {"12": "H " * 10},
             "pairs": {"A": "P " * 10}, "rescue": {"16": "- - - - - - R R R R"}}
    lines = format_chart(chart).splitlines()
    main, rescue = lines.index("legend"), lines.index("legend of the double rescue table")
    codes = {line.split()[0]: line.split(None, 1)[1] for line in lines[main + 1:rescue]}
    assert codes == {"H": "hit", "S": "stand", "P": "split"}
    codes = {line.split()[0]: line.split(None, 1)[1] for line in lines[rescue + 1:]}
    assert codes == {"R": "rescue: give up the doubled hand, losing the original bet only",
                     "-": "keep the doubled hand"}


def test_exact_prints_its_evs_right_aligned_under_their_header(monkeypatch, capsys):
    """``jost exact``: both EVs end in the column where their header ends."""
    import jost_engine.exact

    monkeypatch.setattr(jost_engine.exact, "analyse", lambda config: {
        "chart_source": "generated", "ev_td_percent": -0.40564, "ev_cd_percent": -12.40258,
        "seconds": 1.0, "moments": {"variance": 1.33, "sd": 1.15, "covariance_two_spots": 0.49,
                                    "correlation": 0.37, "variance_two_spots": 3.64}})
    assert run(["exact", "vegas-strip-6d-s17"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if "exact EV" in line)
    numbers = [line for line in lines if line.rstrip().endswith(("-0.40564", "-12.40258"))]
    assert len(numbers) == 2
    assert {len(line.rstrip()) for line in numbers} == {len(header.rstrip())}


def test_exact_text_shows_the_variance_and_covariance_lines(capsys):
    """``jost exact`` prints the moments of one and two hands, four significant digits."""
    assert run(["exact", '{"rules": {"decks": 6}}']) == 0
    lines = capsys.readouterr().out.splitlines()
    shown = {line.strip().rsplit("  ", 1)[0].strip(): line.split()[-1] for line in lines
             if "hand" in line and line.split()[-1][0].isdigit()}
    assert shown["variance of one hand [squared]"] == "1.332"
    assert shown["standard deviation of one hand"] == "1.154"
    assert shown["covariance of two hands [squared]"] == "0.4893"
    assert shown["correlation of two hands"] == "0.3674"


def test_exact_json_has_the_moments(capsys):
    assert run(["exact", '{"rules": {"decks": 6}}', "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    figures = out["moments"]
    assert figures["ev"] == pytest.approx(out["ev_td"], abs=1e-12)
    assert figures["variance"] == pytest.approx(1.3315, abs=1e-4)
    assert sum(chance for _, chance in figures["distribution"]) == pytest.approx(1, abs=1e-12)
