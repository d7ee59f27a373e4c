"""The job ledger as a live table, with cancel, resume, delete and show per job."""

from __future__ import annotations

import html
import threading
import time

import ipywidgets as widgets

from jost_engine.jobs import ACTIVE, COMPLETE, RESUMABLE, STATES
from jost_engine.jobs.access import OWN, READ, WHOSE, access
from jost_engine.jobs.manager import job_matches
from jost_engine.jobs.progress import Progress, format_duration

HEADERS = ("job", "state", "advantage ± SE", "", "rounds", "started · took")
# Six columns that shrink to the output area's width (JupyterLab with its file browser open
# leaves about 800 px): the actions wrap onto two lines before anything runs off-screen.
WIDTHS = ("minmax(130px, 2fr)", "minmax(105px, 1fr)", "minmax(110px, 1fr)",
          "minmax(150px, 310px)", "minmax(95px, 1fr)", "minmax(95px, 1fr)")
COLUMNS = " ".join(WIDTHS)
# A team ledger's seventh column, the owner's, after the job's.
TEAM_COLUMNS = " ".join((WIDTHS[0], "minmax(70px, 1fr)", *WIDTHS[1:]))
BUTTON = widgets.Layout(width="72px")
ALL = "(all)"
ONE_USER = ('<small style="color:gray">one user: the SQLite ledger of this workspace '
            "(every job is yours)</small>")
NOT_YOURS = {READ: "shared with you for reading: only its owner may change it",
             "write": "shared with you for writing: only its owner may delete it"}


def _when(stamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp)) if stamp else ""


class _Row:
    """The widgets of one job's row."""

    def __init__(self, history: JobHistory, job_id: str):
        self.id = job_id
        self.cells = {name: widgets.HTML() for name in ("id", "label", "state", "rounds",
                                                         "advantage", "started", "took",
                                                         "owner")}
        self.bar = widgets.FloatProgress(min=0.0, max=1.0,
                                         layout=widgets.Layout(width="95%"))
        self.buttons = {name: widgets.Button(description=name, layout=BUTTON)
                        for name in ("cancel", "resume", "delete", "show")}
        for name, button in self.buttons.items():
            button.on_click(lambda _, name=name: history.act(name, job_id))
        self.pick = widgets.Checkbox(description="compare", indent=False,
                                     layout=widgets.Layout(width="auto"))
        self.pick.add_class("jost-job-pick")
        self.cells["id"].value = f'<small><code>{job_id[:8]}</code></small>'
        for name, cell in self.cells.items():  # CSS hooks for browser tests and styling
            cell.add_class(f"jost-job-{name}")

    def widgets(self, team: bool) -> list:
        """The row's cells, the owner's among them on a team ledger."""
        c = self.cells
        return [widgets.VBox([c["label"], c["id"], self.pick]),
                *([c["owner"]] if team else []),
                widgets.VBox([c["state"], self.bar]),
                c["advantage"],
                widgets.HBox(list(self.buttons.values()),
                             layout=widgets.Layout(flex_flow="row wrap")),
                c["rounds"], widgets.VBox([c["started"], c["took"]])]


