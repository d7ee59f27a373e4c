"""Exact side-bet figures: brute-force enumeration of a tiny shoe, and published edges."""

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from jost_engine.errors import ConfigError
from jost_engine.exact.sidebets import analyse, line_probabilities, side_bet
from jost_engine.exact.sidebets.composition import RED

# a tiny shoe: (rank 0..12, suit 0..3) of each physical card
TINY = [(0, 0), (0, 0), (1, 0), (2, 0), (2, 1), (11, 1), (11, 1), (12, 2), (10, 3), (9, 1),
        (10, 1)]
REFERENCES = json.loads((Path(__file__).parent / "data" / "side_bet_references.json")
                        .read_text())["references"]


def tiny_composition() -> np.ndarray:
    comp = np.zeros((13, 4))
    for rank, suit in TINY:
        comp[rank, suit] += 1
    return comp


def value(rank: int) -> int:
    return min(rank + 1, 10)


def poker3_line(cards) -> int:
    ranks = sorted(r for r, _ in cards)
    flush = len({s for _, s in cards}) == 1
    trips = ranks[0] == ranks[2]
    straight = (ranks[1] == ranks[0] + 1 and ranks[2] == ranks[1] + 1) or ranks == [0, 11, 12]
    if trips and flush:
        return 1
    if straight and flush:
        return 2
    return 3 if trips else 4 if straight else 5 if flush else 0


def pairs_line(cards) -> int:
    (r1, s1), (r2, s2) = cards
    if r1 != r2:
        return 0
    return 1 if s1 == s2 else 2 if RED[s1] == RED[s2] else 3


def twenty_line(cards, dealer) -> int:
    (r1, s1), (r2, s2) = cards
    if sum(11 if r == 0 else value(r) for r in (r1, r2)) != 20:
        return 0
    if (r1, s1) == (r2, s2) == (11, 1):
        dealer_bj = sorted(min(value(r), 10) for r, _ in dealer) == [1, 10]
        return 1 if dealer_bj else 2
    return 3 if (r1, s1) == (r2, s2) else 4 if s1 == s2 else 5


def dealer_bust_lines(h17: bool) -> np.ndarray:
    """Pay line probabilities of the dealer_bust set by dealing out every order of TINY."""
    out = np.zeros(7)

    def play(left: list, cards: list, p: float) -> None:
        hard = sum(value(r) for r, _ in cards)
        soft = any(r == 0 for r, _ in cards) and hard + 10 <= 21
        total = hard + 10 if soft else hard
        if total > 21:
            out[1 + 8 - min(len(cards), 8)] += p
            return
        if len(cards) >= 2 and (total > 17 or (total == 17 and not (soft and h17))):
            out[0] += p
            return
        for i in range(len(left)):
            play(left[:i] + left[i + 1:], cards + [left[i]], p / len(left))

    play(list(TINY), [], 1.0)
    return out


def enumerated(k: int, line_of, n_lines: int) -> np.ndarray:
    """Pay line probabilities over every ordered draw of k physical cards of TINY."""
    out = np.zeros(n_lines)
    draws = list(itertools.permutations(range(len(TINY)), k))
    for draw in draws:
        out[line_of([TINY[i] for i in draw])] += 1.0 / len(draws)
    return out


@pytest.mark.parametrize("name,k,line_of,n_lines", [
    ("21+3", 3, poker3_line, 6),
    ("perfect-pairs", 2, pairs_line, 4),
    ("lucky-ladies", 4, lambda c: twenty_line(c[:2], c[2:]), 6),
])
def test_card_bets_agree_with_enumerating_every_deal_of_a_tiny_shoe(name, k, line_of, n_lines):
    """Each pay line's probability equals the share of ordered deals of an 11-card shoe, 1e-12."""
    exact = line_probabilities(side_bet(name), tiny_composition())
    np.testing.assert_allclose(exact, enumerated(k, line_of, n_lines), rtol=0, atol=1e-12)


