"""The ``jost`` command, one module per command group.

- :mod:`.main`: the parser, :func:`main` and the exit codes;
- :mod:`.run`: ``run``; :mod:`.jobs`: ``submit``, ``status``, ``result``,
  ``jobs``, ``cancel``, ``resume``, ``delete``; :mod:`.cluster`: ``cluster``;
- :mod:`.profiles`: ``profiles``; :mod:`.schema`: ``schema``;
- :mod:`.exact`: ``exact`` and ``strategy``; :mod:`.reports`: ``report``;
- :mod:`.options`, :mod:`.output` and :mod:`.waiting`: arguments, printing and
  waiting for a job, shared by the commands.

Importing this package loads none of pydantic, numba, pandas or Dask.
"""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
