"""``jost cluster up|down|status``: a background Dask cluster for the workspace."""

from __future__ import annotations

import argparse
import sys

from .options import count


def cmd_cluster(args: argparse.Namespace) -> int:
    """Start, stop or show the cluster; ``status`` exits 1 when none answers."""
    from ..jobs import cluster

    if args.action == "up":
        state = cluster.up(args.workers, args.dashboard_port)
        print(f"cluster up: {state['address']} with {state['workers']} workers\n"
              f"dashboard: {state['dashboard']}")
    elif args.action == "down":
        state = cluster.down()
        if state and state.get("damaged"):
            print(f"jost: warning: {state['damaged']}", file=sys.stderr)
        print(f"cluster down: {state['address']}" if state else "no cluster was up")
    else:
        state = cluster.status()
        if state is None:
            print("no cluster is up")
            return 1
        print(f"cluster up: {state['address']}, {state['live_workers']} workers, "
              f"{state['threads']} threads\ndashboard: {state['dashboard']}")
        if state.get("error"):
            print(f"but the scheduler does not answer: {state['error']}")
            return 1
    return 0


def add_commands(sub) -> None:
    """Add ``cluster`` to the ``jost`` sub-command parsers."""
    clusters = sub.add_parser("cluster", help="start, stop or show a background Dask cluster")
    clusters.add_argument("action", choices=["up", "down", "status"])
    clusters.add_argument("--workers", type=count(), default=2, metavar="N",
                          help="with up: worker processes (default 2)")
    clusters.add_argument("--dashboard-port", type=count(0), default=8787,
                          metavar="PORT", help="with up: 0 picks a free port")
    clusters.set_defaults(func=cmd_cluster)
