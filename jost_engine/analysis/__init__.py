"""Results as pandas tables and matplotlib figures (no widgets, no Dask).

:mod:`.tables` turns :class:`~jost_engine.result.SimulationResult` objects
into DataFrames; :mod:`.figures` draws them as :class:`matplotlib.figure.Figure`
objects on the Agg backend, shared by the widgets and the reports.
"""

from . import figures, tables

__all__ = ["figures", "tables"]
