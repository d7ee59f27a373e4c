"""Generated basic charts kept on disk, in a folder the caller owns.

``strategy.chart: "basic"`` stands for the exact basic strategy of the rules
(:func:`jost_engine.exact.generate_chart`, about a second per rule set).
The core never touches the disk for it: without a store it generates the
chart in memory (remembered for the process). The outer layers (jobs,
reports, widgets, the CLI) create a :class:`ChartCache` in the workspace
with :func:`workspace_charts` and pass it down, so a rule set's chart is
generated once per workspace rather than once per process::

    from jost_engine.chart_cache import workspace_charts
    from jost_engine.simulation import run_simulation_from_config

    result = run_simulation_from_config(config, charts=workspace_charts())

Anything with a ``chart(rules) -> dict`` method can stand in for a
:class:`ChartCache`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from .config import VARIANT_RULES, Chart, variant_fields
from .exact.generate import CHART_FIELDS, VERSION, generate_chart
from .exact.rules import ExactRules
from .exact.switch import DEAL_SHAPE, SWITCH_VERSION, chart_digest, switch_table
from .private import private_dir, write_private_text

CACHE_FOLDER = Path("cache") / "exact"  # inside the workspace


class ChartCache:
    """Basic charts as JSON files, one per rule set, in ``folder``.

    A chart depends on :data:`~jost_engine.exact.generate.CHART_FIELDS`
    only, so rule sets differing in the payout, penetration or reshuffle
    share one file. A file that cannot be read or is not a chart is
    generated again and replaced; a folder that cannot be written only
    costs the time to generate again.

    Parameters
    ----------
    folder : str or os.PathLike
        Where the files are (created on the first write).
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"ChartCache({str(self.folder)!r})"

    def path(self, rules) -> Path:
        """The file of a rule set's chart (``chart-v<generator version>-<rules>.json``).

        A variant's rules (:func:`~jost_engine.config.variant_fields`) are in the
        name only when one of them is on, and ``max_doubles`` only above 1, so a
        game without them keeps the file it had before.
        """
        rules = ExactRules.from_rules(rules)
        keep = variant_fields(rules)
        if rules.max_doubles > 1:
            keep.append("max_doubles")
        names = [f for f in CHART_FIELDS if f not in (*VARIANT_RULES, "max_doubles")
                 or f in keep]
        fields = "-".join(f"{getattr(rules, f)}" for f in names)
        return self.folder / f"chart-v{VERSION}-{fields}.json".replace(" ", "")

    def chart(self, rules) -> dict:
        """The basic chart of a rule set: read from its file, else generated and written.

        Parameters
        ----------
        rules : dict, Rules or ExactRules
            The rules (a config's ``rules`` section).

        Returns
        -------
        dict
            A chart in the JSON format of ``docs/charts.md`` (a fresh copy).

        Raises
        ------
        jost_engine.errors.ConfigError
            For a bad rules dict, naming the field.
        """
        rules = ExactRules.from_rules(rules)
        path = self.path(rules)
        text = _read_chart(path)
        if text is not None:
            return json.loads(text)
        chart = generate_chart(rules)
        _write_atomic(path, json.dumps(chart, indent=1))
        return chart

    def switch_path(self, rules, chart: dict | None = None) -> Path:
        """The file of a Blackjack Switch table (``switch-v<version>-<rules>-<chart>.json``).

        The payout is in the name (a dealt blackjack's worth decides whether it
        is switched away), and the digest of the chart played after the switch.
        """
        rules = ExactRules.from_rules(rules)
        chart = self.chart(rules) if chart is None else chart
        fields = "-".join(f"{getattr(rules, f)}" for f in ExactRules.__dataclass_fields__)
        return self.folder / (f"switch-v{SWITCH_VERSION}-{fields}-"
                              f"{chart_digest(chart)[:16]}.json").replace(" ", "")

    def switch_table(self, rules, chart: dict | None = None) -> np.ndarray:
        """:func:`jost_engine.exact.switch.switch_table` of a full shoe, kept in a file.

        Parameters
        ----------
        rules : dict, Rules or ExactRules
            The rules, with ``switch`` on.
        chart : dict, optional
            The chart played after the switch; the rules' basic chart (from this
            cache) when omitted.

        Returns
        -------
        numpy.ndarray
            ``int8`` of shape ``(10, 10, 10, 10, 10)``, 1 = switch.
        """
        rules = ExactRules.from_rules(rules)
        chart = self.chart(rules) if chart is None else chart
        path = self.switch_path(rules, chart)
        table = _read_switch(path)
        if table is None:
            table = switch_table(rules, chart)
            bits = np.packbits(table.reshape(-1).astype(bool)).tobytes().hex()
            _write_atomic(path, json.dumps({"version": SWITCH_VERSION, "bits": bits}))
        return table


def workspace_charts(workspace: str | os.PathLike | None = None) -> ChartCache:
    """The chart cache of a workspace: ``<workspace>/cache/exact``.

    ``$JOST_EXACT_CACHE``, when set, names the folder instead (one cache
    shared by several workspaces, as the test suite does).

    Parameters
    ----------
    workspace : str or os.PathLike, optional
        The workspace folder; ``$JOST_WORKSPACE`` (else ``~/.jost``) by default.
    """
    shared = os.environ.get("JOST_EXACT_CACHE")
    if shared:
        return ChartCache(shared)
    if workspace is None:
        from .profiles import workspace_dir

        workspace = workspace_dir()
    return ChartCache(Path(workspace) / CACHE_FOLDER)


def _read_chart(path: Path) -> str | None:
    """A cached chart's text, or None when it is missing, unreadable or not a chart."""
    try:
        text = path.read_text(encoding="utf-8")
        Chart.model_validate_json(text)
    except (OSError, ValueError):  # ValueError: bad UTF-8, or not a chart (pydantic)
        return None
    return text


def _read_switch(path: Path) -> np.ndarray | None:
    """A cached switch table, or None when it is missing, unreadable or not a table."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        bits = np.unpackbits(np.frombuffer(bytes.fromhex(data["bits"]), dtype=np.uint8))
        if data["version"] != SWITCH_VERSION or bits.size < np.prod(DEAL_SHAPE):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return bits[:np.prod(DEAL_SHAPE)].astype(np.int8).reshape(DEAL_SHAPE)


def _write_atomic(path: Path, text: str) -> None:
    try:
        private_dir(path.parent)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        write_private_text(tmp, text)
        tmp.replace(path)  # a reader sees the old file or the whole new one
    except OSError:
        pass  # a read-only or unusable folder only costs generating again
