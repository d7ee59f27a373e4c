"""Templates and parameters: registry, entry points, checks before anything runs."""

from __future__ import annotations

import sys

import pytest
from reports_helpers import jost_report, write_notebook

from jost_engine import reports
from jost_engine.reports import parameters, templates
from jost_engine.reports.templates import Template, available


def test_every_shipped_template_declares_rounds_seed_and_the_runner_options():
    assert {"game", "counter", "compare", "job"} <= set(reports.available())
    for name in ("game", "counter", "compare", "job"):
        declared = reports.template_parameters(reports.get(name))
        assert {"rounds", "seed", "scheduler", "in_process"} <= set(declared), name
        assert isinstance(declared["rounds"]["default"], int)
        assert declared["rounds"]["help"]


def test_command_line_strings_are_parsed_to_the_defaults_types():
    values = reports.check_parameters(reports.get("counter"), {
        "rounds": "2_000_000", "seed": "7", "bankrolls": "[100, 200]", "config": "x.json"})
    assert values["rounds"] == 2_000_000 and values["seed"] == 7
    assert values["bankrolls"] == [100, 200] and values["config"] == "x.json"
    assert "scheduler" not in values
    items = reports.check_parameters(reports.get("compare"), {"items": "a, job:12"})["items"]
    assert items == ["a", "job:12"]
    assert parameters.coerce("x", "yes", False) is True
    assert parameters.coerce("x", "2e6", 1) == 2_000_000
    assert parameters.coerce("rounds", "3M", 1) == 3_000_000
    assert parameters.coerce("rounds", "1.5M", 1) == 1_500_000
    assert parameters.coerce("rounds", "500k", 1) == 500_000
    assert parameters.coerce("x", 3, 0.5) == 3.0


@pytest.mark.parametrize("given, message", [
    ({"round": "10"}, "unknown parameter 'round'"),
    ({"rounds": "many"}, "parameter rounds: must be a whole number such as .*15e6"),
    ({"rounds": "1.5"}, "parameter rounds: must be a whole number"),
    ({"rounds": "0"}, "parameter rounds: must be at least 1"),
    ({"seed": "-1"}, "parameter seed: must be 0 or more"),
    ({"scheduler": "tcp://x:1"}, "set by the runner; use --scheduler"),
    ({"rules": 5}, "parameter rules: expected text"),
])
def test_bad_parameters_are_one_clear_error(given, message):
    with pytest.raises(reports.ReportError, match=message):
        reports.check_parameters(reports.get("game"), given)


def test_a_required_parameter_must_be_given():
    with pytest.raises(reports.ReportError, match="job_id: required"):
        reports.check_parameters(reports.get("job"), {})


def test_a_parameters_cell_of_statements_is_refused():
    """A statement or an expression in the parameters cell is one clear error naming it."""
    with pytest.raises(reports.ReportError, match="rounds: the value '10print.*not a literal"):
        parameters.declared("rounds = 10\nprint(rounds)")
    with pytest.raises(reports.ReportError, match="only 'name = literal' lines"):
        parameters.declared("rounds = 10 * n")


def test_parameters_are_read_as_papermill_reads_them():
    """Annotated and multi-line parameters (papermill's syntax) are declared with their help,
    exactly as ``papermill.inspect_notebook`` lists them."""
    source = "rounds: int = 10  # rounds\nitems = [\n  'a',\n  'b',\n]  # the items\n"
    assert parameters.declared(source) == {
        "rounds": {"default": 10, "help": "rounds"},
        "items": {"default": ["a", "b"], "help": "the items"}}
    from papermill import inspect_notebook

    game = reports.get("game")
    assert list(reports.template_parameters(game)) == list(inspect_notebook(str(game.notebook)))


