"""The simulations a report needs: configs prepared from parameters, run on Dask or in-process.

Templates build configs with :func:`prepare` (profiles hydrated, ``rounds``
and ``seed`` applied) and run them with a :class:`Simulator`, which submits
every config to the jobs layer at once (or, ``in_process=True``, runs them
here one by one: the same numbers, since chunk streams depend only on the
seed and the chunk index).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from .. import registry
from ..config import merge_config
from ..profiles import hydrate
from . import study_runs

MAX_CHUNK_ROUNDS = 5_000_000
MIN_CHUNK_ROUNDS = 1_000
TARGET_CHUNKS = 50  # a run with a target SE has at least this many chunks (if 1,000 rounds each)


def prepare(config, rounds: int | None = None, seed: int | None = None,
            target_se: float | None = None) -> dict:
    """A hydrated config with ``run.rounds``, ``run.seed`` and its label set.

    Without a label of its own, the config gets its default label
    (:func:`jost_engine.config.default_label`), as its job would.

    Parameters
    ----------
    config : dict or str
        A config, a ``configs`` profile name, or a path to a JSON config.
    rounds, seed : int, optional
        Override the config's; ``chunk_rounds`` is lowered to ``rounds``
        (at least 1000) so a small run is one chunk.
    target_se : float, optional
        Stop at this SE of the advantage [percentage points of the initial
        bet] (``run.target_se``); ``rounds`` is then the budget, cut into at
        least 50 chunks so the run can stop close to the target.
    """
    if isinstance(config, str) and config.endswith(".json") and Path(config).is_file():
        config = json.loads(Path(config).read_text(encoding="utf-8"))
        config = config.get("config", config)
    data = copy.deepcopy(hydrate(config))
    run = data.setdefault("run", {})
    if rounds is not None:
        run["rounds"] = int(rounds)
    if seed is not None:
        run["seed"] = int(seed)
    chunk = min(run.get("chunk_rounds", MAX_CHUNK_ROUNDS), run.get("rounds", MAX_CHUNK_ROUNDS))
    if target_se is not None:
        run.update(target_se=float(target_se), max_rounds=run.get("rounds"))
        chunk = min(chunk, run.get("rounds", MAX_CHUNK_ROUNDS) // TARGET_CHUNKS)
    run["chunk_rounds"] = max(MIN_CHUNK_ROUNDS, chunk)
    if not data.get("label"):  # the label the job of this config gets in the ledger
        data["label"] = registry.label(registry.validate(data))
    return data


def game(rules, rounds: int, seed: int) -> dict:
    """A basic-strategy, flat-bet config of a rules profile (name or dict)."""
    return prepare({"rules": rules, "run": {"rounds": rounds, "seed": seed}}, rounds, seed)


def rule_changes(rules: dict) -> dict:
    """One change of each main rule away from ``rules``: description -> changed rules.

    Each change flips a rule to its common alternative (S17 <-> H17, 3:2 <->
    6:5, ...), so every effect is measured against the same base game.
    """
    r = rules
    changes = {
        ("dealer hits soft 17" if not r.get("dealer_hits_soft_17") else "dealer stands on soft 17"):
            {"dealer_hits_soft_17": not r.get("dealer_hits_soft_17", False)},
        ("blackjack pays 6:5" if r.get("blackjack_pays", 1.5) == 1.5 else "blackjack pays 3:2"):
            {"blackjack_pays": 1.2 if r.get("blackjack_pays", 1.5) == 1.5 else 1.5},
        ("no double after split" if r.get("double_after_split", True)
         else "double after split"):
            {"double_after_split": not r.get("double_after_split", True)},
        ("double on 10-11 only" if r.get("double", "any") == "any" else "double on any two"):
            {"double": "10-11" if r.get("double", "any") == "any" else "any"},
        ("late surrender" if r.get("surrender", "none") == "none" else "no surrender"):
            {"surrender": "late" if r.get("surrender", "none") == "none" else "none"},
        ("resplit aces" if not r.get("resplit_aces") else "no resplitting aces"):
            {"resplit_aces": not r.get("resplit_aces", False)},
        ("8 decks" if r.get("decks", 6) != 8 else "6 decks"):
            {"decks": 8 if r.get("decks", 6) != 8 else 6},
    }
    return {name: {**rules, **change} for name, change in changes.items()}


#: The game report's variant that deals the game as its rules say (cut card), beside the
#: study's base dealt off the top.
AS_DEALT = "as dealt (cut card)"


def game_study(rules, rounds: int, seed: int) -> dict:
    """The study of a game's rule effects: the game off the top and each rule changed alone.

    The base is the game (basic strategy, flat bet) with a fresh shoe every
    round, where the exact effects apply; one named variant per change of
    :func:`rule_changes`, and :data:`AS_DEALT` (the game with its cut card,
    for the house edge as dealt) when the game is dealt from a cut-card shoe.
    Every variant has the same rounds, seed and chunks: common shoes.
    """
    base = game(rules, rounds, seed)
    dealt = base["rules"].get("reshuffle", "cut_card")
    base["rules"]["reshuffle"] = "every_round"
    variants = {name: {"rules": changed} for name, changed in rule_changes(base["rules"]).items()}
    if dealt != "every_round":
        variants[AS_DEALT] = {"rules.reshuffle": dealt}
    label = f"rule effects: {base.get('label') or rules}"
    return study_runs.with_run({"label": label[:200], "base": base, "variants": variants},
                               rounds, seed)


def variant_name(item: str, taken) -> str:
    """A study variant's name for a compare item: the item, cut to 64 characters, unique."""
    name = item[:60] if len(item) > 64 else item
    n = 1
    while name in taken or name == "base":
        n += 1
        name = f"{item[:58]} ({n})"
    return name


