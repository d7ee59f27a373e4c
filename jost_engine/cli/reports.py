"""``jost report TEMPLATE [-p NAME VALUE]...``: run a report template with papermill."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import JobNotCompleteError, JostError
from .options import add_cluster_options

#: ``--format`` and ``--paper`` choices (jost_engine.reports.runner.FORMATS, .pdf.PAPERS;
#: spelled here so that building the parser imports neither nbconvert nor pandas).
FORMATS = ("html", "pdf", "both")
PAPERS = ("a4", "letter")


def _list() -> int:
    from .. import reports

    for name in reports.available():
        template = reports.get(name)
        print(f"{name}: {template.description}")
        for pname, spec in reports.template_parameters(template).items():
            if pname not in ("scheduler", "in_process"):
                print(f"    {pname} = {spec['default']!r}  {spec['help']}")
    return 0


def _main_parameter(template) -> str:
    """The parameter a value after the template's name sets (``jost report study ID``)."""
    main = template.label_from or (template.required[0] if template.required else None)
    if main is None:
        raise JostError(f"report {template.name}: takes no value after its name; "
                        f"use -p NAME VALUE")
    return main


def _absolute(value: str) -> str:
    """A file the user names, as an absolute path (the notebook runs in the report's folder)."""
    path = Path(value)
    return str(path.resolve()) if not path.is_absolute() and path.is_file() else value


def cmd_report(args: argparse.Namespace) -> int:
    """Run ``jost report``; print the pages written, one a line.

    Exit 1 when the notebook failed, 2 for bad input, 3 when the PDF could not be
    printed (no Chromium; the HTML page is written instead).
    """
    from .. import reports

    if args.list_templates:
        return _list()
    if not args.template:
        raise JostError("report: give a TEMPLATE (see 'jost report --list')")
    params = {}
    for name, value in args.parameter:
        if name in params:
            raise JostError(f"parameter {name}: given twice")
        params[name] = value
    if args.value is not None:
        main = _main_parameter(reports.get(args.template))
        if main in params:
            raise JostError(f"parameter {main}: given twice")
        params[main] = _absolute(args.value)
    store = _store(args.store) if args.store is not None else None  # checked before running
    try:
        report = reports.run_report(args.template, params, label=args.label,
                                    scheduler=args.scheduler, workers=args.workers,
                                    in_process=args.in_process, folder=args.reports_dir,
                                    formats=args.formats, paper=args.paper)
    except reports.ReportFailedError as exc:  # the notebook ran and failed: exit 1
        raise JobNotCompleteError(str(exc)) from None
    for path in report.written:
        print(path)
    if store is not None:
        print(f"copied to {store.put_folder(report.folder)}")
    return 0


def _store(url: str):
    """The store ``--store URL`` names; ``--store`` alone: the result store of the settings
    (``$JOST_STORE``, else the workspace's ``blobs`` folder)."""
    from ..jobs.blobs import FOLDER, BlobStore, filesystem
    from ..profiles import workspace_dir

    if not url:
        return BlobStore.from_settings(workspace_dir() / FOLDER)
    filesystem(url, "--store")
    return BlobStore(url)


def add_commands(sub) -> None:
    """Add the ``report`` command to the ``jost`` sub-command parsers."""
    report = sub.add_parser(
        "report", help="run a report template (papermill) and write it to reports/")
    report.add_argument("template", nargs="?", help="game, counter, compare, job, study, or a "
                                                   "template a package registers")
    report.add_argument("value", nargs="?", metavar="VALUE",
                        help="the template's main parameter: a study id or spec for "
                             "'study', a job id for 'job', a rules profile for 'game', ...")
    report.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"), help="a template parameter (repeatable)")
    report.add_argument("--label", help="names the report's folder")
    report.add_argument("--reports-dir", metavar="DIR",
                        help="where reports go (default: $JOST_REPORTS, else ./reports)")
    report.add_argument("--format", choices=FORMATS, default="html", dest="formats",
                        help="write report.html, report.pdf (printed by headless Chromium, "
                             "$JOST_CHROMIUM) or both (default: html)")
    report.add_argument("--paper", choices=PAPERS, default="a4",
                        help="the PDF's paper (default: a4)")
    report.add_argument("--store", nargs="?", const="", metavar="URL",
                        help="also copy the report's folder to URL/reports/ (a folder or an "
                             "fsspec URL: s3://, gs://, abfs://); --store alone: the result "
                             "store ($JOST_STORE, else the workspace's blobs folder)")
    report.add_argument("--list", action="store_true", dest="list_templates",
                        help="list the templates and their parameters")
    add_cluster_options(report, in_process=True)
    report.set_defaults(func=cmd_report)