def test_a_template_without_parameters_cell_is_refused(tmp_path, monkeypatch):
    """A notebook with no cell tagged ``parameters`` cannot be a template: one clear error."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    notebook = new_notebook(cells=[new_code_cell("x = 1")])
    nbformat.write(notebook, str(tmp_path / "bare.ipynb"))
    with pytest.raises(reports.ReportError, match="'bare' declares no parameters"):
        reports.template_parameters(Template("bare", tmp_path / "bare.ipynb"))


def test_bad_input_runs_nothing_and_exits_2(tmp_path, capsys):
    assert jost_report(["game", "-p", "bogus", "1", "--reports-dir", str(tmp_path)]) == 2
    assert jost_report(["nosuch", "--reports-dir", str(tmp_path)]) == 2
    assert jost_report(["game", "-p", "rounds", "1", "-p", "rounds", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert {"compare", "counter", "game", "job", "study"} <= set(available())
    assert err == ["jost: unknown parameter 'bogus' for template 'game' (known: rounds, "
                   "rules, seed)",
                   "jost: unknown report template 'nosuch' (available: "
                   f"{', '.join(available())})",
                   "jost: parameter rounds: given twice"]
    assert list(tmp_path.iterdir()) == []


def test_list_shows_templates_and_parameters(capsys):
    assert jost_report(["--list"]) == 0
    out = capsys.readouterr().out
    assert "game: house edge" in out and "rounds = 10000000" in out


def test_a_package_registers_a_template_through_an_entry_point(tmp_path, monkeypatch):
    write_notebook(tmp_path / "mine.ipynb", "print(rounds)")
    (tmp_path / "my_reports.py").write_text(
        "from pathlib import Path\nfrom jost_engine.reports import Template\n"
        "MINE = Template('mine', Path(__file__).parent / 'mine.ipynb', 'my own')\n",
        encoding="utf-8")
    info = tmp_path / "my_reports-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: my-reports\nVersion: 0.1\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text("[jost.reports]\nmine = my_reports:MINE\n",
                                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    reports.refresh()
    try:
        assert "mine" in reports.available()
        template = reports.get("mine")
        assert template.description == "my own"
        assert reports.check_parameters(template, {"rounds": "5"})["rounds"] == 5
    finally:
        monkeypatch.undo()
        sys.modules.pop("my_reports", None)
        reports.refresh()
    assert "mine" not in reports.available()


def test_register_adds_a_template_for_the_session(tmp_path, monkeypatch):
    monkeypatch.setattr(templates, "_extra", {})
    write_notebook(tmp_path / "t.ipynb")
    reports.register(Template("session-only", tmp_path / "t.ipynb"))
    assert reports.get("session-only").notebook == tmp_path / "t.ipynb"


BAD_SPEC = '{"base": "strip-basic", "grid": {"rules.penetration": [0.7, 1.7]}}'
GOOD_SPEC = '{"base": "strip-basic", "grid": {"rules.penetration": [0.7, 0.8]}}'


@pytest.mark.parametrize("argv, line", [
    (["study", BAD_SPEC], "jost: variant 'rules.penetration=1.7': rules.penetration: must be "
                          "between 0.25 and 0.95, got 1.7"),
    (["study", GOOD_SPEC, "-p", "figure", "edge"], "jost: parameter figure: must be one of "
     "advantage, ev_per_round, win_rate_per_hour, score, di, sd_per_round, avg_bet, n0, ror, "
     "own_optimum_score, own_optimum_win_rate_per_hour, own_optimum_ce_per_hour, got 'edge'"),
    (["study", GOOD_SPEC, "-p", "rows", "rules.decks"], "jost: parameter rows: must be a varied "
     "field of the study (rules.penetration), got 'rules.decks'"),
    (["counter", "nosuch"], "jost: config profile 'nosuch': not found; known: ac-back-count, "
                            "downtown-hilo-1-8, strip-basic, strip-hilo-1-12"),
    (["counter", "{tmp}/bad.json"], "jost: rules.decks: must be between 1 and 8, got 0"),
    (["game", "nosuch"], "jost: rules profile 'nosuch': not found; known: "),
    (["compare", "-p", "items", "strip-basic, job:zzz"],
     "jost: parameter items, 'job:zzz': no job 'zzz' in {tmp}/ws/jobs.sqlite"),
    (["compare", "-p", "items", "strip-basic, {tmp}/bad.json"],
     "jost: rules.decks: must be between 1 and 8, got 0"),
    (["job", "nosuch"], "jost: no job 'nosuch' in {tmp}/ws/jobs.sqlite"),
])
def test_a_bad_config_variant_or_job_is_refused_before_a_cluster_or_notebook_starts(
        argv, line, tmp_path, monkeypatch, capsys):
    """Each shipped template checks its values up front (reports.preflight): one line naming
    the field, exit 2, no cluster connected and no report folder written (before, the
    notebook failed in its first cell, exit 1, after starting a cluster)."""
    from jost_engine.jobs import connect

    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path / "ws"))
    (tmp_path / "bad.json").write_text('{"rules": {"decks": 0}}', encoding="utf-8")
    connected = []
    monkeypatch.setattr(connect, "connect", lambda **kw: connected.append(kw))
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert jost_report([*argv, "--reports-dir", str(tmp_path / "reports")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(line.replace("{tmp}", str(tmp_path)))
    assert connected == [] and not (tmp_path / "reports").exists()


def test_list_items_take_the_type_of_the_defaults_items():
    """A number list given as text is read item by item as numbers; an item that is not a
    number is refused naming the item (``bankrolls[0]``), before any notebook runs."""
    counter = reports.get("counter")
    assert reports.check_parameters(counter, {"bankrolls": "1000,2000"})["bankrolls"] == [1000,
                                                                                        2000]
    assert reports.check_parameters(counter, {"bankrolls": "[250.5, 500]"})["bankrolls"] == [
        250.5, 500]
    with pytest.raises(reports.ReportError, match=r"parameter bankrolls: expected a list like "):
        reports.check_parameters(counter, {"bankrolls": "[a, b]"})
    with pytest.raises(reports.ReportError, match=r"parameter bankrolls\[1\]: expected a number, "
                                                   r"got 'x'"):
        reports.check_parameters(counter, {"bankrolls": "100,x"})


def test_a_bad_list_parameter_exits_2_before_anything_runs(tmp_path):
    """``jost report counter -p bankrolls "[a, b]"`` exits 2 with one line naming the parameter,
    and writes no report (no simulation, no notebook, nothing in the index)."""
    from jobs_helpers import run_jost

    folder = tmp_path / "reports"
    done = run_jost("report", "counter", "-p", "bankrolls", "[a, b]", "--in-process",
                    "--reports-dir", str(folder), workspace=tmp_path, ok=False)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "bankrolls" in done.stderr
    assert not folder.exists() or not any(folder.iterdir())
