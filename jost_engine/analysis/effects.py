"""The effect of a rule change on the player's advantage: exact, with simulation beside it.

The effect of changing one rule of a game dealt off the top of the shoe is
the difference of two exact EVs (:func:`jost_engine.exact.exact_ev`, the
total-dependent basic strategy that ``"chart": "basic"`` plays): no
sampling error at all. The simulated effect beside it comes from one study
(:func:`jost_engine.reports.game_study`): the game off the top as its base,
one variant per rule change, all dealt from common shoes, so each effect is
a paired difference with its paired standard error
(:func:`study_effects`). Its 95 % interval is drawn beside every exact
effect; :func:`resolved` says whether it also settles the effect's sign.
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
    "`jost_engine.exact`: no sampling error). Each point is the **simulated** effect of the "
    "same change off the top, from one study: the game and its variants dealt from common "
    "shoes (the same cards wherever their play agrees), so the difference is measured with a "
    "paired standard error, several times smaller than two independent runs would give. "
    "The whisker is ± 1 standard error; the simulation agrees with the exact analysis where "
    "the bar's end lies within about two whiskers (1.96 SE, 95 %) of the point.")

COLUMNS = ["change", "exact_advantage", "exact_effect", "simulated_effect", "se_simulated",
           "ci_half_width", "simulated_shown"]


def study_effects(frame: pd.DataFrame, changes) -> pd.DataFrame:
    """The simulated effect of each change: its study row's paired difference from the base.

    Parameters
    ----------
    frame : pandas.DataFrame
        The results of a study whose base is the game and whose named
        variants are the changes (:meth:`jost_engine.studies.Study.results`).
    changes : iterable of str
        The variant names to read, in order.

    Returns
    -------
    pandas.DataFrame
        ``change``, ``effect`` (the paired difference of the advantage [fraction
        of the initial bet]), ``se_effect`` (its paired SE, batch means) and
        ``se_unpaired`` (the SE two independent runs would give).
    """
    rows = frame.set_index("variant")
    names = list(changes)

    def column(key: str) -> list[float]:  # NaN where missing (fewer than 20 batches: no SE)
        return pd.to_numeric(rows.loc[names, key], errors="coerce").astype(float).tolist()

    return pd.DataFrame({"change": names, "effect": column("paired_diff_advantage"),
                         "se_effect": column("paired_se_diff_advantage"),
                         "se_unpaired": column("unpaired_se_diff_advantage")})


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
        The simulated effects of the same changes (columns ``change``,
        ``effect``, ``se_effect``): :func:`study_effects`.
    z : float
        Normal quantile of the simulated interval (1.96 for 95 %).

    Returns
    -------
    pandas.DataFrame
        One row per change, in the order of ``changed``: ``change``,
        ``exact_advantage`` and ``exact_effect`` [fraction of the initial
        bet]; ``simulated_effect``, ``se_simulated`` and ``ci_half_width``
        [fraction of the initial bet] (NaN without a simulation), and
        ``simulated_shown``: whether there is a simulated effect with an SE
        to draw beside the exact one.
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
                     "simulated_shown": math.isfinite(se)})
    return pd.DataFrame(rows, columns=COLUMNS)


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """The table for people: the exact and simulated effects in percent.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`rule_effects`.

    Returns
    -------
    pandas.DataFrame
        Indexed by the change: ``exact effect [%]`` (signed) and the
        simulated effect ± 1 SE through the one formatter
        (``+0.073 % ± 0.012 %``) or ``not simulated``; ``(sign not resolved at
        95 %)`` where the 95 % interval reaches past zero (see :func:`resolved`).
    """
    from . import format as fmt
    from .estimates import Estimate

    def simulated(row) -> str:
        if not row.simulated_shown:
            return "not simulated"
        text = fmt.estimate(Estimate("advantage", row.simulated_effect, row.se_simulated))
        return text if resolved(row.exact_effect, row.ci_half_width) else (
            f"{text} (sign not resolved at 95 %)")

    return pd.DataFrame(
        {"exact effect [% of initial bet]": [f"{100 * e:+.3f}" for e in table["exact_effect"]],
         "simulated, ± 1 SE": [simulated(r) for r in table.itertuples()]},
        index=pd.Index(table["change"], name="rule change"))
