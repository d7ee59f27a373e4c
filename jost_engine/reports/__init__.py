"""Repeatable reports: parameterised notebooks run with papermill.

A report template is a notebook with a cell tagged ``parameters``; every
template takes ``rounds`` and ``seed``. :func:`run_report` checks the
parameters against that cell, runs the notebook (its simulations go
through :mod:`jost_engine.jobs`), and writes to
``reports/<date>-<template>-<label>/`` the executed notebook, an HTML page
without code cells and ``summary.json``; ``reports/index.html`` lists them.
Templates are registered through the ``jost.reports`` entry point group.
See ``docs/reports.md``.
"""

from .index import rebuild as rebuild_index
from .page import Page
from .parameters import check as check_parameters
from .parameters import template_parameters
from .runner import Report, ReportFailedError, reports_dir, run_report
from .study_runs import StudyRun, find_study, study_spec
from .templates import ReportError, Template, available, get, refresh, register
from .work import (
                   AS_DEALT,
                   Simulator,
                   compare_items,
                   compare_study,
                   game,
                   game_study,
                   prepare,
                   rule_changes,
)

__all__ = ["AS_DEALT", "Page", "Report", "ReportError", "ReportFailedError", "Simulator",
           "StudyRun", "Template", "available", "check_parameters", "compare_items",
           "compare_study", "find_study", "game", "game_study", "get", "prepare",
           "rebuild_index", "refresh", "register", "reports_dir", "rule_changes", "run_report",
           "study_spec", "template_parameters"]
