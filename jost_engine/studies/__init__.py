"""Studies: a base config and its variants run as one batch of jobs, read as one table.

>>> from jost_engine.studies import Study                      # doctest: +SKIP
>>> from jost_engine.jobs import JobManager
>>> study = Study.submit({"label": "pen x spread", "base": "strip-hilo-1-12",
...                       "grid": {"rules.penetration": [0.7, 0.8]}}, JobManager())
>>> study.progress                 # variants done, rounds, rounds/s, time left
>>> study.results()                # one row per variant, the base first

``docs/studies.md`` tells the whole story: the spec and how grid and
variants combine, common shoes and paired errors, the exact column.
"""

from .expand import Row, expand, readable
from .results import frame_from_json, frame_to_json
from .spec import MAX_VARIANTS, StudySpec, parse_spec, study_schema
from .study import Study, StudyProgress

__all__ = ["MAX_VARIANTS", "Row", "Study", "StudyProgress", "StudySpec", "expand",
           "frame_from_json", "frame_to_json", "parse_spec", "readable", "study_schema"]