@pytest.mark.parametrize("h17", [False, True])
def test_dealer_bust_lines_agree_with_dealing_out_every_order_of_a_tiny_shoe(h17):
    """Buster's bust-by-card-count probabilities equal a brute-force deal of every order, 1e-12."""
    exact = line_probabilities(side_bet("buster"), tiny_composition(), h17)
    np.testing.assert_allclose(exact, dealer_bust_lines(h17), rtol=0, atol=1e-12)


@pytest.mark.parametrize("ref", REFERENCES, ids=lambda r: f"{r['bet']}-{r['paytable']}")
def test_house_edge_matches_the_published_figure(ref):
    """The exact edge rounds to the published Wizard of Odds figure (4 decimals of a percent)."""
    result = analyse(ref["bet"], ref["paytable"], ref["decks"], ref["h17"])
    assert round(100 * result["house_edge"], 4) == ref["house_edge_percent"]


def test_figures_add_up():
    """Pay line probabilities sum to 1, the SD is from the same lines, hit frequency is the wins."""
    r = analyse("21+3", "5-tier", 6)
    p = np.array([line["probability"] for line in r["lines"]])
    pays = np.array([line["pays"] for line in r["lines"]])
    assert p.sum() == pytest.approx(1.0, abs=1e-14)
    assert r["sd"] == pytest.approx(np.sqrt(p @ pays ** 2 - (p @ pays) ** 2), rel=1e-12)
    assert r["hit_frequency"] == pytest.approx(1.0 - p[0], abs=1e-14)
    assert r["element_of_risk"] == r["house_edge"]


def test_a_user_defined_pay_table_pays_its_own_lines():
    """A custom table over the category set: its edge is computed with its payouts."""
    custom = analyse("perfect-pairs", {"perfect_pair": 25, "colored_pair": 12, "mixed_pair": 6},
                     8)
    assert custom["paytable"] == "custom"
    assert custom["house_edge"] == pytest.approx(analyse("perfect-pairs", "25-12-6",
                                                         8)["house_edge"], abs=1e-15)


@pytest.mark.parametrize("name,table,needle", [
    ("keno", None, "side_bet.name: must be one of 21+3, perfect-pairs"),
    ("21+3", "7-tier", "side_bet.paytable: 21+3 has pay tables classic, 5-tier"),
    ("21+3", {"royal": 5}, "side_bet.paytable: 21+3 pays on suited_trips"),
    ("21+3", {"flush": "x"}, "side_bet.paytable.flush: must be a payout to one"),
])
def test_bad_bet_or_pay_table_is_refused_in_one_line(name, table, needle):
    """An unknown bet, table or category, or a bad payout: a ConfigError naming the field."""
    with pytest.raises(ConfigError) as info:
        side_bet(name, table)
    assert needle in str(info.value) and "\n" not in str(info.value)


def jost(*argv: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "jost_engine.cli", *argv], capture_output=True,
                          text=True, timeout=120)


def test_jost_exact_side_bet_prints_the_edge_and_every_pay_line():
    """``jost exact --side-bet buster --h17`` prints the 6.2143 % edge and the 7 pay lines."""
    done = jost("exact", "--side-bet", "buster", "--h17")
    assert done.returncode == 0, done.stderr
    assert "6.2143 %" in done.stdout
    assert all(name in done.stdout for name in ("bust_8_plus", "bust_3", "lose"))


@pytest.mark.parametrize("argv,needle", [
    (["--side-bet", "keno"], "side_bet.name: must be one of"),
    (["--side-bet", "21+3", "--paytable", "7-tier"], "side_bet.paytable: 21+3 has pay tables"),
])
def test_jost_exact_unknown_side_bet_or_table_exits_2_with_one_line(argv, needle):
    """An unknown bet or pay table: exit code 2 and one line on stderr naming the field."""
    done = jost("exact", *argv)
    assert done.returncode == 2
    assert needle in done.stderr and len(done.stderr.strip().splitlines()) == 1
