"""A cluster of one's own from a Dask Gateway (``jost cluster up --gateway URL``).

A team runs one `Dask Gateway <https://gateway.dask.org/>`_ server: its users
authenticate and each gets clusters of their own, within the limits the
administrator set (workers, cores, memory per cluster), from its backend
(local processes, Kubernetes, a batch queue). JOST asks the gateway for a
cluster and records it in the workspace's ``cluster.json`` (``"kind":
"gateway"``, the gateway's URL and the cluster's name); every later ``jost``
command, job runner and notebook of that workspace connects to it through the
gateway (:func:`client`), and ``jost cluster down`` shuts it down.

How to authenticate is dask-gateway's own setting, read from the Dask config
(``gateway.auth.type``: ``basic``, ``kerberos``, ``jupyterhub``; e.g.
``DASK_GATEWAY__AUTH__TYPE=basic`` and ``DASK_GATEWAY__AUTH__KWARGS__USERNAME``), as
is the proxy's address when it differs from the gateway's
(``gateway.proxy-address``); JOST never stores a password.

Only this module and :mod:`.connect` know dask-gateway; it is imported when a
gateway is named, so a team without one needs no dask-gateway package.
"""

from __future__ import annotations

import time

from ..errors import ClusterError, JobError

ENV_GATEWAY = "JOST_GATEWAY"
KIND = "gateway"


def _gateway(address: str, timeout_s: float = 30.0):
    """A :class:`dask_gateway.Gateway` for ``address``, authenticated as the Dask config says.

    Raises
    ------
    JobError
        For an address that is not an http(s) URL (bad input).
    ClusterError
        When dask-gateway is not installed.
    """
    if not address.startswith(("http://", "https://")):
        raise JobError(f"--gateway: must be the gateway's http:// or https:// URL, got "
                       f"{address!r}")
    try:
        from dask_gateway import Gateway
    except ImportError:
        raise ClusterError("--gateway: the dask-gateway package is not installed "
                           "(pip install dask-gateway)") from None
    return Gateway(address)


def _refused(address: str, exc: Exception) -> ClusterError:
    """One line for a gateway that does not answer or refuses us."""
    return ClusterError(f"the Dask Gateway at {address} refused or did not answer: "
                        f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


def _started(address: str, workers: int, timeout_s: float, keep: bool):
    """A new gateway cluster scaled to ``workers`` with at least one joined: (client, cluster).

    ``keep``: the cluster outlives this process (``jost cluster up``); else closing it
    shuts it down. On any failure the cluster is given back before the error is raised.

    Raises
    ------
    ClusterError
        When the gateway refuses or does not answer, or no worker joins in ``timeout_s`` [s].
    """
    gateway = _gateway(address)
    try:
        cluster = gateway.new_cluster(shutdown_on_close=not keep)
    except Exception as exc:  # noqa: BLE001 - any failure of the gateway is one message
        raise _refused(address, exc) from None
    try:
        cluster.scale(workers)
        made = cluster.get_client(set_as_default=False)
        made.wait_for_workers(1, timeout=timeout_s)
    except TimeoutError:
        cluster.shutdown()
        raise ClusterError(f"no worker of the gateway's cluster {cluster.name} joined within "
                           f"{timeout_s:.0f} s") from None
    except BaseException:
        cluster.shutdown()
        raise
    return made, cluster


def up(address: str, workers: int, timeout_s: float = 120.0) -> dict:
    """Ask the gateway for a cluster of ``workers`` workers; the state to save.

    Parameters
    ----------
    address : str
        The gateway's URL, e.g. ``https://gateway.example.org``.
    workers : int
        Workers to ask for (the gateway may cap them: ``cluster_max_workers``).
    timeout_s : float
        How long to wait for the workers [s].

    Raises
    ------
    ClusterError
        When the gateway refuses, does not answer, or no worker joins in time.
    """
    made, cluster = _started(address, workers, timeout_s, keep=True)
    with made:
        deadline = time.monotonic() + min(timeout_s, 60.0)
        while len(made.nthreads()) < workers and time.monotonic() < deadline:
            time.sleep(0.2)  # the rest, while the gateway's limits allow
        joined = len(made.nthreads())
    return {"kind": KIND, "gateway": address, "name": cluster.name,
            "address": cluster.scheduler_address, "dashboard": cluster.dashboard_link,
            "workers": joined, "asked": workers, "processes": [], "started_at": time.time(),
            "shared": False}


def client(state: dict, timeout_s: float = 30.0):
    """A new client of the gateway cluster a saved state names.

    Raises
    ------
    ClusterError
        When the gateway refuses (another user's cluster) or the cluster is gone.
    """
    gateway = _gateway(state["gateway"])
    try:
        cluster = gateway.connect(state["name"], shutdown_on_close=False)
        return cluster.get_client(set_as_default=False)
    except Exception as exc:  # noqa: BLE001 - any failure of the gateway is one message
        raise _refused(state["gateway"], exc) from None


def owned(address: str, workers: int, timeout_s: float = 120.0):
    """A cluster of this process from the gateway (``$JOST_GATEWAY``): (client, cluster).

    Closing the cluster shuts it down, so a notebook's or a job runner's
    cluster is given back when its connection closes.

    Raises
    ------
    ClusterError
        When the gateway refuses or does not answer, or no worker joins in time.
    """
    return _started(address, workers, timeout_s, keep=False)


def down(state: dict) -> None:
    """Shut the gateway cluster of a saved state down (nothing if it is gone already)."""
    gateway = _gateway(state["gateway"])
    try:
        gateway.stop_cluster(state["name"])
    except Exception:  # noqa: BLE001, S110 - gone already, or the gateway ended it
        pass


def live_threads(state: dict, timeout_s: float = 10.0) -> dict:
    """Worker address -> threads of the gateway cluster of a saved state."""
    with client(state, timeout_s) as made:
        return made.nthreads()
