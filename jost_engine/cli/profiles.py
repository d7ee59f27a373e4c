"""``jost profiles list|show|save|delete``: the named pieces of configs."""

from __future__ import annotations

import argparse

from ..profiles import KINDS
from .output import write_json


def cmd_profiles(args: argparse.Namespace) -> int:
    """List, show, save or delete a profile (names checked by the store)."""
    from ..jsonio import read_json_file
    from ..profiles import ProfileStore

    store = ProfileStore()
    if args.action == "list":
        for p in store.list(args.kind):
            state = f"  ! {p.error}" if p.error else f"  {p.label}"
            print(f"{p.kind:<11} {p.name:<28} {p.source:<8}{state}")
    elif args.action == "show":
        write_json(store.show(args.kind, args.name))
    elif args.action == "save":
        data = read_json_file(args.file, "profile file")
        piece = data.get(KINDS[args.kind], data)
        path = store.save(args.kind, args.name, piece, args.label or data.get("label", ""),
                          args.notes or data.get("notes", ""))
        print(f"saved {path}")
    elif args.action == "delete":
        store.delete(args.kind, args.name)
        print(f"deleted {args.kind}/{args.name}")
    return 0


def add_commands(sub) -> None:
    """Add ``profiles`` and its actions to the ``jost`` sub-command parsers."""
    profiles = sub.add_parser("profiles", help="list, show, save or delete profiles")
    psub = profiles.add_subparsers(dest="action", required=True, parser_class=type(profiles))
    plist = psub.add_parser("list", help="list the default and user profiles")
    plist.add_argument("--kind", choices=list(KINDS))
    for action in ("show", "save", "delete"):
        p = psub.add_parser(action, help=f"{action} a profile")
        p.add_argument("kind", choices=list(KINDS))
        p.add_argument("name")
        if action == "save":
            p.add_argument("file", help="JSON file: the piece, or a profile file")
            p.add_argument("--label")
            p.add_argument("--notes")
    profiles.set_defaults(func=cmd_profiles)
