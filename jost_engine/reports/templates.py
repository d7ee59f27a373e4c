"""The registry of report templates (entry point group ``jost.reports``).

A template is a parameterised notebook (a cell tagged ``parameters``). A
package adds its own by declaring, in its ``pyproject.toml``::

    [project.entry-points."jost.reports"]
    mygame = "mypackage.reports:MYGAME"

where ``MYGAME`` is a :class:`Template`. :func:`register` does the same for
one session, without installing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from ..errors import ReportError
from . import preflight

GROUP = "jost.reports"
#: The shipped templates: package data, so an installed wheel has them too.
NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


@dataclass(frozen=True)
class Template:
    """A report template.

    Attributes
    ----------
    name : str
        The name ``jost report NAME`` takes.
    notebook : str or Path
        The template notebook.
    description : str
        One line for ``jost report --list``.
    required : tuple of str
        Parameters that must be given a non-empty value.
    label_from : str, optional
        The parameter whose value names the report's folder.
    check : callable, optional
        ``check(values)``, called with every parameter's value before a
        cluster is connected or the notebook started; raises a
        :class:`~jost_engine.errors.JostError` for a value the notebook
        would fail on (see :mod:`jost_engine.reports.preflight`).
    """

    name: str
    notebook: str | Path
    description: str = ""
    required: tuple = field(default_factory=tuple)
    label_from: str | None = None
    check: Callable[[dict], None] | None = None


GAME = Template("game", NOTEBOOKS / "report_game.ipynb",
                "house edge of a rules profile and the effect of each rule", (), "rules",
                preflight.game)
COUNTER = Template("counter", NOTEBOOKS / "report_counter.ipynb",
                   "win rate, SD, DI, SCORE, N0, EV by true count, risk of ruin", (), "config",
                   preflight.counter)
COMPARE = Template("compare", NOTEBOOKS / "report_compare.ipynb",
                   "several configs, profiles or finished jobs side by side", ("items",), None,
                   preflight.compare)
STUDY = Template("study", NOTEBOOKS / "report_study.ipynb",
                 "a study's variants: tables of tables, the ranked variants, exact EVs, "
                 "paired differences", ("study",), "study", preflight.study)
JOB = Template("job", NOTEBOOKS / "report_job.ipynb",
               "the full result of a finished job", ("job_id",), "job_id", preflight.job)

_extra: dict[str, Template] = {}


@cache
def _installed() -> dict:
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def refresh() -> None:
    """Forget the cached entry points (after installing a package of templates)."""
    _installed.cache_clear()


def register(template: Template) -> None:
    """Add (or replace) a template for this session."""
    _extra[template.name] = template


def available() -> list[str]:
    """The names of the templates, sorted."""
    return sorted(set(_installed()) | set(_extra) | {"game", "counter", "compare", "job",
                                                           "study"})


def get(name: str) -> Template:
    """The template of a name.

    Raises
    ------
    ReportError
        For an unknown name, or an entry point that is not a Template.
    """
    if name in _extra:
        return _extra[name]
    entry = _installed().get(name)
    if entry is None:
        builtin = {t.name: t for t in (GAME, COUNTER, COMPARE, JOB, STUDY)}
        if name in builtin:  # the package used without its entry points (not installed)
            return builtin[name]
        raise ReportError(f"unknown report template {name!r} "
                          f"(available: {', '.join(available())})")
    template = entry.load()
    if not isinstance(template, Template):
        raise ReportError(f"report template {name!r} ({entry.value}) is not a Template")
    if not Path(template.notebook).is_file():
        raise ReportError(f"report template {name!r}: no notebook at {template.notebook}")
    return template
