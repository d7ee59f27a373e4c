"""The effect of a rule change on the player's advantage: exact, with simulation beside it.

The effect of changing one rule of a game dealt off the top of the shoe is
the difference of two exact EVs (:func:`jost_engine.exact.exact_ev`, the
total-dependent basic strategy that ``"chart": "basic"`` plays): no
sampling error at all. A simulated effect (the game as dealt, with its cut
card) is shown beside it only where it says something: when its 95 %
interval is narrower than the exact effect is large, so that it resolves
the effect's sign (:func:`resolved`). Elsewhere its interval would be wider
than the effect itself, and it is left out.
"""

from __future__ import annotations

import math

import pandas as pd

from ..exact import exact_ev
from .tables import Z95

#: How a report states where the effects come from and when a simulated one is shown.
EXPLANATION = (
    "Each bar is the **exact** effect of changing that rule alone, for a round dealt off the "
    "top of the shoe with basic strategy for the changed rules (combinatorial analysis, "
    "`jost_engine.exact`: no sampling error). A point is the **simulated** effect in the "
    "game as dealt (cut card), with its 95 % interval; it is shown only where that interval "
    "is narrower than the exact effect is large (it resolves the effect's sign), and is "
    "otherwise marked *not resolved*: more rounds would be needed to say anything.")

COLUMNS = ["change", "exact_advantage", "exact_effect", "simulated_effect", "se_simulated",
           "ci_half_width", "simulated_shown"]


def exact_effects(base_rules: dict, changed: dict) -> dict:
    """The exact effect of each rule change off the top of the shoe.

    Parameters
    ----------
    base_rules : dict
        A config's ``rules`` section (the base game).
    changed : dict
        Change description -> the base rules with that one change (see
        :func:`jost_engine.reports.rule_changes`).

    Returns
    -------
    dict
        ``base`` -> the base game's exact advantage, and each change ->
        ``(advantage, effect)``: the changed game's exact advantage and its
        difference to the base [fraction of the initial bet].
    """
    base = exact_ev(base_rules)["ev_td"]
    out = {"base": base}
    for name, rules in changed.items():
        ev = exact_ev(rules)["ev_td"]
        out[name] = (ev, ev - base)
    return out


def resolved(effect: float, ci_half_width: float) -> bool:
    """Whether a simulated interval this wide says something about an effect this large.

    True when the half-width of the 95 % interval [fraction of the initial
    bet] is smaller than the size of the exact effect, i.e. the interval
    around the true effect does not reach zero.
    """
    return bool(math.isfinite(ci_half_width) and ci_half_width < abs(effect))


def rule_effects(base_rules: dict, changed: dict, simulated=None, z: float = Z95) -> pd.DataFrame:
    """Each rule change's exact effect, with the simulated effect where it resolves it.

    Parameters
    ----------
    base_rules, changed : dict
        As for :func:`exact_effects`.
    simulated : pandas.DataFrame, optional
        :func:`jost_engine.analysis.tables.rule_effects` of simulations of
        the same changes (columns ``change``, ``effect``, ``se_effect``).
    z : float
        Normal quantile of the simulated interval (1.96 for 95 %).

    Returns
    -------
    pandas.DataFrame
        One row per change, in the order of ``changed``: ``change``,
        ``exact_advantage`` and ``exact_effect`` [fraction of the initial
        bet]; ``simulated_effect``, ``se_simulated`` and ``ci_half_width``
        [fraction of the initial bet] (NaN without a simulation), and
        ``simulated_shown``: whether :func:`resolved` keeps the simulated
        effect beside the exact one.
    """
    exact = exact_effects(base_rules, changed)
    sims = {} if simulated is None else {row.change: row for row in simulated.itertuples()}
    rows = []
    for name in changed:
        advantage, effect = exact[name]
        sim = sims.get(name)
        value = float(sim.effect) if sim is not None else math.nan
        se = float(sim.se_effect) if sim is not None else math.nan
        rows.append({"change": name, "exact_advantage": advantage, "exact_effect": effect,
                     "simulated_effect": value, "se_simulated": se, "ci_half_width": z * se,
                     "simulated_shown": resolved(effect, z * se)})
    return pd.DataFrame(rows, columns=COLUMNS)


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """The table for people: effects in percent, a simulated cell only where it is shown.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`rule_effects`.

    Returns
    -------
    pandas.DataFrame
        Indexed by the change: ``exact effect [%]`` (signed) and
        ``simulated effect [%]`` as ``+0.07 ± 0.03`` (95 % interval) or
        ``not resolved`` (see :func:`resolved`) or ``not simulated``.
    """
    def simulated(row) -> str:
        if math.isnan(row.simulated_effect):
            return "not simulated"
        if not row.simulated_shown:
            return "not resolved"
        return f"{100 * row.simulated_effect:+.3f} ± {100 * row.ci_half_width:.3f}"

    return pd.DataFrame(
        {"exact effect [% of initial bet]": [f"{100 * e:+.3f}" for e in table["exact_effect"]],
         "simulated, 95 % interval [%]": [simulated(r) for r in table.itertuples()]},
        index=pd.Index(table["change"], name="rule change"))
