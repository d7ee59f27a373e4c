"""A real Dask Gateway server on 127.0.0.1 for the multi-user tests.

Registered as a plugin (``pytest_plugins = ["gateway_fixtures"]``); it brings the job
fixtures (:mod:`jobs_fixtures`) with it, so the gateway's clusters import the test plugins.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gateway_helpers import PASSWORD, free_port
from jobs_helpers import python_env

pytest_plugins = ["jobs_fixtures"]


@pytest.fixture(scope="module")
def gateway_url(tmp_path_factory, toy_plugin):
    """A running dask-gateway-server on 127.0.0.1 (API, proxy and scheduler proxy); its URL.

    Clusters are local processes of this machine (``UnsafeLocalBackend``: every user's
    processes run as the server's user, which a test machine allows; a team uses the
    ``LocalBackend``, Kubernetes or a batch queue, see docs/scale-out.md), one worker each,
    with the test plugins (``toy``, ``held``) importable.
    """
    folder = tmp_path_factory.mktemp("gateway")
    port, api = free_port(), free_port()
    dask = str(Path(sys.executable).with_name("dask"))
    environment = {k: v for k, v in python_env().items()
                   if k in ("PYTHONPATH", "NUMBA_CACHE_DIR", "JOST_EXACT_CACHE")}
    (folder / "config.py").write_text(f"""
c.DaskGateway.address = "127.0.0.1:{api}"
c.Proxy.address = "127.0.0.1:{port}"
c.Proxy.tcp_address = "127.0.0.1:{port}"
c.DaskGateway.backend_class = "dask_gateway_server.backends.local.UnsafeLocalBackend"
c.DaskGateway.authenticator_class = "dask_gateway_server.auth.SimpleAuthenticator"
c.SimpleAuthenticator.password = {PASSWORD!r}
c.UnsafeLocalBackend.clusters_directory = {str(folder / "clusters")!r}
c.ClusterConfig.scheduler_cmd = [{dask!r}, "scheduler"]
c.ClusterConfig.worker_cmd = [{dask!r}, "worker"]
c.ClusterConfig.environment = {environment!r}
c.ClusterConfig.cluster_max_workers = 1
c.ClusterConfig.worker_cores = 1
c.ClusterConfig.worker_threads = 1
c.ClusterConfig.scheduler_cores = 1
c.ClusterConfig.worker_memory = "1 G"
c.ClusterConfig.scheduler_memory = "1 G"
""")
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - open for the server's lifetime
    server = subprocess.Popen([str(Path(sys.executable).with_name("dask-gateway-server")),
                               "-f", str(folder / "config.py")], cwd=folder, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, (
                (folder / "server.log").read_text())
            time.sleep(0.2)
    yield url
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()
