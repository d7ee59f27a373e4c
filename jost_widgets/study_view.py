"""The Study tab: the Build tab's config as the base, fields to vary, one batch on Dask,
a table and a chart that fill in as the variants run.

The spec is made by :mod:`.study_fields` and run by
:class:`jost_engine.studies.Study` on the workbench's job manager; the chart is
:func:`~jost_engine.analysis.study_figures.figure_by_field` (one or two
fields varied) or :func:`~jost_engine.analysis.study_figures.ranked_variants`
(more, or named variants). Every method only sets widget values, so the job
table's polling thread may call :meth:`StudyView.update`.
"""

from __future__ import annotations

import html
import threading

import ipywidgets as widgets
import pandas as pd

from jost_engine.analysis import study_figures, study_tables
from jost_engine.errors import JostError
from jost_engine.jobs import ACTIVE, RESUMABLE
from jost_engine.profiles import ProfileStore
from jost_engine.studies import Study, StudyProgress
from jost_engine.studies.results import exact_of, rows_frame

from ._common import (
    announce_cluster_start,
    click_submit,
    errors_html,
    figure_png,
    message_html,
)
from .result_view import csv_link, set_image
from .study_fields import FIELDS, plan

ROWS = 3  # fields a study can vary from the tab
NONE = ""
PCT = 100.0
WAITING = "…"  # an exact EV still being computed
CHART_FIGURES = (("advantage ± 1 SE", "advantage"),
                 ("difference from the base (paired SE)", "paired_diff_advantage"),
                 ("win rate per hour", "win_rate_per_hour"))
TABLE_STYLE = ("<style>.jost-study-table td, .jost-study-table th {padding: 2px 10px;"
               " border-bottom: 1px solid #ddd; text-align: right; white-space: nowrap}"
               " .jost-study-table th {text-align: center}</style>")
STYLE = {"description_width": "110px"}


