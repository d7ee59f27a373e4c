"""Running a report: check, execute with papermill, export, summarise, index.

:func:`run_report` is what ``jost report`` calls. The notebook runs in a
``python3`` kernel with the report's folder as working directory; the
simulations go through the jobs layer, to the scheduler given, else to a
LocalCluster started here for the report (``in_process=True`` runs them in
the kernel instead). The page is written as HTML, PDF (:mod:`.pdf`) or both.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import JostEnvironmentError
from . import index, parameters, pdf, templates
from .export import to_html
from .page import PAGE_FILE
from .templates import ReportError

KERNEL = "python3"
START_TIMEOUT_S = 120
NOTEBOOK = "report.ipynb"
HTML = "report.html"
PDF = "report.pdf"
#: ``formats=`` of :func:`run_report`: the files each choice writes.
FORMATS = {"html": ("html",), "pdf": ("pdf",), "both": ("html", "pdf")}
SUMMARY = "summary.json"
OK, FAILED = "complete", "failed"


class ReportFailedError(ReportError):
    """A report whose notebook failed; :attr:`report` points at what was kept."""

    def __init__(self, report: Report):
        super().__init__(f"report {report.template} failed: {report.error} "
                         f"(executed notebook kept at {report.notebook})")
        self.report = report


@dataclass
class Report:
    """A finished report: its folder, files, status and key numbers."""

    template: str
    folder: Path
    status: str
    summary: dict
    error: str | None = None

    @property
    def html(self) -> Path:
        """The HTML page (no code cells)."""
        return self.folder / HTML

    @property
    def pdf(self) -> Path:
        """The PDF (when ``formats`` asked for it)."""
        return self.folder / PDF

    @property
    def written(self) -> list[Path]:
        """The report's pages written: the HTML and/or the PDF."""
        return [self.folder / self.summary[kind] for kind in ("html", "pdf")
                if self.summary.get(kind)]

    @property
    def notebook(self) -> Path:
        """The executed notebook."""
        return self.folder / NOTEBOOK

    @property
    def numbers(self) -> dict:
        """The key numbers of ``summary.json``."""
        return self.summary.get("numbers", {})


def reports_dir(folder: str | Path | None = None) -> Path:
    """Where reports go: ``folder``, else ``$JOST_REPORTS``, else ``./reports``."""
    return Path(folder or os.environ.get("JOST_REPORTS") or "reports")


def slug(text) -> str:
    """A folder-safe short form of a label (a file's path: its name)."""
    text = str(text)
    if not text.lstrip().startswith("{"):
        text = text.rstrip("/").rsplit("/", 1)[-1]
    out = re.sub(r"[^A-Za-z0-9]+", "-", str(text)).strip("-").lower()
    return out[:40] or "report"


def new_folder(root: Path, template: str, label: str, today: dt.date | None = None) -> Path:
    """``<root>/<date>-<template>-<label>``, with ``-2``, ``-3``... when it exists."""
    base = f"{(today or dt.date.today()).isoformat()}-{template}-{slug(label)}"
    path, n = root / base, 1
    while path.exists():
        n += 1
        path = root / f"{base}-{n}"
    path.mkdir(parents=True)
    return path