def compare_study(items: list, rounds: int, seed: int) -> tuple[dict, dict, dict]:
    """The study of several configs compared: the first is the base, the others its variants.

    Each config is validated complete, so a variant merged over the base is
    exactly that config; they share rounds, seed and chunks (common shoes).

    Returns
    -------
    spec : dict
    names : dict
        Item -> its row's variant name (``"base"`` for the first).
    configs : dict
        Item -> its config as prepared (with its own label).
    """
    from .. import registry

    run = {"run": {"chunk_rounds": study_runs.chunk_rounds(rounds)}}
    configs = {item: registry.validate(merge_config(prepare(item, rounds, seed), run))
               for item in items}
    names, variants = {}, {}
    for position, (item, config) in enumerate(configs.items()):
        names[item] = "base" if position == 0 else variant_name(item, variants)
        if position:
            variants[names[item]] = config
    spec = {"label": "compare: " + ", ".join(items)[:180], "base": configs[items[0]],
            "variants": variants}
    return study_runs.with_run(spec, rounds, seed), names, configs


def compare_items(sim, items: list, rounds: int, seed: int):
    """Results of a compare report's items: the configs as one study, the jobs as they ran.

    Parameters
    ----------
    sim : Simulator
    items : list of str
        Config profiles, JSON config paths, or ``job:ID`` for a finished job.
    rounds, seed : int
        Of the configs' study.

    Returns
    -------
    results : dict
        Item -> :class:`~jost_engine.result.SimulationResult`, in the order of
        ``items`` (each config's result keeps its own label).
    frame : pandas.DataFrame or None
        The configs' study table (:meth:`jost_engine.studies.Study.results`)
        with an ``item`` column, the first config its base; None without configs.
    """
    configs = [i for i in items if not str(i).startswith("job:")]
    results, frame = {}, None
    if configs:
        spec, names, prepared = compare_study(configs, rounds, seed)
        run = sim.run_study(spec, exact=False)
        for item in configs:
            results[item] = run.results[names[item]]
            results[item].config["label"] = prepared[item].get("label") or item
        frame = run.frame.assign(item=configs)
    results.update({i: sim.job_result(i[4:]) for i in items if str(i).startswith("job:")})
    return {i: results[i] for i in items}, frame


class Simulator:
    """Runs configs through the jobs layer (Dask), or in this process.

    Parameters
    ----------
    scheduler : str, optional
        The Dask scheduler's address; else ``$JOST_SCHEDULER``, ``jost
        cluster up`` or a new LocalCluster (see :class:`~jost_engine.jobs.JobManager`).
    in_process : bool
        Run here, one chunk after another, without Dask.
    timeout : float, optional
        How long to wait for each job [s].
    project : str
        The project stored with the jobs.
    """

    def __init__(self, scheduler: str | None = None, in_process: bool = False,
                 timeout: float | None = None, project: str = "reports"):
        self.scheduler = scheduler
        self.in_process = in_process
        self.timeout = timeout
        self.project = project
        self.job_ids: dict = {}

    def run_all(self, configs: dict) -> dict:
        """Run several configs; name -> :class:`~jost_engine.result.SimulationResult`.

        On Dask, every config is submitted before any result is awaited, so
        the jobs share the cluster. The job ids are kept in :attr:`job_ids`.
        """
        if self.in_process:
            from .. import registry
            from ..chart_cache import workspace_charts
            from ..simulation import run_simulation_from_config

            charts = workspace_charts()
            return {name: run_simulation_from_config(c, charts=charts)
                    if registry.simulation_type(c) == registry.DEFAULT_TYPE
                    else registry.run_in_process(c)  # another game: through its handler
                    for name, c in configs.items()}
        from ..jobs import JobManager

        with JobManager(scheduler=self.scheduler) as manager:
            jobs = {name: manager.submit(c, project=self.project, tags=["report"])
                    for name, c in configs.items()}
            self.job_ids.update({name: job.id for name, job in jobs.items()})
            return {name: job.result(self.timeout) for name, job in jobs.items()}

    def run(self, config: dict):
        """Run one config; its result."""
        return self.run_all({"run": config})["run"]

    def run_study(self, spec, exact: bool = True) -> study_runs.StudyRun:
        """Run a study (a spec, or what :func:`study_runs.load_spec` reads) to its end.

        On Dask it is one study in the ledger (project ``reports`` unless the
        spec names one); in process its variants run here, with the same numbers.
        """
        spec = study_runs.load_spec(spec)
        if self.in_process:
            return study_runs.run_here(spec, exact)
        run = study_runs.run_on_dask(spec, self.scheduler, self.timeout, exact, self.project)
        self.job_ids.update({r.variant: r.job for r in run.frame.itertuples()})
        return run

    @staticmethod
    def study_result(study_id: str, exact: bool = True) -> study_runs.StudyRun:
        """A study of the workspace's ledger as it stands, by id or unique prefix."""
        return study_runs.read_by_id(study_id, exact)

    @staticmethod
    def job_result(job_id: str):
        """The result of a finished job of the workspace's ledger, by id or unique prefix."""
        from ..jobs import JobManager

        manager = JobManager()
        return manager.job(job_id).result(timeout=0)

    @staticmethod
    def job_chunks(job_id: str) -> list:
        """The saved per-chunk tallies of a blackjack job, in chunk order."""
        from ..jobs import JobManager
        from ..tally import Tally

        manager = JobManager()
        job = manager.job(job_id)
        return [Tally.from_dict(p) for p in manager.ledger.partials(job.id)]
