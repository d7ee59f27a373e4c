"""``jost schema [config|study]``: the JSON Schema of the hydrated config or of a study spec."""

from __future__ import annotations

import argparse

from .output import write_json


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the schema (pydantic is loaded here, not at start-up)."""
    if args.what == "study":
        from ..studies.spec import study_schema

        write_json(study_schema())
    else:
        from ..config import config_schema

        write_json(config_schema())
    return 0


def add_commands(sub) -> None:
    """Add ``schema`` to the ``jost`` sub-command parsers."""
    schema = sub.add_parser("schema", help="print the JSON Schema of the config (or of a "
                                           "study spec)")
    schema.add_argument("what", nargs="?", choices=("config", "study"), default="config")
    schema.set_defaults(func=cmd_schema)
