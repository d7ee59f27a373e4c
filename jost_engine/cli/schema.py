"""``jost schema``: the JSON Schema of the hydrated config."""

from __future__ import annotations

import argparse

from .output import write_json


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the schema (pydantic is loaded here, not at start-up)."""
    from ..config import config_schema

    write_json(config_schema())
    return 0


def add_commands(sub) -> None:
    """Add ``schema`` to the ``jost`` sub-command parsers."""
    schema = sub.add_parser("schema", help="print the JSON Schema of the config")
    schema.set_defaults(func=cmd_schema)
