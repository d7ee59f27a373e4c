"""``jost schema [config|study|TYPE]``: the JSON Schema of the hydrated config, of a study
spec, or of the config of an installed simulation type whose handler offers ``schema()``."""

from __future__ import annotations

import argparse

from .output import write_json


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the schema (pydantic is loaded here, not at start-up)."""
    from .. import registry
    from ..errors import JostError

    if args.what not in ("config", "study", registry.DEFAULT_TYPE):
        types = [t for t in registry.available() if t != registry.DEFAULT_TYPE
                 and registry.hook(t, "schema") is not None]
        if args.what not in types:
            raise JostError(f"schema: must be one of config, study, "
                            f"{', '.join([registry.DEFAULT_TYPE, *types])}; got {args.what!r}")
        write_json(registry.hook(args.what, "schema")())
        return 0
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
    schema.add_argument("what", nargs="?", default="config",
                        help="config (blackjack's, the default), study, or an installed "
                             "simulation type such as baccarat")
    schema.set_defaults(func=cmd_schema)
