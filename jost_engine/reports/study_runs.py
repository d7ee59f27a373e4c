"""The studies a report runs or reads: one base and its variants on common shoes.

A report that compares configs runs them as one study
(:mod:`jost_engine.studies`): every variant gets the same ``run.seed`` and
``run.chunk_rounds``, so they are dealt from common shoes and each
difference from the base comes with its paired standard error (batch means
over the kernel's 64 sub-batches of shoes, :mod:`jost_engine.batches`, however
many chunks there are). On Dask the study goes through the jobs layer
(one study record, one job per variant); ``in_process`` runs the same
chunks here, one after another, and gives the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ..config import merge_config
from ..errors import JobError, JostError

#: Chunks per variant, so that a study spreads over the workers (the paired SEs do not
#: depend on it: they come from the kernel's sub-batches).
CHUNKS = 40
MIN_CHUNK_ROUNDS = 1_000


@dataclass
class StudyRun:
    """A finished (or read) study, as a report uses it.

    Attributes
    ----------
    label : str
        What the study asks.
    spec : dict
        Its spec.
    frame : pandas.DataFrame
        :meth:`jost_engine.studies.Study.results`: one row per variant, base first.
    results : dict
        Variant name -> :class:`~jost_engine.result.SimulationResult`, for the
        variants that are complete.
    study_id : str or None
        Its id in the ledger (None when run in process).
    """

    label: str
    spec: dict
    frame: pd.DataFrame
    results: dict = field(default_factory=dict)
    study_id: str | None = None

    @property
    def grid(self) -> list[str]:
        """The grid's field paths, in the spec's order."""
        return list(self.spec.get("grid") or {})

    @property
    def chunks(self) -> int | None:
        """Chunks of the base variant, if it is complete."""
        base = self.results.get("base")
        if base is None:
            return None
        run = base.config["run"]
        return math.ceil(run["rounds"] / run["chunk_rounds"])


def chunk_rounds(rounds: int) -> int:
    """Rounds per chunk so that ``rounds`` make :data:`CHUNKS` chunks (at least 1,000)."""
    return max(MIN_CHUNK_ROUNDS, math.ceil(rounds / CHUNKS))


def with_run(spec: dict, rounds: int, seed: int) -> dict:
    """The spec with the base's ``run.rounds`` and ``run.seed`` set, in :data:`CHUNKS` chunks.

    The variants inherit them from the base, so they share their shoes. A
    base that is a ``configs`` profile name is read first.
    """
    base = spec["base"]
    if isinstance(base, str):
        from ..profiles import ProfileStore

        base = ProfileStore().piece("configs", base)
    run = {"rounds": int(rounds), "seed": int(seed), "chunk_rounds": chunk_rounds(rounds)}
    return {**spec, "base": merge_config(base, {"run": run})}


def load_spec(spec) -> dict:
    """A study spec from a dict, a JSON file, inline JSON or a ``studies`` profile name."""
    if isinstance(spec, dict):
        return spec
    from ..profiles import study_from_spec

    return study_from_spec(str(spec))


def study_spec(spec, rounds: int, seed: int) -> dict:
    """A spec (dict, file, inline JSON or ``studies`` profile) set to run ``rounds`` rounds a
    variant from ``seed`` (:func:`with_run`)."""
    return with_run(load_spec(spec), rounds, seed)


def find_study(text: str) -> str | None:
    """The full id of the workspace ledger's study ``text`` names (id or prefix), or None."""
    from ..jobs import JobManager

    if not text or text.lstrip().startswith("{") or text.endswith(".json"):
        return None
    try:
        return JobManager().ledger.resolve_study(text)
    except JostError:
        return None


def run_here(spec: dict, exact: bool = True) -> StudyRun:
    """Run every variant of a study in this process, chunk after chunk; the same numbers."""
    from .. import registry
    from ..chart_cache import workspace_charts
    from ..studies import expand
    from ..studies.results import rows_frame, table_rows

    charts = workspace_charts()
    jobs, chunks, results = [], {}, {}
    for position, row in enumerate(expand(spec)):
        kind = registry.simulation_type(row.config)
        handler = registry.get(kind)
        worker = registry.worker_config(kind, row.config, charts)
        plan = handler.plan(row.config)
        job_id = f"here-{position}"
        chunks[job_id] = [handler.run_chunk(worker, c) for c in plan[:]]
        jobs.append({"id": job_id, "label": row.config.get("label", row.name),
                     "state": "COMPLETE", "rounds_done": registry.plan_rounds(plan),
                     "rounds_total": registry.plan_rounds(plan), "simulation_type": kind,
                     "config": row.config,
                     "meta": {"variant": row.name, "kind": row.kind, "fields": row.fields}})
        results[row.name] = handler.merge(row.config, chunks[job_id])
    frame = rows_frame(table_rows(jobs, chunks, exact))
    frame["job"] = None
    return StudyRun(spec.get("label", "study"), spec, frame, results)


def read(study, exact: bool = True) -> StudyRun:
    """A study of the ledger as it stands (a half-done one has every row, wider errors)."""
    frame = study.results(exact)
    results = {row.variant: study.manager.job(row.job).result(timeout=0)
               for row in frame.itertuples() if row.state == "COMPLETE"}
    info = study.info
    return StudyRun(info["label"], info["spec"], frame, results, study.id)


def run_on_dask(spec: dict, scheduler: str | None = None, timeout: float | None = None,
                exact: bool = True, project: str = "reports") -> StudyRun:
    """Submit a study to the jobs layer, wait for it and read it.

    Raises
    ------
    JobError
        When a variant failed or the study was cancelled.
    """
    from ..jobs import JobManager
    from ..studies import Study

    spec = {**spec, "project": spec.get("project") or project,
            "tags": list(dict.fromkeys([*(spec.get("tags") or []), "report"]))}
    with JobManager(scheduler=scheduler) as manager:
        study = Study.submit(spec, manager)
        state = study.wait(timeout)
        if state != "COMPLETE":
            raise JobError(f"study {study.id} ended {state}")
        return read(study, exact)


def read_by_id(study_id: str, exact: bool = True) -> StudyRun:
    """A study of the workspace's ledger, by id or unique prefix."""
    from ..jobs import JobManager
    from ..studies import Study

    return read(Study(JobManager(), study_id), exact)
