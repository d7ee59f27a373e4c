"""JOST widgets for Jupyter: the only part of JOST that imports ipywidgets.

- :class:`ConfigBuilder`: a config from profiles and controls, validated live;
- :class:`RawJsonRunner`: a config pasted or loaded as JSON;
- :class:`JobHistory`: the job ledger as a live table with its actions;
- :class:`ResultView`: a result's summary and charts;
- :class:`StudyView`: fields of a config varied as one study, its table and chart;
- :class:`Workbench`: all of them in tabs, with the Dask dashboard link.
"""

from .builder import ConfigBuilder
from .history import JobHistory
from .raw_json import RawJsonRunner
from .result_view import ResultView
from .study_view import StudyView
from .workbench import Workbench

__all__ = ["ConfigBuilder", "JobHistory", "RawJsonRunner", "ResultView", "StudyView",
           "Workbench"]
