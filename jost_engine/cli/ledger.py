"""``jost ledger setup|share|unshare``: the team ledger on PostgreSQL.

``setup`` is the administrator's (the role that owns the schema): it creates or
upgrades the tables, their row-level security and the grants to the users' group
role. ``share`` and ``unshare`` are each user's: they open a project of one's own
jobs and studies to another role, for reading or writing.
"""

from __future__ import annotations

import argparse
import os


def cmd_ledger(args: argparse.Namespace) -> int:
    """Set up the database, or share / unshare a project."""
    from ..errors import JobError
    from ..jobs.ledger import ENV_LEDGER
    from ..jobs.ledger_postgres import PostgresLedger, is_postgres, public_address, setup

    url = args.url or os.environ.get(ENV_LEDGER)
    if not is_postgres(url):
        raise JobError(f"--url: a postgresql:// URL (or ${ENV_LEDGER}), got {url!r}; the "
                       "SQLite ledger has one user and nothing to set up or share")
    if args.action == "setup":
        version = setup(url, args.users_role)
        print(f"ledger {public_address(url)}: JOST schema {version}, row-level security on, "
              f"privileges granted to role {args.users_role}")
        return 0
    if not (args.project and args.member):
        raise JobError(f"{args.action}: give the PROJECT and the MEMBER role")
    ledger = PostgresLedger(url)
    try:
        if args.action == "share":
            ledger.share(args.project, args.member, args.access)
            print(f"project {args.project} shared with {args.member} for {args.access}")
        else:
            ledger.unshare(args.project, args.member)
            print(f"project {args.project} no longer shared with {args.member}")
    finally:
        ledger.close()
    return 0


def add_commands(sub) -> None:
    """Add ``ledger`` to the ``jost`` sub-command parsers."""
    ledger = sub.add_parser(
        "ledger", help="the team ledger on PostgreSQL: set it up, share a project",
        description="setup (the administrator): create or upgrade the JOST schema with "
                    "row-level security in a PostgreSQL database. share / unshare (a user): "
                    "let another role read or change your jobs and studies of a project.")
    ledger.add_argument("action", choices=["setup", "share", "unshare"])
    ledger.add_argument("project", nargs="?", help="with share/unshare: the project")
    ledger.add_argument("member", nargs="?", help="with share/unshare: the role to share with")
    ledger.add_argument("--url", help="postgresql://user@host/db (default $JOST_LEDGER)")
    ledger.add_argument("--access", choices=["read", "write"], default="read",
                        help="with share: read (default) or write (cancel, resume)")
    ledger.add_argument("--users-role", default="jost_users", metavar="ROLE",
                        help="with setup: the group role granted the tables (default "
                             "jost_users; made if missing)")
    ledger.set_defaults(func=cmd_ledger)
