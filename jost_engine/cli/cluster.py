"""``jost cluster up|down|status``: a background Dask cluster for the workspace."""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import JobError
from .options import count

LOCAL_WORKERS = 2
LOCAL_DASHBOARD_PORT = 8787


def _up(args: argparse.Namespace) -> dict:
    """Start a local cluster, with ``--ssh`` one over SSH, with ``--gateway`` (or
    ``$JOST_GATEWAY``) one from a Dask Gateway."""
    from ..jobs import cluster, gateway

    if args.gateway is not None and args.ssh is not None:
        raise JobError("--gateway: give either --gateway or --ssh, not both")

    address = args.gateway or (None if args.ssh else os.environ.get(gateway.ENV_GATEWAY))
    if address:
        cluster.prepare_folder()
        return cluster.save_state(gateway.up(address, args.workers or LOCAL_WORKERS))
    if args.ssh is None:
        return cluster.up(args.workers or LOCAL_WORKERS,
                          LOCAL_DASHBOARD_PORT if args.dashboard_port is None
                          else args.dashboard_port)
    from ..jobs import ssh

    spec = ssh.spec(hosts=args.ssh, port=args.ssh_port, identity_file=args.ssh_key,
                    options=args.ssh_option, remote_python=args.remote_python,
                    workers_per_host=args.workers, env=args.remote_env,
                    scheduler_port=args.scheduler_port, dashboard_port=args.dashboard_port)
    return ssh.up(spec)


def cmd_cluster(args: argparse.Namespace) -> int:
    """Start, stop or show the cluster; ``status`` exits 1 when none answers."""
    from ..jobs import cluster

    if args.action == "up":
        state = _up(args)
        where = {"ssh": f" on {', '.join(state.get('hosts', []))} over ssh",
                 "gateway": f" from the Dask Gateway at {state.get('gateway')} (cluster "
                            f"{state.get('name')})"}.get(state.get("kind"), "")
        print(f"cluster up: {state['address']} with {state['workers']} workers{where}\n"
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
    clusters = sub.add_parser(
        "cluster", help="start, stop or show a background Dask cluster",
        description="Start (up), stop (down) or show (status) the workspace's Dask cluster: "
                    "local processes on 127.0.0.1, or with --ssh a scheduler on the first "
                    "host and workers on the others. --ssh settings default to dask.config "
                    "'jost.cluster.ssh' (see docs/scale-out.md).")
    clusters.add_argument("action", choices=["up", "down", "status"])
    clusters.add_argument("--workers", type=count(), default=None, metavar="N",
                          help=f"with up: worker processes (default {LOCAL_WORKERS}); "
                               "with --ssh: per worker host (default 1)")
    clusters.add_argument("--dashboard-port", type=count(0), default=None, metavar="PORT",
                          help=f"with up: 0 picks a free port (default {LOCAL_DASHBOARD_PORT})")
    clusters.add_argument("--gateway", metavar="URL",
                          help="with up: a cluster of your own from this Dask Gateway "
                               "(default $JOST_GATEWAY; how to log in is dask-gateway's "
                               "setting gateway.auth, see docs/scale-out.md)")
    remote = clusters.add_argument_group("over SSH (with up)")
    remote.add_argument("--ssh", metavar="HOST[,HOST...]",
                        help="[user@]hosts: the first runs the scheduler, the others workers "
                             "(one host: both); every socket binds the host as named")
    remote.add_argument("--ssh-port", type=count(1), metavar="PORT", help="ssh port")
    remote.add_argument("--ssh-key", metavar="FILE", help="private key (ssh -i)")
    remote.add_argument("--ssh-option", action="append", metavar="KEY=VALUE",
                        help="an 'ssh -o' option (repeatable)")
    remote.add_argument("--remote-python", metavar="PATH",
                        help="python on the hosts with jost installed (default: this one's path)")
    remote.add_argument("--remote-env", action="append", metavar="NAME[=VALUE]",
                        help="environment of the remote processes (repeatable; NAME alone: "
                             "its value here), e.g. NUMBA_CACHE_DIR, PYTHONPATH")
    remote.add_argument("--scheduler-port", type=count(0), metavar="PORT",
                        help="the scheduler's port (default 8786; 0: any free port)")
    clusters.set_defaults(func=cmd_cluster)
