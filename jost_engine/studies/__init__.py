"""Studies: a base config and its variants run as one batch of jobs, read as one table.

>>> from jost_engine.studies import Study                      # doctest: +SKIP
>>> study = Study.submit({"label": "pen x spread", "base": "strip-hilo-1-12",
...                       "grid": {"rules.penetration": [0.7, 0.8]}})
>>> study.progress                 # variants done, rounds, rounds/s, time left
>>> study.results()                # one row per variant, the base first

``docs/studies.md`` tells the whole story: the spec and how grid and
variants combine, common shoes and paired errors, the exact column.
"""

from .expand import Row, expand, readable
from .spec import MAX_VARIANTS, StudySpec, parse_spec, study_schema

__all__ = ["MAX_VARIANTS", "Row", "StudySpec", "expand", "parse_spec", "readable",
           "study_schema"]