def table_frame(frame: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """The study's results as people read them: one row per variant, figures in %.

    Parameters
    ----------
    frame : pandas.DataFrame
        :meth:`Study.results` (``exact_ev_td`` may hold :data:`WAITING`).
    fields : list of str
        The varied fields (dotted paths), shown first.
    """
    shown = pd.DataFrame({"variant": ["base" if k == "base" else (v if k == "variant" else i)
                                      for i, (k, v) in enumerate(zip(frame["kind"],
                                                                     frame["variant"]))]})
    for field in fields:
        shown[study_tables.field_label(field)] = [
            "–" if v is None else study_tables.field_value(field, v) for v in frame[field]]
    shown["state"] = frame["state"]
    shown["rounds"] = [f"{done:,} / {total:,}" for done, total in
                       zip(frame["rounds"], frame["rounds_total"], strict=True)]
    shown["advantage [%] ± 1 SE"] = [study_tables.cell(a, s, "advantage") for a, s in
                                     zip(frame["advantage"], frame["se_advantage"], strict=True)]
    notes = frame["paired_note"] if "paired_note" in frame else [None] * len(frame)
    shown["vs the base [pp] ± paired SE"] = [
        "(base)" if k == "base" else study_tables.versus(
            study_tables.cell(d, s, "paired_diff_advantage"), s, note)
        for k, d, s, note in zip(frame["kind"], frame["paired_diff_advantage"],
                                 frame["paired_se_diff_advantage"], notes, strict=True)]
    shown["exact EV off the top [%]"] = [
        v if v == WAITING else study_tables.cell(v, None, "advantage", sign=True)
        for v in frame["exact_ev_td"]]
    return shown


def chart(frame: pd.DataFrame, fields: list[str], figure: str):
    """The chart that fits the fields varied: by one field, by two (a line per value of
    the second), else the variants ranked; None while no figure has a value."""
    values = pd.to_numeric(frame[figure], errors="coerce")
    if not values.notna().any():
        return None
    names = [study_tables.field_label(f) for f in fields]  # as the study report names them
    people = study_tables.readable_names(frame).rename(columns=dict(zip(fields, names)))
    if 1 <= len(fields) <= 2 and not (frame["kind"] == "variant").any():
        return study_figures.figure_by_field(people, names[0], figure,
                                             by=names[1] if len(names) == 2 else None)
    return study_figures.ranked_variants(people, figure)


class StudyView(widgets.VBox):
    """Vary fields of the Build tab's config, run them as one study, watch the table fill.

    Parameters
    ----------
    manager : jost_engine.jobs.JobManager, optional
        Where the study runs; without one Submit is disabled.
    base : callable, optional
        Returns ``(config, error)``: the Build tab's complete config, or
        None and why not; read at every change and submit, never copied.
    store : jost_engine.profiles.ProfileStore, optional
        The profiles a strategy or bet-ramp value names.
    on_start : callable, optional
        Called with the :class:`~jost_engine.studies.Study` submitted,
        resumed or opened (the workbench polls the ledger while it runs).
    """

    def __init__(self, manager=None, base=None, store: ProfileStore | None = None,
                 on_start=None):
        self.manager = manager
        self.base = base or (lambda: (None, "no base config"))
        self.store = store or ProfileStore()
        self.on_start = on_start
        self.plan = None
        self.error: str | None = None
        self.study: Study | None = None
        self.frame: pd.DataFrame | None = None
        self.submitting = False
        self.submit_thread = None
        self.exact_thread: threading.Thread | None = None
        self._exact: dict = {}  # job id -> exact EVs (None: not applicable)
        self._stamp = None
        self._state = None  # of the study shown, when last drawn
        self._picking = False  # the picker's options are being set, not picked
        self._lock = threading.RLock()
        options = [("(choose a field)", NONE), *[(f"{p}: {f.title}", p)
                                                 for p, f in FIELDS.items()]]
        self.fields = [widgets.Dropdown(options=options, description=f"vary field {i + 1}",
                                        style=STYLE, layout=widgets.Layout(width="460px"))
                       for i in range(ROWS)]
        self.values = [widgets.Text(description="values", style={"description_width": "50px"},
                                    layout=widgets.Layout(width="420px", max_width="100%"))
                       for _ in range(ROWS)]
        self.label = widgets.Text(description="study label", style=STYLE,
                                  layout=widgets.Layout(width="600px", max_width="100%"))
        for control in (*self.fields, *self.values, self.label):
            control.observe(lambda _: self.preview(), names="value")
        self.base_text = widgets.HTML()
        self.plan_text = widgets.HTML()
        self.submit_button = widgets.Button(description="Submit study", icon="play",
                                            button_style="primary",
                                            layout=widgets.Layout(width="150px"))
        self.submit_button.on_click(lambda _: click_submit(self, self.submit, self.preview))
        self.cancel_button = widgets.Button(description="Cancel study", icon="stop",
                                            disabled=True, layout=widgets.Layout(width="130px"))
        self.cancel_button.on_click(lambda _: self.cancel())
        self.resume_button = widgets.Button(description="Resume study", icon="repeat",
                                            disabled=True, layout=widgets.Layout(width="130px"))
        self.resume_button.on_click(lambda _: self.resume())
        self.message = widgets.HTML()
        self.picker = widgets.Dropdown(description="open a study", style=STYLE,
                                       layout=widgets.Layout(width="600px", max_width="100%"))
        self.picker.observe(self._picked, names="value")
        self.title = widgets.HTML()
        self.progress = widgets.HTML()
        self.bar = widgets.FloatProgress(min=0.0, max=1.0, layout=widgets.Layout(width="300px"))
        self.figure = widgets.Dropdown(options=CHART_FIGURES, description="chart",
                                       style={"description_width": "50px"},
                                       layout=widgets.Layout(width="360px"))
        self.figure.observe(lambda _: self.update(force=True), names="value")
        self.table = widgets.HTML(layout=widgets.Layout(overflow="auto", max_width="100%"))
        self.table.add_class("jost-study-table-box")
        self.downloads = widgets.HTML()
        self.chart = widgets.Image(format="png", layout=widgets.Layout(
            width="620px", max_width="100%", height="auto", display="none"))
        self.chart.add_class("jost-chart-study")
        rows = [widgets.HBox([f, v], layout=widgets.Layout(flex_flow="row wrap"))
                for f, v in zip(self.fields, self.values, strict=True)]
        buttons = widgets.HBox([self.submit_button, self.cancel_button, self.resume_button],
                               layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([self.base_text, *rows, self.label, self.plan_text, buttons,
                          self.message, self.picker, self.title,
                          widgets.HBox([self.bar, self.progress],
                                       layout=widgets.Layout(flex_flow="row wrap")),
                          self.table, self.downloads, self.figure, self.chart])
        self.add_class("jost-study-view")
        self.refresh()

    # -- the form --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the base again and list the ledger's studies (the tab was opened)."""
        self.refresh_studies()
        self.preview()

    def chosen(self) -> list[tuple[str, str]]:
        """``(path, typed values)`` of each row with a field chosen."""
        return [(f.value, v.value) for f, v in zip(self.fields, self.values, strict=True)
                if f.value != NONE]

    def preview(self):
        """Check the form over the current base: the :class:`~.study_fields.Plan`, or None.

        Shows the number of variants and the total rounds, or one message
        naming the field and what it accepts; Submit follows.
        """
        for field, values in zip(self.fields, self.values, strict=True):
            values.placeholder = FIELDS[field.value].example if field.value else ""
        base, error = self.base()
        if base is None:
            self.base_text.value = message_html(
                f"The Build tab's config is not valid ({error}): fix it there first.", False)
            self.plan, self.error = None, f"base: {error}"
        else:
            self.base_text.value = (
                f"<b>Base</b> (the Build tab's config, read now): "
                f"<i>{html.escape(base['label'])}</i> · {base['run']['rounds']:,} rounds a "
                f"variant in chunks of {base['run']['chunk_rounds']:,}")
            try:
                self.plan, self.error = plan(base, self.chosen(), self.store,
                                             self.label.value), None
            except JostError as exc:
                self.plan, self.error = None, str(exc)
        if self.error is None:
            self.label.placeholder = self.plan.spec["label"]
            self.plan_text.value = message_html(self.plan.describe(), True)
        else:
            self.plan_text.value = message_html(self.error, False)  # one line, not split
        self.submit_button.disabled = (self.error is not None or self.manager is None
                                       or self.submitting)
        return self.plan

    def submit(self) -> Study | None:
        """Submit the study the form describes (base read now); the Study, or None if refused."""
        checked = self.preview()
        if checked is None or self.manager is None:
            return None
        announce_cluster_start(self)
        try:
            study = Study.submit(checked.spec, self.manager)
        except JostError as exc:
            self.message.value = errors_html(str(exc))
            return None
        except Exception as exc:  # noqa: BLE001 - shown to the user, not raised
            self.message.value = errors_html(f"submit: {exc}")
            return None
        self.message.value = message_html(f"submitted study {study.id}: {checked.describe()}",
                                          True)
        self.open_study(study.id)
        return study

    # -- a study -------------------------------------------------------------------------

    def refresh_studies(self) -> None:
        """List the ledger's studies in the picker, newest first (as ``jost studies``)."""
        if self.manager is None:
            return
        rows = self.manager.ledger.studies()
        options = [("(pick a study of the ledger)", NONE)] + [
            (f"{r['id']}  {r['label'][:60]}  ({r['state']}, {r['variants']} variants)", r["id"])
            for r in rows]
        with self._lock:  # the polling thread refreshes it too
            current = self.study.id if self.study else NONE
            self._picking = True
            try:
                self.picker.options = options
                self.picker.value = current if current in [v for _, v in options] else NONE
            finally:
                self._picking = False

    def _picked(self, change) -> None:
        if not self._picking and change["new"]:
            self.open_study(change["new"])

    def open_study(self, study_id: str) -> Study:
        """Show a study of the ledger (its table fills in while it runs)."""
        with self._lock:
            self.study = Study(self.manager, study_id)
            self._stamp, self._state, self._exact, self.frame = None, None, {}, None
            self.exact_thread = None
            info = self.study.info
            self.title.value = (f"<h3>Study <code>{self.study.id}</code>: "
                                f"{html.escape(info['label'])}</h3>")
        self.refresh_studies()
        self.update()
        if self.on_start:
            self.on_start(self.study)
        return self.study

    def cancel(self) -> int:
        """Cancel every active variant of the study shown; how many were active."""
        if self.study is None:
            return 0
        count = self.study.cancel()
        self.message.value = message_html(f"cancelled {count} variants of {self.study.id}",
                                          True)
        self.update(force=True)
        return count

    def resume(self) -> Study | None:
        """Run the missing chunks of every variant of the study shown that is not COMPLETE."""
        if self.study is None:
            return None
        try:
            self.study.resume()
        except Exception as exc:  # noqa: BLE001 - shown to the user, not raised
            self.message.value = errors_html(f"resume: {exc}")
            return None
        self.message.value = message_html(f"resumed {self.study.id}", True)
        self.update(force=True)
        if self.on_start:
            self.on_start(self.study)
        return self.study

    # -- the table and the chart -----------------------------------------------------------

    def update(self, force: bool = False) -> bool:
        """Redraw the study if its jobs moved on; True while it runs.

        The table and chart are redrawn when a variant's state or rounds
        changed (or ``force``); the exact EVs are computed once, in a
        background thread, and filled in when ready.
        """
        with self._lock:
            if self.study is None:
                return False
            jobs = self.study.job_rows()
            stamp = tuple((r["state"], r["rounds_done"]) for r in jobs)
            if stamp != self._stamp or force:
                self._stamp = stamp
                self._draw(jobs)
            return any(r["state"] in ACTIVE for r in jobs)

    def _draw(self, jobs: list[dict]) -> None:
        progress = StudyProgress.from_rows(jobs)
        if progress.state != self._state:  # the picker names each study's state
            self._state = progress.state
            self.refresh_studies()
        self.progress.value = html.escape(str(progress))
        self.bar.value = progress.fraction
        self.bar.bar_style = {"COMPLETE": "success", "FAILED": "danger"}.get(
            progress.state, "warning" if progress.state in RESUMABLE else "info")
        self.cancel_button.disabled = progress.state not in ACTIVE
        self.resume_button.disabled = progress.state not in RESUMABLE
        rows = self.study.rows(exact=False)
        for row in rows:
            ev = self._exact.get(row["job"], WAITING)
            row["exact_ev_td"] = ev and (ev if ev == WAITING else ev["ev_td"])
            row["exact_ev_cd"] = None if ev == WAITING else ev and ev["ev_cd"]
        self.frame = rows_frame(rows)
        fields = list(jobs[0]["meta"].get("fields", {}))
        ready = self.frame.copy()
        ready["exact_ev_td"] = [None if v == WAITING else v for v in ready["exact_ev_td"]]
        figure = chart(ready, fields, self.figure.value)
        set_image(self.chart, figure_png(figure) if figure is not None else b"")
        self.downloads.value = "CSV: " + csv_link(
            ready, f"study-{self.study.id}.csv", "the study's table (every column)")
        # the table last: a table showing a state has its chart and CSV drawn already
        self.table.value = TABLE_STYLE + table_frame(self.frame, fields).to_html(
            index=False, border=0, classes="jost-study-table", justify="center")
        if self.exact_thread is None:
            self.exact_thread = threading.Thread(target=self._compute_exact,
                                                 args=(self.study,), name="jost-study-exact",
                                                 daemon=True)
            self.exact_thread.start()

    def _compute_exact(self, study: Study) -> None:
        """The exact EVs of every variant (seconds per new rule set), then a redraw."""
        found = {}
        try:
            for job_id, config in study.manager.ledger.study_configs(study.id).items():
                found[job_id] = exact_of(config)
        except Exception as exc:  # noqa: BLE001 - the column stays empty, the view lives
            self.message.value = errors_html(f"exact EV: {exc}")
        with self._lock:
            if self.study is study:
                self._exact = {job_id: found.get(job_id) for job_id in
                               [r["id"] for r in study.job_rows()]}
                self.update(force=True)

    def wait(self, timeout: float = 120.0) -> None:
        """Wait for the exact EVs' thread (tests, scripts)."""
        if self.exact_thread is not None:
            self.exact_thread.join(timeout)
