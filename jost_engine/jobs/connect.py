"""Which Dask cluster the jobs run on, and the client connected to it.

This is the one place the order of precedence is stated (the job manager,
the reports and the widgets point here):

1. a :class:`distributed.Client` the caller passes (used, never closed here);
2. ``workers=N``: a new :class:`~distributed.LocalCluster` of N workers;
3. a scheduler address: the ``scheduler`` argument (``jost --scheduler``),
   else ``$JOST_SCHEDULER``, else the cluster started by ``jost cluster up``
   in this workspace, while it runs (with ``--gateway``: reached through the
   Dask Gateway, :mod:`jost_engine.jobs.gateway`);
4. else, with ``$JOST_GATEWAY`` (a Dask Gateway's URL), a cluster of this
   connection's own from that gateway, shut down when the connection closes;
5. else, with ``shared=True`` (the background process of ``jost submit`` and
   ``jost resume``), the workspace's shared cluster, started on first need
   and stopped when its last user leaves (:mod:`jost_engine.jobs.shared`);
   without it (notebooks, ``jost run``), a new LocalCluster of this process,
   one single-threaded worker process per core.

Everything started here listens on 127.0.0.1 only (scheduler, workers,
nannies, dashboards). A malformed address is bad input
(:class:`~jost_engine.errors.JostError`, naming where it came from); a
scheduler that does not answer within ``timeout_s`` (5 s by default) is a
:class:`~jost_engine.errors.ClusterError`. Clusters and clients made here
are closed by :meth:`Connection.close`.
"""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass

from ..errors import ClusterError, JobError, JostError
from . import gateway
from . import shared as shared_cluster
from .cluster import HOST, saved_cluster

ENV_SCHEDULER = "JOST_SCHEDULER"
DASHBOARD_ADDRESS = f"{HOST}:8787"
CONNECT_TIMEOUT_S = 5.0
GATEWAY_SOURCE = "jost cluster up --gateway"
SHARED_TIMEOUT_S = 30.0  # the shared cluster runs (its scheduler was just seen): only slow


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def scheduler_address(scheduler: str | None = None) -> tuple[str | None, str]:
    """The scheduler to use and where its address came from, or (None, why not)."""
    if scheduler:
        return scheduler, "--scheduler"
    if os.environ.get(ENV_SCHEDULER):
        return os.environ[ENV_SCHEDULER], f"${ENV_SCHEDULER}"
    saved = saved_cluster()
    if saved and saved.get("kind") == gateway.KIND:  # reached through the gateway only
        return None, GATEWAY_SOURCE
    if saved and not saved.get("shared"):
        return saved["address"], "jost cluster up"
    return None, "no scheduler given"


def check_address(address: str, source: str = "--scheduler") -> str:
    """A scheduler address, checked for its form (``tcp://host:port``); it unchanged.

    Raises
    ------
    JostError
        For a malformed address, naming where it came from (``--scheduler``,
        ``$JOST_SCHEDULER``): bad input, exit 2.
    """
    from distributed.comm import parse_address
    from distributed.comm.addressing import parse_host_port
    from distributed.comm.registry import backends

    hint = (f"{source}: {address!r} is not a Dask scheduler address "
            f"(like tcp://127.0.0.1:8786; set with --scheduler or ${ENV_SCHEDULER})")
    try:
        scheme, location = parse_address(address, strict=True)
        if scheme not in backends:
            raise ValueError(scheme)
        if scheme in ("tcp", "tls", "ws", "wss"):
            host, port = parse_host_port(location)
            if not host or not 0 < int(port) < 65536:
                raise ValueError(location)
    except (ValueError, TypeError):
        raise JostError(hint) from None
    return address


