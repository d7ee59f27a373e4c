"""The workspace's shared cluster: one for all the detached jobs of a workspace.

``jost submit`` and ``jost resume`` drive each job in a background process
of its own (:mod:`jost_engine.jobs.runner`). When no cluster is named (no
``--scheduler``, ``$JOST_SCHEDULER``, ``jost cluster up`` or ``--workers``),
those processes share one cluster instead of starting one each: the first
one that needs it starts it, as ``jost cluster up`` would (recorded in
``<workspace>/cluster/cluster.json`` with ``"shared": true``, one worker per
core), and each process that uses it leaves a *user* file in
``<workspace>/cluster/users/``. When a user leaves and no live user and no
PENDING or RUNNING job of the ledger remain, it stops the cluster.

A user killed with SIGKILL leaves its file behind; the next user to leave
sees that its process is gone and ignores it. ``jost cluster down`` stops
the shared cluster like any other. Starting, joining and leaving happen
under a lock file (``fcntl.flock``), so two processes never start two
clusters or stop one another joins.
"""

from __future__ import annotations

import fcntl
import json
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import ClusterError
from ..private import private_dir, private_opener, write_private_text
from . import cluster
from .owner import Owner

USERS = "users"
LOCK = "lock"


@contextmanager
def _locked():
    folder = private_dir(cluster.cluster_dir())
    with open(folder / LOCK, "a+", opener=private_opener) as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _user_file(owner: Owner) -> Path:
    return cluster.cluster_dir() / USERS / f"{owner.pid}.json"


def _live_users() -> list[Owner]:
    found = []
    for path in (cluster.cluster_dir() / USERS).glob("*.json"):
        try:
            owner = Owner(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            continue
        if owner.alive(None, time.time()):
            found.append(owner)
        else:
            path.unlink(missing_ok=True)
    return found


def join(workers: int, timeout_s: float = 120.0) -> dict:
    """The shared cluster's state, started if none runs; this process becomes a user.

    A cluster of ``jost cluster up`` that runs is used as it is (and not
    stopped by :func:`leave`).

    Parameters
    ----------
    workers : int
        Worker processes, if it has to be started.
    timeout_s : float
        How long to wait for it to start [s].

    Raises
    ------
    ClusterError
        When it does not start, or its state file is damaged.
    """
    with _locked():
        state = cluster.saved_cluster()
        if state is None:
            cluster.down(grace_s=5.0)  # what is left of a dead one
            state = cluster.up(workers, dashboard_port=0, timeout_s=timeout_s, shared=True)
        owner = Owner.of()
        path = _user_file(owner)
        private_dir(path.parent)
        write_private_text(path, json.dumps(vars(owner)))
        return state


def leave(busy=None) -> bool:
    """This process stops using the shared cluster; whether the cluster was stopped.

    Parameters
    ----------
    busy : callable, optional
        ``busy(address)`` is true while jobs that will need the cluster at
        ``address`` remain (see :meth:`Ledger.uses_scheduler`); it is kept then.
    """
    with _locked():
        _user_file(Owner.of()).unlink(missing_ok=True)
        try:
            state = cluster.saved_cluster()
        except ClusterError:  # a damaged state file is for 'jost cluster down'
            return False
        if state is None or not state.get("shared") or _live_users():
            return False
        if busy is not None and busy(state["address"]):
            return False
        cluster.down(grace_s=10.0)
        return True


def users() -> list[int]:
    """The pids of the live users of the shared cluster."""
    return [owner.pid for owner in _live_users()]

