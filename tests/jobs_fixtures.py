"""Fixtures of the job tests: a real Dask cluster, the toy plugin, a fresh workspace.

Registered as a plugin (``pytest_plugins = ["jobs_fixtures"]``) by each job
test module, so the session cluster is started once for all of them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def toy_plugin(tmp_path_factory):
    """The toy simulation type, installed through an entry point for this session.

    Its folder and the tests folder go on ``sys.path`` and ``PYTHONPATH``, so
    worker processes and subprocesses started later find it too.
    """
    from jobs_helpers import TESTS, install_toy

    from jost_engine import registry

    folder = install_toy(tmp_path_factory.mktemp("plugins"))
    paths = [str(folder), str(TESTS)]
    with pytest.MonkeyPatch.context() as patch:
        for path in reversed(paths):
            patch.syspath_prepend(path)
        patch.setenv("PYTHONPATH", os.pathsep.join(
            [*paths, *filter(None, [os.environ.get("PYTHONPATH")])]))
        registry.refresh()
        yield folder
    registry.refresh()


@pytest.fixture(scope="session")
def cluster(toy_plugin):
    """A client of a LocalCluster: 2 worker processes, one thread each, on 127.0.0.1."""
    from distributed import Client, LocalCluster
    from jobs_helpers import warm_worker

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as local:
        with Client(local, set_as_default=False) as client:
            client.run(warm_worker)
            yield client


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """An empty workspace, with no scheduler named in the environment."""
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("JOST_SCHEDULER", raising=False)
    return tmp_path


@pytest.fixture
def manager(cluster, workspace):
    """A job manager on the session cluster with the workspace's ledger."""
    from jost_engine.jobs import JobManager

    with JobManager(client=cluster, ledger=workspace / "jobs.sqlite") as jobs:
        yield jobs


@pytest.fixture(scope="session")
def reference():
    """In-process results by config, each computed once per session."""
    from jost_engine import run_simulation_from_config

    cache: dict = {}

    def result_of(config: dict):
        key = json.dumps(config, sort_keys=True)
        if key not in cache:
            cache[key] = run_simulation_from_config(config)
        return cache[key]

    return result_of
