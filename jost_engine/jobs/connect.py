"""Which Dask cluster the jobs run on, and the client connected to it.

In order of precedence:

1. a :class:`distributed.Client` the caller passes (used, never closed here);
2. ``workers=N``: a new :class:`~distributed.LocalCluster` of N workers;
3. a scheduler address: the ``scheduler`` argument (``jost --scheduler``),
   else ``$JOST_SCHEDULER``, else the cluster started by ``jost cluster up``
   in this workspace, while it runs;
4. else a new LocalCluster, one single-threaded worker process per core,
   dashboard on 127.0.0.1.

Clusters and clients made here are closed by :meth:`Connection.close`.
"""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass

from .cluster import saved_cluster
from .ledger import JobError

ENV_SCHEDULER = "JOST_SCHEDULER"
DASHBOARD_ADDRESS = "127.0.0.1:8787"


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
    if saved:
        return saved["address"], "jost cluster up"
    return None, "no scheduler given"


@dataclass
class Connection:
    """A client, the cluster it was made with (if made here) and whether to close it."""

    client: object
    cluster: object | None
    owned: bool
    source: str

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
        """Close the client and cluster if they were made here."""
        if self.owned:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def local_cluster(workers: int | None = None, dashboard_address: str = DASHBOARD_ADDRESS):
    """A LocalCluster of single-threaded worker processes on 127.0.0.1.

    Its dashboard takes another port when ``dashboard_address`` is taken.
    """
    from distributed import LocalCluster

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*already in use.*")
        return LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                            processes=True, host="127.0.0.1",
                            dashboard_address=dashboard_address, silence_logs=logging.ERROR)


def connect(client=None, scheduler: str | None = None, workers: int | None = None,
            timeout_s: float = 30.0) -> Connection:
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

    Raises
    ------
    JobError
        When the scheduler cannot be reached.
    """
    from distributed import Client

    if client is not None:
        return Connection(client, None, False, "client")
    if workers is not None and workers < 1:
        raise JobError(f"workers: must be at least 1, got {workers}")
    if workers is None:
        address, source = scheduler_address(scheduler)
        if address:
            try:
                made = Client(address, timeout=timeout_s, set_as_default=False)
            except Exception as exc:  # noqa: BLE001 - any failure to connect is one message
                raise JobError(f"cannot reach the Dask scheduler at {address} ({source}): "
                               f"{exc}") from None
            return Connection(made, None, True, source)
    cluster = local_cluster(workers)
    return Connection(Client(cluster, set_as_default=False), cluster, True, "local cluster")
