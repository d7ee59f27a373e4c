"""Helpers of the Dask Gateway tests: the test users' password, a free port, ``jost`` as a
user of the gateway (see :mod:`gateway_fixtures` for the server)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from jobs_helpers import run_jost

PASSWORD = "not-a-secret"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_user(name: str) -> dict:
    """The environment of ``name``: dask-gateway's basic auth as that user."""
    return {"DASK_GATEWAY__AUTH__TYPE": "basic",
            "DASK_GATEWAY__AUTH__KWARGS__USERNAME": name,
            "DASK_GATEWAY__AUTH__KWARGS__PASSWORD": PASSWORD}


def jost_as(user: str, *args: str, workspace: Path, ok: bool = True, **env: str):
    """``jost ARGS`` as ``user`` in ``workspace``, with the environment variables ``env``
    too (``JOST_LEDGER=...``)."""
    mine = {**as_user(user), **env}
    old = {k: os.environ.get(k) for k in mine}
    os.environ.update(mine)
    try:
        return run_jost(*args, workspace=workspace, ok=ok)
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
