"""A result as a summary table and the charts of :mod:`jost_engine.analysis`."""

from __future__ import annotations

import base64
import html
import threading

import ipywidgets as widgets
import pandas as pd

from jost_engine import registry
from jost_engine.analysis import estimates, figures, labels, readable, tables
from jost_engine.analysis import format as fmt
from jost_engine.jobs import ACTIVE, COMPLETE, RESUMABLE
from jost_engine.tally import Tally

from ._common import figure_png

#: The estimates of the summary table, in order (keys of
#: :func:`jost_engine.analysis.estimates.figures`): each "value ± 1 SE", or its range.
FIGURE_ROWS = ("rounds", "advantage", "ev_per_round", "sd_per_round", "avg_bet",
               "win_rate_per_100", "win_rate_per_hour", "sd_per_hour", "di", "score", "n0",
               "ce", "ror", "ror_trip", *estimates.SPOT_ROWS)
#: Counts and timings after them (no sampling error): summary key.
PLAIN_ROWS = ("trips", "kernel_rounds_per_s", "rounds_per_s", "startup_s")
SUMMARY_STYLE = ("<style>.jost-summary td, .jost-summary th {padding: 2px 12px;"
                 " border-bottom: 1px solid #ddd; text-align: left}"
                 " .jost-figures td:last-child {white-space: nowrap}</style>")
BANKROLL_MULTIPLES = (0.25, 0.5, 1, 2, 4)
BANKROLL_SDS = (10, 25, 50, 100, 200, 400)
CHARTS = ("ev_by_true_count", "outcomes", "convergence", "risk_of_ruin", "trips")
BLACKJACK = "blackjack"


def _name(e) -> str:
    """A figure's row name: its label with its conditions (bankroll, trip) and its unit."""
    if not e.label:
        return labels.label(e.key)
    unit = "" if not e.unit or e.unit.startswith("%") else f" [{e.unit}]"
    return e.label + unit


def _plain(key: str, summary: dict) -> str:
    value = summary[key]
    if key == "trips":  # how many, and how long they were
        hours = summary.get("trip_hours_mean")
        return f"{value:,.0f}" + (f" (mean length {hours:,.1f} hours)" if hours else "")
    return fmt.value(key, value)


def summary_table(summary: dict, config: dict | None = None, figs: dict | None = None
                  ) -> pd.DataFrame:
    """The main figures of a result, each ``value ± 1 SE`` (or its range), as a table.

    Parameters
    ----------
    summary : dict
        The result's summary.
    config : dict, optional
        Its hydrated config (unit, bankroll and trip length name the risks of ruin).
    figs : dict, optional
        Its :func:`jost_engine.analysis.estimates.figures` (computed when not given).

    Returns
    -------
    pandas.DataFrame
        ``figure``, ``value``: every figure through :mod:`jost_engine.analysis.format`;
        money figures in units and in the unit's currency; the lifetime risk of
        ruin (closed form) and the simulated trip risk in separate rows, each
        named with its bankroll (and the trip with its length). Figures that
        cannot be estimated say why; counts and timings follow.
    """
    figs = figs or estimates.figures(summary, config)
    unit = ((config or {}).get("betting") or {}).get("unit") or summary.get("unit")
    rows = [{"figure": _name(figs[key]), "value": fmt.with_money(figs[key], unit)}
            for key in FIGURE_ROWS if key in figs
            and (figs[key].value is not None or key not in ("ce", "ror", "ror_trip"))]
    rows += [{"figure": labels.label(key) if key != "trips" else "bankroll trips simulated",
              "value": _plain(key, summary)}
             for key in PLAIN_ROWS if summary.get(key) is not None]
    return pd.DataFrame(rows, columns=["figure", "value"])


def summary_html(table: pd.DataFrame) -> str:
    """:func:`summary_table` as HTML, saying once what the ± and the ranges are."""
    return (SUMMARY_STYLE + table.to_html(index=False, border=0,
                                          classes="jost-summary jost-figures", justify="left")
            + f"<small class=\"jost-se-note\">{fmt.SE_NOTE}; {fmt.RANGE_NOTE} (the simulated "
            "trip risk: its Wilson interval at ± 1 SE).</small>")


