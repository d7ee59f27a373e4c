"""A study's jobs as one batch: recorded, started, cancelled and resumed together.

Mixed into :class:`~jost_engine.jobs.manager.JobManager`. The job layer does
not read a study's spec (``jost_engine.studies`` makes the configs); it
records the batch in one transaction and drives all its jobs with one
:class:`~.driver.Driver`, their chunks interleaved by chunk index.
"""

from __future__ import annotations

import threading

from .. import registry
from ..chart_cache import workspace_charts
from ..errors import JobError, JostError
from .access import refuse_unchangeable
from .ledger import ACTIVE, CANCELLED, FAILED, INTERRUPTED, PENDING, RESUMABLE
from .owner import Owner
from .progress import stop_note


def study_key_prefix(study_id: str) -> str:
    """Start of the Dask keys of a study's chunks, as the dashboard shows them."""
    return f"jost-study-{study_id}"


class RaceMember:
    """One variant's view of a racing study (:class:`~jost_engine.analysis.race.Race`),
    as the driver's stopping rule of its stream (see :mod:`.driver`)."""

    def __init__(self, race, name: str):
        self.race = race
        self.name = name

    @property
    def reached(self) -> bool:
        """Whether the variant has left the race (eliminated, resolved, or out of budget)."""
        return self.name in self.race.outcomes

    @property
    def stop_index(self) -> int | None:
        """The last chunk of its answer, once it has left the race."""
        outcome = self.race.outcomes.get(self.name)
        return None if outcome is None else outcome.last_chunk

    def add_partial(self, index: int, partial: dict) -> bool:
        """Give the race a saved chunk of this variant; whether the variant has left it."""
        self.race.add(self.name, index, partial)
        return self.reached

    def record(self) -> dict:
        """What the job's ``meta["stop"]`` says about how it left the race."""
        outcome = self.race.outcomes[self.name]
        return {"reason": outcome.state, "against": outcome.against, "diff": outcome.diff,
                "se": outcome.se, "z": self.race.z}


def race_members(ledger, study_id: str) -> dict:
    """Job id -> :class:`RaceMember` for a study whose jobs carry ``meta["race"]``; {} else.

    The race is replayed from every saved chunk of every variant (those
    already COMPLETE too), so a resumed race takes the decisions it took.
    """
    rows = ledger.study_jobs(study_id)
    params = rows[0]["meta"].get("race") if rows else None
    if not params:
        return {}
    from ..analysis.race import Race

    race = Race([r["id"] for r in rows], **params)
    for row in rows:
        for index, partial in ledger.indexed_partials(row["id"]):
            race.add(row["id"], index, partial)
    return {r["id"]: RaceMember(race, r["id"]) for r in rows}


class BatchMethods:
    """Studies as batches of jobs (a mixin of :class:`JobManager`)."""

    def create_study(self, label: str, spec: dict, configs: list[dict],
                     meta: dict | None = None, job_metas: list[dict] | None = None) -> str:
        """Record a study and one PENDING job per config (already validated); its id.

        Parameters
        ----------
        label : str
        spec : dict
            The spec, stored as given.
        configs : list of dict
            Complete configs (:func:`jost_engine.registry.validate`), base first.
        meta : dict, optional
            The study's ``project``, ``tags``...; each job gets them too.
        job_metas : list of dict, optional
            More metadata for each job (its variant's name and fields).
        """
        meta = dict(meta or {})
        jobs = []
        for position, config in enumerate(configs):
            name = registry.simulation_type(config)
            chunks = registry.plan(name, config)
            extra = job_metas[position] if job_metas else {}
            jobs.append({"config": config, "simulation_type": name,
                         "label": registry.label(config),
                         "meta": {**meta, **extra, **stop_note(name, config)},
                         "chunks_total": len(chunks),
                         "rounds_total": registry.plan_rounds(chunks)})
        study_id, _ = self.ledger.create_study(label, spec, meta, jobs, Owner.of())
        return study_id

    def study_job_ids(self, study_id: str) -> list[str]:
        """The ids of a study's jobs, base first."""
        return [r["id"] for r in self.ledger.study_jobs(self.ledger.resolve_study(study_id))]

    def start_study(self, study_id: str, from_states: tuple[str, ...] = (PENDING,),
                    background: bool = True):
        """Run the missing chunks of every job of a study in ``from_states``, interleaved.

        Returns
        -------
        Driver
            Its ``done`` event is set when the run ends.

        Raises
        ------
        JobError
            When no job of the study is in one of ``from_states``.
        """
        from .driver import Driver, Stream

        full = self.ledger.resolve_study(study_id)
        rows = {r["id"]: r for r in self.ledger.study_jobs(full) if r["state"] in from_states}
        ids = list(rows)
        if not ids:
            raise JobError(f"study {full}: no variant is {' / '.join(from_states)}")
        try:
            conn = self.connection
        except JostError as exc:
            self.ledger.finish_many(ids, FAILED, str(exc), from_states=(PENDING,))
            raise
        configs = self.ledger.study_configs(full)
        members = race_members(self.ledger, full)
        done = self.ledger.study_done_indices(full)
        chunks = {j: registry.Remaining(registry.get(rows[j]["simulation_type"]).plan(configs[j]),
                                        done.get(j, set())) for j in ids}
        runs = self.ledger.claim_many(ids, Owner.of(), from_states,
                                      {j: len(c) for j, c in chunks.items()}, conn.address,
                                      conn.dashboard_link)
        prefix = study_key_prefix(full)
        streams = [Stream(j, runs[j], rows[j]["simulation_type"], configs[j], chunks[j],
                          prefix, rule=members.get(j)) for j in ids if j in runs]
        if not streams:
            raise JobError(f"study {full}: its variants were taken by another process")
        event = f"jost-cancel-{full}-{max(runs.values())}"
        driver = Driver(self.ledger, conn.client, streams, event_name=event,
                        prepare=self._worker_configs)
        for stream in streams:
            self._drivers[stream.job_id] = driver
        if background:
            threading.Thread(target=driver.run, name=f"jost-study-{full}", daemon=True).start()
        else:
            driver.run()
        return driver

    def _worker_configs(self, streams) -> None:
        """Write out what the workers are sent (basic charts: seconds per new rule set)."""
        charts = workspace_charts(self.ledger.folder)
        for stream in streams:
            stream.config = registry.worker_config(stream.simulation_type, stream.config, charts)

    def drive_study(self, study_id: str, resume: bool = False) -> None:
        """Run a study in this thread until it ends (the runner of ``jost study submit``)."""
        self.start_study(study_id, (PENDING, *RESUMABLE) if resume else (PENDING,),
                         background=False)

    def resume_study(self, study_id: str):
        """Run the missing chunks of every INTERRUPTED, CANCELLED or FAILED job of a study.

        The COMPLETE ones are left as they are.
        """
        self.ledger.recover()
        return self.start_study(study_id, RESUMABLE)

    def cancel_study(self, study_id: str) -> int:
        """Cancel every active job of a study (CANCELLED at once); how many were active."""
        ids = self.study_job_ids(study_id)
        changed = self.ledger.finish_many(ids, CANCELLED, from_states=ACTIVE)
        if not changed:
            refuse_unchangeable(self.ledger, ids, f"study {study_id}")
        for driver in {id(d): d for j in changed if (d := self._drivers.get(j))}.values():
            driver.cancel()
        return len(changed)

    def interrupt_study(self, study_id: str, error: str) -> None:
        """Mark a study's active jobs INTERRUPTED (its runner did not start)."""
        self.ledger.finish_many(self.study_job_ids(study_id), INTERRUPTED, error,
                                from_states=(PENDING,))
