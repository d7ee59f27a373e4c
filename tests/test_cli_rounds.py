"""One reader of round counts: ``3M``, ``2e6``, ``1_000_000``, ``1.5M``, ``500k``.

The command line's ``--rounds`` (``run``, ``submit``, ``optimize``), report
parameters and the workbench's Build tab read numbers with
:mod:`jost_engine.numbers`, so each accepts what the others accept.
"""

from __future__ import annotations

import pytest

from jost_engine import numbers
from jost_engine.cli import build_parser, main
from jost_engine.errors import JostError

SPELLINGS = [("3M", 3_000_000), ("2e6", 2_000_000), ("1_000_000", 1_000_000),
             ("1.5M", 1_500_000), ("500k", 500_000), ("1,000,000", 1_000_000), ("7", 7)]


@pytest.mark.parametrize("text, rounds", SPELLINGS)
def test_parse_rounds_reads_every_spelling_of_the_build_tab(text, rounds):
    """parse_rounds turns each spelling into the whole number it names."""
    assert numbers.parse_rounds(text) == rounds


@pytest.mark.parametrize("command", [["run", "cfg.json"], ["submit", "cfg.json"],
                                     ["optimize", "cfg.json"], ["study", "run", "s.json"],
                                     ["study", "submit", "s.json"]])
@pytest.mark.parametrize("text, rounds", SPELLINGS)
def test_every_rounds_option_reads_the_same_spellings(command, text, rounds):
    """``jost run|submit|optimize|study run|study submit --rounds TEXT`` parses TEXT to the
    same count."""
    args = build_parser().parse_args([*command, "--rounds", text])
    assert args.rounds == rounds


@pytest.mark.parametrize("text", ["3x", "1.5", "0", "-2M", "", "1e400"])
def test_a_bad_rounds_is_one_line_naming_the_option_and_the_forms_exit_2(text, capsys):
    """A bad ``--rounds`` exits 2 with one stderr line naming ``--rounds`` and the spellings."""
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "cfg.json", f"--rounds={text}"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert err.count("\n") == 1 and "argument --rounds:" in err
    assert numbers.EXAMPLES in err and repr(text) in err


def test_the_build_tab_reads_rounds_with_the_same_function():
    """The Build tab and the Study tab import their number reader from jost_engine.numbers."""
    from jost_widgets import builder, study_fields

    assert builder.parse_number is numbers.parse_number
    assert study_fields.parse_number is numbers.parse_number


def test_parse_number_names_the_field_in_its_error():
    """A bad number is one JostError naming the field and the accepted spellings."""
    with pytest.raises(JostError, match=r"^run\.rounds: must be a whole number such as .*500k"):
        numbers.parse_number("lots", "run.rounds", integer=True)


def test_study_rounds_sets_the_base_rounds_of_a_spec_whose_base_is_a_profile(tmp_path,
                                                                            monkeypatch):
    """``jost study run SPEC --rounds 3M``: the spec's base (a configs profile name) is read
    and its run.rounds set to 3,000,000; its seed and chunk size stay."""
    import json

    from jost_engine.cli.study import _spec

    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path))
    spec = json.dumps({"base": "strip-hilo-1-12", "variants": {"zen": {"strategy": "zen"}}})
    args = build_parser().parse_args(["study", "run", spec, "--rounds", "3M"])
    run = _spec(args)["base"]["run"]
    assert (run["rounds"], run["seed"], run["chunk_rounds"]) == (3_000_000, 1, 5_000_000)