def _execute(template, folder: Path, values: dict, timeout_s: float | None) -> str | None:
    """Run the notebook; None, or why it failed."""
    import papermill as pm

    try:
        pm.execute_notebook(str(template.notebook), str(folder / NOTEBOOK), parameters=values,
                            kernel_name=KERNEL, language="python", cwd=str(folder),
                            start_timeout=START_TIMEOUT_S, execution_timeout=timeout_s,
                            progress_bar=False, log_output=False,
                            extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    except pm.PapermillExecutionError as exc:
        return f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
    except Exception as exc:  # noqa: BLE001 - a kernel that dies or never starts fails the report
        return f"{type(exc).__name__}: {exc}"
    return None


def check_formats(formats: str) -> tuple[str, ...]:
    """The pages ``formats`` asks for (``html``, ``pdf`` or ``both``); ReportError else."""
    if formats not in FORMATS:
        raise ReportError(f"format: {formats!r} is not one of {', '.join(FORMATS)}")
    return FORMATS[formats]


def _write_pages(out: Path, wanted: tuple, title: str, meta: str, paper: str,
                 failed: bool) -> tuple[dict, JostEnvironmentError | None]:
    """Write the report's pages; the files written by kind, and why the PDF could not be.

    The PDF is printed only for a notebook that ran through; the HTML is written
    when asked for, and also for a failed notebook or a PDF that could not be made,
    so a report always has a page to read.
    """
    files, problem = {}, None
    if not (out / NOTEBOOK).exists():
        return files, problem
    if "pdf" in wanted and not failed:
        try:
            pdf.to_pdf(out / NOTEBOOK, out / PDF, title, meta=meta, paper_name=paper)
            files["pdf"] = PDF
        except JostEnvironmentError as exc:
            problem = exc
    if "html" in wanted or failed or problem:
        to_html(out / NOTEBOOK, out / HTML, title)
        files["html"] = HTML
    return files, problem


def run_report(template: str, params: dict | None = None, *, label: str | None = None,
               scheduler: str | None = None, workers: int | None = None,
               in_process: bool = False, folder: str | Path | None = None,
               timeout_s: float | None = None, formats: str = "html",
               paper: str = "a4") -> Report:
    """Run a report template and write it to ``<reports>/<date>-<template>-<label>/``.

    Parameters
    ----------
    template : str
        A template name (see :func:`jost_engine.reports.available`).
    params : dict, optional
        Parameter values (strings are parsed as on the command line).
    label : str, optional
        Names the folder and the report; default the template's main parameter for
        the folder, and the label the notebook gives (:meth:`Page.summary`), if
        any, for the report.
    scheduler : str, optional
        A Dask scheduler's address; else ``$JOST_SCHEDULER``, ``jost cluster
        up``, or a LocalCluster of ``workers`` started for this report.
    workers : int, optional
        Workers of that LocalCluster.
    in_process : bool
        Run the simulations in the notebook's kernel, without Dask.
    folder : str or Path, optional
        The reports folder (default :func:`reports_dir`).
    timeout_s : float, optional
        Longest time one cell may take [s].
    formats : {"html", "pdf", "both"}
        The pages written: ``report.html``, ``report.pdf`` (printed by headless
        Chromium, see :mod:`jost_engine.reports.pdf`) or both side by side.
    paper : {"a4", "letter"}
        The PDF's paper.

    Returns
    -------
    Report

    Raises
    ------
    ReportError
        Before anything runs, for an unknown template or a bad parameter.
    JostError
        Before anything runs, from the template's ``check`` (a bad config,
        study variant or job id: :mod:`jost_engine.reports.preflight`).
    ReportFailedError
        When a cell fails; the folder keeps the executed notebook and an
        HTML page, and ``summary.json`` says ``"status": "failed"``.
    JostEnvironmentError
        When the PDF cannot be printed (no Chromium): the report, its HTML
        page, ``summary.json`` and the index are written all the same.
    """
    tpl = templates.get(template)
    values = parameters.check(tpl, params)
    wanted = check_formats(formats)
    pdf.paper(paper)
    if tpl.check is not None:
        tpl.check(values)
    named = label is not None
    if label is None:
        label = values.get(tpl.label_from) if tpl.label_from else None
        label = pdf.shown_value(label) if label not in (None, "") else tpl.name
    root = reports_dir(folder)
    out = new_folder(root, tpl.name, label)
    created = dt.datetime.now().isoformat(timespec="seconds")
    connection = None
    if not in_process:
        from ..jobs.connect import connect

        try:
            connection = connect(scheduler=scheduler, workers=workers)
        except Exception as exc:
            out.rmdir()
            raise ReportError(str(exc)) from None
        scheduler = connection.address
    try:
        error = _execute(tpl, out, {**values, "scheduler": scheduler,
                                    "in_process": in_process}, timeout_s)
    finally:
        if connection is not None:
            connection.close()
    page = out / PAGE_FILE
    page_data = json.loads(page.read_text(encoding="utf-8")) if page.exists() else {}
    if not named and page_data.get("label"):
        label = page_data["label"]
    pages, pdf_problem = _write_pages(out, wanted, f"JOST {tpl.name} report: {label}",
                                      pdf.meta_line(created, values), paper, bool(error))
    summary = {"template": tpl.name, "label": str(label), "created": created,
               "status": FAILED if error else OK, "error": error, "parameters": values,
               "in_process": in_process, "scheduler": None if in_process else scheduler,
               "summary": page_data.get("summary", ""), "headline": page_data.get("headline", ""),
               "numbers": page_data.get("numbers", {}),
               "estimates": page_data.get("estimates", {}), "figures": page_data.get("figures", []),
               "files": page_data.get("files", []),
               "python": page_data.get("python"), "notebook": NOTEBOOK,
               "html": pages.get("html"), "pdf": pages.get("pdf")}
    (out / SUMMARY).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    index.rebuild(root)
    report = Report(tpl.name, out, summary["status"], summary, error)
    if error:
        raise ReportFailedError(report)
    if pdf_problem:
        raise JostEnvironmentError(f"{pdf_problem}; the report's HTML is written: "
                                   f"{report.html}") from None
    return report