class JobHistory(widgets.VBox):
    """The jobs of a ledger, newest first, refreshed while jobs run.

    Parameters
    ----------
    manager : jost_engine.jobs.JobManager
        Whose ledger is shown and whose jobs the buttons act on.
    on_show : callable, optional
        Called with the :class:`~jost_engine.jobs.Job` when its "show" is
        clicked: a COMPLETE job, or a CANCELLED, INTERRUPTED or FAILED one
        with finished chunks (a partial result).
    interval_s : float
        Seconds between refreshes while :meth:`start` polls [s].
    on_compare : callable, optional
        Called with the list of :class:`~jost_engine.jobs.Job` ticked
        "compare" when *Compare selected* is clicked (two or more).
    on_refresh : callable, optional
        Called with no arguments after each refresh (in the polling thread
        while polling); it returns True to keep polling although no job is
        active.

    On a team ledger (PostgreSQL) the table has an *owner* column and a
    *whose* filter (all, mine, shared: others' jobs of projects shared with
    you), and a job shared for reading offers no cancel, resume or delete
    (nor delete when shared for writing): the database would refuse them.
    On the SQLite ledger a line says it has one user instead.

    Notes
    -----
    :meth:`start` polls from a daemon thread that only sets widget values, so
    the kernel is never blocked. While :attr:`watching` (the Jobs tab is
    open), polling goes on with no job active too, reading the ledger only
    when its files changed (``Ledger.stamp``): jobs submitted from the CLI
    or a report appear without Refresh.
    """

    def __init__(self, manager, on_show=None, interval_s: float = 1.0, on_refresh=None,
                 on_compare=None):
        self.manager = manager
        self.on_show = on_show
        self.on_compare = on_compare
        self.interval_s = interval_s
        self.on_refresh = on_refresh
        self.rows: dict[str, _Row] = {}
        self._results: dict[str, dict] = {}
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._stamp: tuple | None = None
        self.watching = False
        self.team = not manager.ledger.single_user
        self.me = manager.ledger.whoami()
        self._shares: dict = {}
        columns = TEAM_COLUMNS if self.team else COLUMNS
        self.grid = widgets.GridBox(layout=widgets.Layout(grid_template_columns=columns,
                                                          overflow="auto", width="100%",
                                                          grid_gap="2px 6px"))
        self.message = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.compare_button = widgets.Button(description="Compare selected", icon="columns",
                                             layout=widgets.Layout(width="170px"))
        self.compare_button.on_click(lambda _: self.compare())
        narrow = {"description_width": "50px"}
        self.state_filter = widgets.Dropdown(options=[ALL, *STATES], description="state",
                                             style=narrow, layout=widgets.Layout(width="190px"))
        self.project_filter = widgets.Combobox(description="project", placeholder="any",
                                               style=narrow, ensure_option=False,
                                               layout=widgets.Layout(width="220px"))
        self.tag_filter = widgets.Combobox(description="tag", placeholder="any", style=narrow,
                                           ensure_option=False,
                                           layout=widgets.Layout(width="220px"))
        self.whose_filter = widgets.Dropdown(options=[ALL, *WHOSE], description="whose",
                                             style=narrow, layout=widgets.Layout(width="160px"))
        self.users_note = widgets.HTML(ONE_USER)
        for control in (self.state_filter, self.project_filter, self.tag_filter,
                        self.whose_filter):
            control.observe(lambda _: self.refresh(), names="value")
        whose = [self.whose_filter] if self.team else [self.users_note]
        filters = widgets.HBox([self.state_filter, self.project_filter, self.tag_filter,
                                *whose, self.refresh_button, self.compare_button],
                               layout=widgets.Layout(flex_flow="row wrap",
                                                     align_items="center"))
        super().__init__([filters, self.message, self.grid])
        self.refresh()

    # -- the table -------------------------------------------------------------------------

    def _advantage(self, row: dict) -> str:
        if row["state"] != COMPLETE:
            return ""
        if row["id"] not in self._results:
            try:
                summary = self.manager.job(row["id"]).result(timeout=10).summary
            except Exception:  # noqa: BLE001 - a table cell, not an error to raise
                summary = {}
            self._results[row["id"]] = summary
        summary = self._results[row["id"]]
        if "advantage" not in summary:
            return ""
        return f"{100 * summary['advantage']:+.3f}% ± {100 * summary['se_advantage']:.3f}%"

    def _shown(self, row: dict) -> bool:
        """Whether a ledger row passes the state, project, tag and whose filters (blank or
        "(all)": any)."""
        state = None if self.state_filter.value == ALL else self.state_filter.value
        whose = None if self.whose_filter.value == ALL else self.whose_filter.value
        return job_matches(row, state, self.project_filter.value.strip() or None,
                           self.tag_filter.value.strip() or None, whose, self.me)

    def _update_filter_options(self, ledger_rows: list[dict]) -> None:
        projects = sorted({r["meta"]["project"] for r in ledger_rows if r["meta"].get("project")})
        tags = sorted({t for r in ledger_rows for t in r["meta"].get("tags", [])})
        if list(self.project_filter.options) != projects:
            self.project_filter.options = projects
        if list(self.tag_filter.options) != tags:
            self.tag_filter.options = tags

    def refresh(self) -> bool:
        """Read the ledger and update the table; True while polling should go on.

        Polling goes on while some job of the ledger is active (shown or
        filtered out) or ``on_refresh`` asks for it.
        """
        with self._lock:
            self._stamp = self.manager.ledger.stamp()
            self.manager.ledger.recover()
            all_rows = self.manager.ledger.rows()
            self._shares = self.manager.ledger.shares_with_me() if self.team else {}
            self._update_filter_options(all_rows)
            ledger_rows = [r for r in all_rows if self._shown(r)]
            ids = [r["id"] for r in ledger_rows]
            if ids != list(self.rows):
                self.rows = {i: self.rows.get(i) or _Row(self, i) for i in ids}
                headers = (HEADERS[:1] + ("owner",) + HEADERS[1:]) if self.team else HEADERS
                header = [widgets.HTML(f"<b>{h}</b>") for h in headers]
                self.grid.children = header + [w for r in self.rows.values()
                                                for w in r.widgets(self.team)]
            for data in ledger_rows:
                self._update(self.rows[data["id"]], data)
            more = bool(self.on_refresh()) if self.on_refresh else False
            return more or any(r["state"] in ACTIVE for r in all_rows)

    def _update(self, row: _Row, data: dict) -> None:
        progress = Progress.from_row(data)
        state = data["state"]
        meta = data["meta"]
        where = " · ".join(filter(None, [meta.get("project"), ", ".join(meta.get("tags", []))]))
        row.cells["label"].value = html.escape(data["label"]) + (
            f'<br><small style="color:gray">{html.escape(where)}</small>' if where else "")
        title = html.escape(data["error"] or "", quote=True)
        row.cells["state"].value = f'<span title="{title}">{state}</span>'
        row.bar.value = progress.fraction
        row.bar.bar_style = {"COMPLETE": "success", "FAILED": "danger",
                             "CANCELLED": "warning", "INTERRUPTED": "warning"}.get(state, "info")
        row.cells["rounds"].value = f"{data['rounds_done']:,} / {data['rounds_total']:,}"
        row.cells["advantage"].value = self._advantage(data)
        row.cells["started"].value = _when(data.get("started_at") or data["created_at"])
        took = data["elapsed_s"] if state not in ACTIVE else None
        row.cells["took"].value = f"<small>took {format_duration(took)}</small>" if took else ""
        may = access(data, self.me, self._shares)
        if self.team:
            row.cells["owner"].value = self._owner(data, may)
        row.buttons["cancel"].disabled = state not in ACTIVE or may == READ
        row.buttons["resume"].disabled = state not in RESUMABLE or may == READ
        row.buttons["delete"].disabled = state in ACTIVE or may != OWN
        for name in ("cancel", "resume", "delete"):
            refused = may == READ or (name == "delete" and may != OWN)
            row.buttons[name].tooltip = NOT_YOURS[may] if refused else None
        row.buttons["show"].disabled = not (state == COMPLETE or (
            state in RESUMABLE and data["chunks_done"] > 0))  # a partial result
        row.pick.disabled = row.buttons["show"].disabled
        if row.pick.disabled:
            row.pick.value = False
        row.buttons["show"].tooltip = ("the finished chunks' partial result"
                                       if state != COMPLETE else None)

    @staticmethod
    def _owner(data: dict, may: str) -> str:
        """The owner cell: the role, and "you" or what its share allows."""
        note = "you" if may == OWN else f"shared: {may}"
        return (f'{html.escape(data.get("owner_role") or "")}<br>'
                f'<small style="color:gray">{note}</small>')

    # -- the buttons -----------------------------------------------------------------------

    def act(self, action: str, job_id: str):
        """Cancel, resume, delete or show a job, then refresh; what the action returned."""
        try:
            if action == "cancel":
                out = self.manager.cancel(job_id)
            elif action == "resume":
                out = self.manager.resume(job_id)
                self.start()
            elif action == "delete":
                out = self.manager.delete(job_id)
                self._results.pop(job_id, None)
            elif action == "show":
                out = self.manager.job(job_id)
                if self.on_show:
                    self.on_show(out)
            else:
                raise ValueError(f"action: must be cancel, resume, delete or show, got {action}")
        except Exception as exc:  # noqa: BLE001 - shown to the user, not raised
            self.message.value = f'<span style="color:#b00020">{html.escape(str(exc))}</span>'
            return None
        self.message.value = f"{action}: {job_id[:8]}"
        self.refresh()
        return out

    def selected(self) -> list[str]:
        """The ids of the jobs ticked "compare", in the table's order."""
        return [job_id for job_id, row in self.rows.items() if row.pick.value]

    def compare(self):
        """Compare the ticked jobs (``on_compare``); the list of jobs, or None if fewer than two."""
        ids = self.selected()
        if len(ids) < 2:
            self.message.value = ('<span style="color:#b00020">tick "compare" on two or more '
                                  "jobs with a result, then Compare selected</span>")
            return None
        jobs = [self.manager.job(job_id) for job_id in ids]
        self.message.value = f"compare: {', '.join(i[:8] for i in ids)}"
        if self.on_compare:
            self.on_compare(jobs)
        return jobs

    # -- polling ---------------------------------------------------------------------------

    def watch(self, on: bool = True) -> None:
        """Keep polling while ``on`` although no job is active (the Jobs tab is open)."""
        self.watching = on
        if on:
            self.start()

    def _changed(self) -> bool:
        return self.manager.ledger.stamp() != self._stamp

    def start(self) -> None:
        """Poll the ledger from a background thread until no job is active (and not watching)."""
        with self._lock:
            if self._thread is not None:
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._poll, name="jost-history",
                                            daemon=True)
            self._thread.start()

    def _poll(self) -> None:
        active = True
        while not self._stop.wait(self.interval_s):
            with self._lock:  # start() sees a live thread or none, never one about to end
                try:
                    if active or self._changed():
                        active = self.refresh()
                except Exception as exc:  # noqa: BLE001 - keep the widget alive
                    self.message.value = html.escape(f"refresh failed: {exc}")
                    active = False
                if not active and not self.watching:
                    self._thread = None
                    return

    def stop(self) -> None:
        """Stop polling."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(5)
        self._thread = None
