"""A racing study's parameters, as its jobs carry them (``meta["race"]``).

The spec's ``race`` section (:class:`~jost_engine.studies.spec.RaceSpec`)
plus what the race needs of the plan; the job layer builds the
:class:`~jost_engine.analysis.race.Race` from it (:mod:`jost_engine.jobs.batch`).
"""

from __future__ import annotations

from ..errors import StudyError
from .spec import RaceSpec

SHARED_RUN = ("rounds", "seed", "chunk_rounds")
"""Run fields every variant of a race must share: the same plan on common shoes."""


def race_params(race: RaceSpec, configs: list[dict]) -> dict:
    """The keyword arguments of :class:`~jost_engine.analysis.race.Race` (less ``names``).

    Raises
    ------
    StudyError
        When the variants do not share ``run.rounds``, ``run.seed`` and
        ``run.chunk_rounds`` (a race compares them chunk by chunk on common
        shoes), or one sets ``run.target_se`` (a variant stops by the race).
    """
    base = configs[0]["run"]
    for config in configs:
        run = config["run"]
        for key in SHARED_RUN:
            if run.get(key) != base.get(key):
                raise StudyError(f"race: every variant must share run.{key} (the race pairs "
                                 f"their chunks on common shoes); {config.get('label')!r} has "
                                 f"{run.get(key)!r}, the base {base.get(key)!r}", field="race")
        if run.get("target_se") is not None:
            raise StudyError("race: run.target_se cannot be set in a racing study (the race "
                             "decides where each variant stops)", field="race")
    if race.top_k >= len(configs):
        raise StudyError(f"race.top_k: must be below the number of variants "
                         f"({len(configs)}), got {race.top_k}", field="race.top_k")
    chunks = -(-base["rounds"] // base["chunk_rounds"])
    return {"plan_chunks": chunks, "chunk_rounds": base["chunk_rounds"],
            "metric": race.metric, "confidence": race.confidence, "top_k": race.top_k,
            "budget_rounds": race.budget_rounds, "look_every": race.look_every,
            "rounds_per_hour": base.get("rounds_per_hour")}


def race_in_process(spec: dict, uniform: bool = False):
    """Run a racing study in this process, stage by stage; its Race and the chunk tallies.

    The decisions are those the study takes on Dask (they depend on the
    chunks alone). With ``uniform`` every variant runs its whole plan (a
    uniform allocation) and the race is replayed over the same chunks, so
    the two can be compared on the same shoes.

    Returns
    -------
    (Race, list of Row, dict)
        The race (``outcomes`` by variant name), the study's rows, and
        variant name -> its chunk tallies, in chunk order.
    """
    from ..analysis.race import Race
    from ..config import validate_config
    from ..prepare import prepare
    from ..simulation import plan, run_chunk
    from .expand import expand
    from .spec import parse_spec

    checked = parse_spec(spec)
    if checked.race is None:
        raise StudyError("race: this study has no race section", field="race")
    rows = expand(checked)
    params = race_params(checked.race, [r.config for r in rows])
    race = Race([r.name for r in rows], **params)
    models = {r.name: validate_config(r.config) for r in rows}
    inputs = {name: prepare(model) for name, model in models.items()}
    tallies = {r.name: [] for r in rows}
    for chunk in plan(rows[0].config):
        names = [r.name for r in rows] if uniform else race.racing
        if not names:
            break
        for name in names:
            tally = run_chunk(models[name], chunk, inputs[name])
            tallies[name].append(tally)
            race.add(name, chunk.index, tally)
    return race, rows, tallies
