"""The workbench: builder, raw JSON, job history and result view in tabs."""

from __future__ import annotations

import html
import threading

import ipywidgets as widgets

from jost_engine.profiles import ProfileStore

from .betting_view import BettingView
from .builder import ConfigBuilder
from .compare_view import CompareView
from .history import JobHistory
from .raw_json import RawJsonRunner
from .result_view import ResultView
from .study_view import StudyView

TABS = ("Build", "Raw JSON", "Jobs", "Result", "Betting", "Compare", "Study")


class Workbench(widgets.VBox):
    """Every JOST widget in one place, with the Dask dashboard link.

    Tabs: Build, Raw JSON, Jobs, Result, Betting (the optimal ramp of the
    result shown, :class:`~jost_widgets.betting_view.BettingView`), Compare
    (the jobs ticked in the Jobs tab side by side) and Study (fields of the
    Build tab's config varied as one batch,
    :class:`~jost_widgets.study_view.StudyView`).

    Parameters
    ----------
    manager : jost_engine.jobs.JobManager, optional
        The jobs; a new manager (``$JOST_SCHEDULER`` or a LocalCluster,
        reached on the first submit) by default.
    store : jost_engine.profiles.ProfileStore, optional
        The profiles; the workspace's by default.
    interval_s : float
        Seconds between refreshes of the job table while jobs run [s].
    """

    def __init__(self, manager=None, store: ProfileStore | None = None,
                 interval_s: float = 1.0):
        if manager is None:
            from jost_engine.jobs import JobManager

            manager = JobManager()
        self.manager = manager
        self.betting = BettingView(manager, store, on_submit=self._submitted,
                                   on_save=lambda _: self.builder.refresh_profiles("betting"))
        self.result = ResultView()
        self._betting_of = None  # the result the Betting view shows
        self._follow_lock = threading.Lock()
        self.compare = CompareView()
        self.builder = ConfigBuilder(store, manager, on_submit=self._submitted)
        self.raw = RawJsonRunner(manager, on_submit=self._submitted)
        self.study = StudyView(manager, base=lambda: (self.builder.hydrated, self.builder.error),
                               store=self.builder.store, on_start=self._study_started)
        # last: its first refresh calls _refreshed, which reads the Result and Study tabs
        self.history = JobHistory(manager, on_show=self.show, interval_s=interval_s,
                                  on_refresh=self._refreshed, on_compare=self.compare_jobs)
        self.tabs = widgets.Tab([self.builder, self.raw, self.history, self.result,
                                 self.betting, self.compare, self.study], titles=TABS)
        self.dashboard = widgets.HTML()
        self._update_dashboard()
        super().__init__([self.dashboard, self.tabs])
        self.add_class("jost-workbench")
        self.tabs.observe(self._tab_changed, names="selected_index")
        self.history.start()

    def _tab_changed(self, change) -> None:
        """The job table watches the ledger while the Jobs tab is open; the Study tab reads
        the Build tab's config (its base) and the ledger's studies when opened."""
        self.history.watch(change["new"] == TABS.index("Jobs"))
        if change["new"] == TABS.index("Study"):
            self.study.refresh()

    def _update_dashboard(self) -> None:
        link = self.manager.dashboard_link if self.manager.connected else None
        if link:
            url = html.escape(link, quote=True)
            self.dashboard.value = f'Dask dashboard: <a href="{url}" target="_blank">{url}</a>'
        else:
            self.dashboard.value = "Dask dashboard: connects on the first submit"

    def _submitted(self, job) -> None:
        self._update_dashboard()
        self.result.watch(self.manager, job.id)
        self.history.refresh()
        self.history.start()
        self.tabs.selected_index = TABS.index("Jobs")

    def _study_started(self, _study) -> None:
        """A study submitted, resumed or opened: the job table's polling redraws it."""
        self._update_dashboard()
        self.history.refresh()
        self.history.start()

    def show(self, job) -> None:
        """Show a job's result (partial if it did not complete) in the Result tab, switch to it.

        The Betting view takes the same result.
        """
        self.tabs.selected_index = TABS.index("Result")  # at once; the charts follow
        self.result.show_job(job)
        self._follow_result()

    def _refreshed(self) -> bool:
        """After each job-table refresh: the watched job's progress, the study shown in the
        Study tab, and the Betting view follows a result the Result tab has just shown."""
        more = self.result.update()
        more = self.study.update() or more
        self._follow_result()
        return more

    def _follow_result(self) -> None:
        # The job table's polling thread calls this too: a second caller waits until the
        # Betting view has taken the result, so show() returns with the view filled.
        with self._follow_lock:
            result = self.result.result
            if result is not None and result is not self._betting_of:
                self._betting_of = result
                partial = "jost-partial" in self.result.title.value
                label = result.config.get("label", "")
                self.betting.show(result, title=f"PARTIAL: {label}" if partial else None)

    def compare_jobs(self, jobs: list) -> None:
        """Show jobs side by side in the Compare tab, switch to it."""
        self.tabs.selected_index = TABS.index("Compare")
        self.compare.show(jobs)

    def close(self) -> None:
        """Stop the job table's polling and close the widgets (not the manager)."""
        self.history.stop()
        super().close()
