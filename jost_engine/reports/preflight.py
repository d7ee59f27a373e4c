"""The shipped templates' checks of their parameter values, before anything runs.

:func:`jost_engine.reports.run_report` calls a template's ``check`` after the
parameters' types are checked and before a cluster is connected or a
notebook started, so a bad config, study variant or job id costs no cluster
start and leaves no failed report folder: one line naming the parameter or
the field and what it allows, exit code 2 (1 for a job not finished).

Each check builds what its notebook's first cell builds, from the same
functions, without simulating anything.
"""

from __future__ import annotations

from ..errors import JobError, JobNotCompleteError, ReportError
from . import study_runs, work


def counter(values: dict) -> None:
    """The ``config`` parameter is a profile or JSON file whose config validates.

    Raises
    ------
    ProfileError, ConfigError
        For an unknown profile, an unreadable file or a bad field.
    """
    from .. import registry

    registry.validate(work.prepare(values["config"], values["rounds"], values["seed"]))


def game(values: dict) -> None:
    """The ``rules`` profile gives a valid rule-effects study (every changed rule too)."""
    from ..studies import expand

    expand(work.game_study(values["rules"], values["rounds"], values["seed"]))


def _job(job_id: str) -> None:
    """A job of the workspace's ledger (id or unique prefix) that is COMPLETE.

    Raises
    ------
    JobError
        When the ledger has no such job (exit 2).
    JobNotCompleteError
        When it has not finished, or ended without a result (exit 1).
    """
    from ..jobs import COMPLETE, JobManager

    found = JobManager().job(job_id)
    state = found.status
    if state != COMPLETE:
        raise JobNotCompleteError(f"job {found.id} is {state}: a report reads a COMPLETE job")


def compare(values: dict) -> None:
    """Every item is a valid config (together, a valid study) or a finished job."""
    items = values["items"]
    if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
        raise ReportError(f"parameter items: a list of config profiles, JSON config paths or "
                          f"'job:ID', got {items!r}")
    configs = [i for i in items if not i.startswith("job:")]
    if configs:
        from ..studies import expand

        expand(work.compare_study(configs, values["rounds"], values["seed"])[0])
    for item in items:
        if item.startswith("job:"):
            try:
                _job(item[4:])
            except (JobError, JobNotCompleteError) as exc:
                raise type(exc)(f"parameter items, {item!r}: {exc}") from None


def job(values: dict) -> None:
    """The ``job_id`` names a job of the ledger that has a result."""
    _job(values["job_id"])


def study(values: dict) -> None:
    """A study id of the ledger, or a spec whose every variant validates; and the figure,
    ``rows`` and ``columns`` are among the study's figures and varied fields.

    Raises
    ------
    StudyError
        For a bad spec or variant, naming the variant and the field.
    ReportError
        For a figure or a field the study does not have.
    """
    from ..analysis import study_tables
    from ..studies import Study, expand

    found = study_runs.find_study(values["study"])
    if found:
        from ..jobs import JobManager

        fields = study_tables.varied_fields(Study(JobManager(), found).results(exact=False))
    else:
        spec = study_runs.study_spec(values["study"], values["rounds"], values["seed"])
        fields = list(expand(spec)[0].fields)
    study_tables.check_names(list(study_tables.TABLE_FIGURES), fields, values["figure"],
                             values["rows"], values["columns"])
