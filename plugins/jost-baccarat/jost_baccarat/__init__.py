"""Baccarat (punto banco) as a JOST simulation type, installed as a plug-in package.

The package plugs into JOST through two entry points only (see its
``pyproject.toml`` and docs/plugins.md): the simulation type ``baccarat``
(:data:`jost_baccarat.handler.handler`) and the report template ``baccarat``
(:data:`jost_baccarat.reports.BACCARAT`). Nothing in ``jost_engine`` imports it.
"""

__version__ = "0.1.0"
