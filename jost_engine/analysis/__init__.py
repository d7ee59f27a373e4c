"""Results as pandas tables and matplotlib figures (no widgets, no Dask).

:mod:`.tables` turns :class:`~jost_engine.result.SimulationResult` objects
into DataFrames; :mod:`.figures` draws them as :class:`matplotlib.figure.Figure`
objects on the Agg backend in the package style, shared by the widgets and the
reports. For people: :mod:`.labels` (readable names and formats of every
figure), :mod:`.present` (key figures with their uncertainty, configs and their
differences), :mod:`.readable` (tables as text cells) and :mod:`.summary_text`
(the first sentences of a report).
"""

from . import figures, labels, present, readable, summary_text, tables

__all__ = ["figures", "labels", "present", "readable", "summary_text", "tables"]