def reach(address: str, source: str, timeout_s: float = CONNECT_TIMEOUT_S):
    """A new client of the scheduler at ``address``.

    Raises
    ------
    JostError
        For a malformed address (see :func:`check_address`).
    ClusterError
        When the scheduler does not answer within ``timeout_s`` [s].
    """
    from distributed import Client

    check_address(address, source)
    try:
        return Client(address, timeout=timeout_s, set_as_default=False)
    except Exception as exc:  # noqa: BLE001 - any failure to connect is one message
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({source}) within "
                           f"{timeout_s:g} s: {type(exc).__name__}: {exc}") from None


@dataclass
class Connection:
    """A client, the cluster it was made with (if made here) and whether to close it."""

    client: object
    cluster: object | None
    owned: bool
    source: str
    leave: object = None

    @property
    def address(self) -> str:
        """The scheduler's address, e.g. ``tcp://127.0.0.1:8786``."""
        return self.client.scheduler.address

    @property
    def dashboard_link(self) -> str | None:
        """The Dask dashboard's URL, or None when the scheduler has none."""
        try:
            return self.client.dashboard_link
        except (KeyError, AttributeError):
            return None

    def nthreads(self) -> int:
        """Threads on all the workers now."""
        return sum(self.client.nthreads().values())

    def close(self) -> None:
        """Close the client and cluster if they were made here; leave a shared cluster."""
        if self.owned:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        if self.leave is not None:
            self.leave()
            self.leave = None


def local_cluster(workers: int | None = None, dashboard_address: str = DASHBOARD_ADDRESS):
    """A LocalCluster of single-threaded worker processes on 127.0.0.1.

    Its dashboard takes another port when ``dashboard_address`` is taken.
    """
    from distributed import LocalCluster

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*already in use.*")
        return LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                            processes=True, host=HOST, dashboard_address=dashboard_address,
                            silence_logs=logging.ERROR)


def connect(client=None, scheduler: str | None = None, workers: int | None = None,
            timeout_s: float = CONNECT_TIMEOUT_S, shared: bool = False,
            busy=None) -> Connection:
    """Connect to the cluster the arguments and environment select (see above).

    Parameters
    ----------
    client : distributed.Client, optional
        Use this client.
    scheduler : str, optional
        A scheduler address such as ``tcp://10.0.0.5:8786``.
    workers : int, optional
        Start a LocalCluster of this many workers.
    timeout_s : float
        How long to try to reach a scheduler [s].
    shared : bool
        When nothing else is named, use the workspace's shared cluster
        rather than a LocalCluster of this process.
    busy : callable, optional
        Passed to :func:`jost_engine.jobs.shared.leave` when the connection
        to the shared cluster closes.

    Raises
    ------
    JostError
        For ``workers`` below 1 or a malformed scheduler address.
    ClusterError
        When the scheduler cannot be reached, or the shared cluster not started.
    """
    from distributed import Client

    if client is not None:
        return Connection(client, None, False, "client")
    if workers is not None and workers < 1:
        raise JobError(f"workers: must be at least 1, got {workers}")
    if workers is None:
        address, source = scheduler_address(scheduler)
        saved = saved_cluster() if source == GATEWAY_SOURCE else None
        if saved:
            return Connection(gateway.client(saved, timeout_s), None, True, source)
        if address:
            return Connection(reach(address, source, timeout_s), None, True, source)
        if os.environ.get(gateway.ENV_GATEWAY):
            made, cluster = gateway.owned(os.environ[gateway.ENV_GATEWAY], default_workers())
            return Connection(made, cluster, True, f"${gateway.ENV_GATEWAY}")
        if shared:
            state = shared_cluster.join(default_workers())
            try:
                made = reach(state["address"], "the workspace's shared cluster",
                             max(timeout_s, SHARED_TIMEOUT_S))
            except BaseException:
                shared_cluster.leave(busy)
                raise
            return Connection(made, None, True, "shared cluster",
                              leave=lambda: shared_cluster.leave(busy))
    cluster = local_cluster(workers)
    return Connection(Client(cluster, set_as_default=False), cluster, True, "local cluster")