def rows_frame(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """A handler's ``summary_rows`` as a two-column table (figure, value ± 1 SE)."""
    return pd.DataFrame(rows, columns=["figure", "value"])


def rows_html(rows: list[tuple[str, str]]) -> str:
    """A handler's ``summary_rows`` as the summary table's HTML, with the SE note."""
    return (SUMMARY_STYLE + rows_frame(rows).to_html(
        index=False, border=0, classes="jost-summary jost-figures", justify="left")
        + f'<small class="jost-se-note">{fmt.SE_NOTE}</small>')


def csv_link(frame: pd.DataFrame, filename: str, text: str) -> str:
    """An HTML link that downloads ``frame`` as a CSV file (a data URI: no server file)."""
    data = base64.b64encode(frame.to_csv(index=False).encode()).decode()
    return (f'<a download="{html.escape(filename)}" href="data:text/csv;base64,{data}" '
            f'class="jost-download">{html.escape(text)}</a>')


def summary_frame(summary: dict) -> pd.DataFrame:
    """Every number of a summary as ``key``, ``figure`` (its readable name) and ``value``."""
    rows = [{"key": key, "figure": labels.label(key), "value": value}
            for key, value in summary.items()
            if isinstance(value, int | float) and not isinstance(value, bool)]
    return pd.DataFrame(rows, columns=["key", "figure", "value"])


def downloads_html(result, by_tc: pd.DataFrame | None) -> str:
    """Links to the summary, the full true-count table and the outcomes as CSV."""
    stem = "".join(c if c.isalnum() else "-" for c in
                   str(result.config.get("label") or "result").lower()).strip("-")[:60]
    links = [csv_link(summary_frame(result.summary), f"{stem}-summary.csv", "summary")]
    if by_tc is not None:
        links.append(csv_link(by_tc, f"{stem}-true-counts.csv", "EV by true count (every count)"))
        links.append(csv_link(tables.outcome_distribution(result), f"{stem}-outcomes.csv",
                              "net result per round"))
    return "CSV: " + " · ".join(links)


def bankrolls(result) -> list[float]:
    """Bankrolls [units] for the risk-of-ruin chart: around the config's, else by SD."""
    own = (result.config.get("betting") or {}).get("bankroll_units")
    if own:
        return [own * m for m in BANKROLL_MULTIPLES]
    sd = result.summary.get("sd_per_round") or 1.0
    return [sd * n for n in BANKROLL_SDS]


def shown_result(job) -> tuple:
    """A job's result to show and whether it is partial: ``(result, partial)``.

    A COMPLETE job gives its result; a CANCELLED, INTERRUPTED or FAILED job
    with finished chunks gives the result of those chunks (partial); else
    ``(None, False)``.
    """
    row = job.info
    if row["state"] == COMPLETE:
        return job.result(timeout=10), False
    if row["state"] in RESUMABLE and row["chunks_done"] > 0:
        partials = job.manager.ledger.partials(job.id)
        return registry.merge(row["simulation_type"], row["config"], partials, job.timing), True
    return None, False


def partial_note(row: dict) -> str:
    """What a partial result holds, e.g. ``CANCELLED after 10 of 30 chunks ...``."""
    return (f"PARTIAL RESULT: the job was {row['state']} after {row['chunks_done']} of "
            f"{row['chunks_total']} chunks ({row['rounds_done']:,} of {row['rounds_total']:,} "
            f"rounds); every figure is from the finished chunks only")


def convergence_png(config: dict, tallies: list[Tally]) -> bytes:
    """The advantage-convergence chart of a blackjack job's chunks, as PNG bytes.

    Its steps are the chunks' sub-batches (:func:`jost_engine.analysis.tables.convergence`),
    so one finished chunk is enough.

    Parameters
    ----------
    config : dict
        The job's hydrated config.
    tallies : list of Tally
        Its chunks' tallies in the order they arrived; too few rounds for a
        standard error draw nothing (empty bytes).
    """
    table = tables.convergence(config, tallies)
    if len(table) < 2:
        return b""
    return figure_png(figures.convergence(table, title="Advantage as rounds accumulate"))


def set_image(image: widgets.Image, png: bytes) -> None:
    """Show PNG bytes in an image widget, hiding the widget when there are none."""
    image.value = png
    image.layout.display = None if png else "none"


class ResultView(widgets.VBox):
    """The summary of a result as a table, and its charts as images.

    Charts are drawn by :mod:`jost_engine.analysis.figures` and shown as PNG
    images, so every method only sets widget values and may run in any
    thread. :meth:`watch` follows a running job: its convergence chart grows
    with each chunk saved (:meth:`update`, called by the job table's polling),
    and the full result replaces it when the job is COMPLETE.
    """

    def __init__(self):
        self.title = widgets.HTML("<i>no result yet: choose 'show' on a finished job</i>")
        self.summary = widgets.HTML()
        self.true_counts = widgets.HTML(layout=widgets.Layout(max_width="100%",
                                                             overflow_x="auto"))
        self.downloads = widgets.HTML()
        # 600 px wide at most, narrower in a narrow output area; rows wrap (see _row)
        self.charts = {name: widgets.Image(format="png", layout=widgets.Layout(
            width="600px", max_width="100%", height="auto", display="none"))
            for name in CHARTS}
        for name, image in self.charts.items():  # CSS hooks for browser tests and styling
            image.add_class(f"jost-chart-{name}")
        self.result = None
        self.watched: tuple | None = None  # (manager, job id, chunks drawn)
        self._arrived: list[Tally] = []  # the watched job's chunk tallies read so far
        self._lock = threading.RLock()
        c = self.charts
        self.summary.layout.width = "600px"
        self.summary.layout.max_width = "100%"
        rows = [widgets.HBox(pair, layout=widgets.Layout(align_items="flex-start",
                                                         flex_flow="row wrap", width="100%"))
                for pair in ([self.summary, c["ev_by_true_count"]],
                             [c["convergence"], c["outcomes"]],
                             [c["risk_of_ruin"], c["trips"]])]
        super().__init__([self.title, self.downloads, *rows, self.true_counts])

    def show(self, result, title: str | None = None, partials: list[dict] | None = None,
             note: str | None = None) -> None:
        """Show a :class:`~jost_engine.result.SimulationResult`.

        Parameters
        ----------
        result : SimulationResult
            The result; one without a blackjack ``tally`` (another
            simulation type) shows its summary only.
        title : str, optional
            Heading; the config's label by default.
        partials : list of dict, optional
            The job's chunk results (blackjack tallies as data) in arrival
            order, for the convergence chart (without them, the batches of
            the merged tally are its steps).
        note : str, optional
            A warning shown under the heading (a partial result says so).
        """
        with self._lock:
            self.result = result
            label = title or result.config.get("label", "")
            self.title.value = f"<h3>{html.escape(str(label))}</h3>" + (
                f'<p class="jost-partial" style="color:#b06000;font-weight:bold">'
                f"{html.escape(note)}</p>" if note else "")
            if self._show_rows(result):  # another game: its handler's rows, no charts
                return
            figs = (estimates.of_result(result) if isinstance(getattr(result, "tally", None),
                                                              Tally)
                    else estimates.figures(result.summary, result.config))
            self.summary.value = summary_html(summary_table(result.summary, result.config,
                                                            figs))
            self._clear_charts()
            self.true_counts.value = ""
            if not isinstance(getattr(result, "tally", None), Tally):
                self.downloads.value = downloads_html(result, None)
                return
            summary = result.summary
            ror = tables.risk_of_ruin(summary["ev_per_round"], summary["sd_per_round"],
                                      bankrolls(result), se=summary.get("se_ev_per_round"),
                                      z=1.0)  # the band: the figure at EV ± 1 SE
            charts = self.charts
            by_tc = tables.by_true_count(result)
            self.downloads.value = downloads_html(result, by_tc)
            if len(by_tc) > 1:  # one true count: no count was kept
                set_image(charts["ev_by_true_count"], figure_png(figures.ev_by_true_count(by_tc)))
                view = readable.true_count_view(tables.true_count_summary(by_tc),
                                                (result.config.get("betting") or {}).get("unit"))
                self.true_counts.value = (
                    "<h4>EV by true count (counts in at least 0.1 % of rounds; rarer ones "
                    "pooled into the end rows; every count in the CSV above)</h4>"
                    + SUMMARY_STYLE + view.to_html(index=False, border=0,
                                                   classes="jost-summary jost-true-counts"))
            set_image(charts["outcomes"], figure_png(
                figures.outcome_distribution(tables.outcome_distribution(result))))
            set_image(charts["risk_of_ruin"], figure_png(figures.risk_of_ruin(
                ror, unit=(result.config.get("betting") or {}).get("unit"))))
            set_image(charts["convergence"], convergence_png(
                result.config, [Tally.from_dict(p) for p in partials] if partials
                else [result.tally]))
            trips = tables.trips(summary)
            if len(trips):
                set_image(charts["trips"], figure_png(figures.bankroll_trips(trips, summary,
                                                                         config=result.config)))

    def _show_rows(self, result) -> bool:
        """Show a result whose handler offers ``summary_rows`` (another simulation type) as
        its rows; False (nothing shown) for a type without them."""
        rows = registry.summary_rows(registry.result_type(result), result)
        if rows is None:
            return False
        self.summary.value = rows_html(rows)
        self._clear_charts()
        self.true_counts.value = ""
        stem = "".join(c if c.isalnum() else "-" for c in
                       str(result.config.get("label") or "result").lower()).strip("-")[:60]
        self.downloads.value = "CSV: " + csv_link(rows_frame(rows), f"{stem}-summary.csv",
                                                  "summary")
        return True

    def _clear_charts(self) -> None:
        for image in self.charts.values():
            set_image(image, b"")

    def show_job(self, job) -> None:
        """Show a :class:`~jost_engine.jobs.Job`'s result and its chunks' history.

        A CANCELLED, INTERRUPTED or FAILED job shows the result of its finished
        chunks, marked partial (:func:`shown_result`).
        """
        result, partial = shown_result(job)
        if result is None:
            raise ValueError(f"job {job.id} is {job.status} with no finished chunk: "
                             f"nothing to show yet")
        partials = job.manager.ledger.partials(job.id, arrival=True)
        row = job.info
        title = f"PARTIAL: {row['label']}" if partial else None
        note = None
        if partial and row["simulation_type"] != BLACKJACK:  # its rows say the rest
            note = partial_note(row)
        elif partial:  # what the finished chunks say, with their SE
            advantage = estimates.figures(result.summary, result.config)["advantage"]
            note = f"{partial_note(row)}: advantage {fmt.estimate(advantage)} ({fmt.SE_NOTE})"
        self.show(result, title=title, partials=partials, note=note)

    def watch(self, manager, job_id: str) -> None:
        """Follow a job: its convergence chart as chunks arrive, then its result."""
        with self._lock:
            self.watched = (manager, job_id, -1)
            self._arrived = []
        self.update()

    def update(self) -> bool:
        """Redraw the watched job if chunks arrived; True while it is still running."""
        with self._lock:
            if self.watched is None:
                return False
            manager, job_id, drawn = self.watched
            row = manager.ledger.get(job_id)
            state, done = row["state"], row["chunks_done"]
            if state == COMPLETE:
                self.watched, self._arrived = None, []
                self.show_job(manager.job(job_id))
                return False
            if done != drawn:
                self.watched = (manager, job_id, done)
                self.title.value = (f"<h3>{html.escape(row['label'])}</h3><i>{state}: "
                                    f"{done} of {row['chunks_total']} chunks</i>")
                if drawn < 0:  # the first look: the previous result goes
                    self.summary.value = ""
                    self._clear_charts()
                if row["simulation_type"] == BLACKJACK:  # read only the chunks not yet read
                    self._arrived += [Tally.from_dict(p) for p in manager.ledger.partials(
                        job_id, arrival=True, skip=len(self._arrived))]
                    set_image(self.charts["convergence"],
                              convergence_png(row["config"], self._arrived))
            if state not in ACTIVE:
                self.watched, self._arrived = None, []
                if done > 0:
                    self.show_job(manager.job(job_id))
                else:
                    self.title.value = (f"<h3>{html.escape(row['label'])}</h3><i>{state} "
                                        f"before any chunk finished: no result</i>")
            return state in ACTIVE
