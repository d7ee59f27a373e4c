"""``jost study``'s table writes side bet columns through the one formatter.

Rows come from :func:`jost_engine.studies.results.table_rows` over chunk tallies played in
process (a small Buster run with a side count entry); the table is
:func:`jost_engine.cli.study.format_table`.
"""

from __future__ import annotations

import re

from jobs_helpers import blackjack_config

from jost_engine import registry
from jost_engine.analysis import format as fmt
from jost_engine.analysis.estimates import Estimate
from jost_engine.cli.study import format_table
from jost_engine.studies.results import table_rows


def _job(name: str, penetration: float) -> tuple[dict, list]:
    """A study job of two 20,000-round chunks of Buster with an entry, and its tallies."""
    config = blackjack_config(40_000, 20_000, 3)
    config["rules"]["penetration"] = penetration
    config["side_bets"] = [{"name": "buster", "entry": 2}]
    config = registry.validate(config)
    tallies = [registry.run_chunk("blackjack", config, c)[0]
               for c in registry.plan("blackjack", config)]
    job = {"id": name, "label": name, "state": "COMPLETE", "rounds_done": 40_000,
           "rounds_total": 40_000, "simulation_type": "blackjack", "config": config,
           "meta": {"variant": name, "kind": "base" if name == "base" else "variant",
                    "fields": {"rules.penetration": penetration}}}
    return job, tallies


def test_side_bet_columns_are_estimates_with_their_se_not_raw_fractions():
    """The table has 'buster house edge' and 'buster entry win/100' columns whose cells are
    the formatter's 'value ± SE' of each row's figures; no ``side_bet.*`` column is shown as
    a varied field, and no raw fraction such as 0.0612879 appears."""
    jobs = [_job("base", 0.75), _job("deeper", 0.85)]
    rows = table_rows([j for j, _ in jobs], {j["id"]: t for j, t in jobs}, exact=False)
    text = format_table(rows)
    header = text.splitlines()[0]
    assert "buster house edge" in header and "buster entry win/100" in header
    assert "side_bet." not in text
    for row in rows:
        edge = fmt.estimate(Estimate("side_bet_house_edge", row["side_bet.buster.house_edge"],
                                     row["side_bet.buster.se_house_edge"]))
        win = fmt.estimate(Estimate("side_bet_win_rate",
                                    row["side_bet.buster.entry_win_per_100"],
                                    row["side_bet.buster.entry_se_win_per_100"]))
        assert re.fullmatch(r"\d+\.\d+ % ± \d+\.\d+ %", edge)
        assert " ± " in win
        assert edge in text and win in text
    assert not re.search(r"\b0\.0\d{5,}\b", text)
