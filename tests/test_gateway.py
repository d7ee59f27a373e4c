"""Multi-user clusters through a real Dask Gateway server on 127.0.0.1 (``jost cluster up
--gateway``).

A ``dask-gateway-server`` with its local backend (clusters as local processes) and a
password authenticator is started for the module; two users, alice and bob, each with a
workspace of their own, ask it for a cluster and run a study through it with the ``jost``
command. Each user sees and reaches only their own cluster.
"""

from __future__ import annotations

import json
import time

import pytest
from gateway_helpers import PASSWORD, jost_as

pytest.importorskip("dask_gateway_server", reason="dask-gateway-server is not installed "
                                                  "(pip install -e '.[dev]')")
pytest_plugins = ["gateway_fixtures"]
pytestmark = pytest.mark.cluster

STUDY = {"label": "decks through the gateway", "base": {
    "rules": {"decks": 6}, "strategy": "basic",
    "run": {"rounds": 40_000, "seed": 3, "chunk_rounds": 20_000}},
    "variants": {"two decks": {"rules.decks": 2}}}


def clusters_seen_by(user: str, url: str) -> list[str]:
    """Names of the clusters the gateway lists for ``user``."""
    from dask_gateway import BasicAuth, Gateway

    with Gateway(url, auth=BasicAuth(user, PASSWORD)) as gateway:
        return [c.name for c in gateway.list_clusters()]


def test_two_users_each_run_a_study_on_their_own_gateway_cluster(gateway_url, tmp_path):
    """alice and bob each ``jost cluster up --gateway URL``, submit a study and read its
    result through their own cluster; the gateway lists each user only their own cluster;
    bob pointed at alice's cluster is refused (exit 3, one line); ``cluster down`` gives both
    back."""
    spec = tmp_path / "study.json"
    spec.write_text(json.dumps(STUDY))
    names = {}
    for user in ("alice", "bob"):
        workspace = tmp_path / user
        up = jost_as(user, "cluster", "up", "--gateway", gateway_url, "--workers", "1",
                     workspace=workspace)
        assert f"from the Dask Gateway at {gateway_url}" in up.stdout
        state = json.loads((workspace / "cluster" / "cluster.json").read_text())
        assert state["kind"] == "gateway" and state["address"].startswith("gateway://127.0.0.1:")
        names[user] = state["name"]
        assert "1 workers" in jost_as(user, "cluster", "status", workspace=workspace).stdout
    studies = {user: jost_as(user, "study", "submit", str(spec), workspace=tmp_path / user
                             ).stdout.split()[0] for user in ("alice", "bob")}
    deadline = time.monotonic() + 180
    for user, study_id in studies.items():
        workspace = tmp_path / user
        while not jost_as(user, "study", "status", study_id, workspace=workspace
                          ).stdout.split("progress", 1)[1].strip().startswith("COMPLETE"):
            assert time.monotonic() < deadline, f"{user}'s study did not complete"
            time.sleep(1)
        shown = jost_as(user, "study", "result", study_id, "--no-exact",
                        workspace=workspace).stdout
        assert "two decks" in shown
    assert clusters_seen_by("alice", gateway_url) == [names["alice"]]
    assert clusters_seen_by("bob", gateway_url) == [names["bob"]]

    intruder = tmp_path / "bob-intruder"
    (intruder / "cluster").mkdir(parents=True)
    stolen = json.loads((tmp_path / "alice" / "cluster" / "cluster.json").read_text())
    (intruder / "cluster" / "cluster.json").write_text(json.dumps(stolen))
    game = tmp_path / "game.json"
    game.write_text(json.dumps(STUDY["base"]))
    refused = jost_as("bob", "run", str(game), workspace=intruder, ok=False)
    assert refused.returncode == 3, refused.stderr
    assert refused.stderr.startswith(f"jost: the Dask Gateway at {gateway_url} refused")
    status = jost_as("bob", "cluster", "status", workspace=intruder, ok=False)
    assert status.returncode == 1 and "403" in status.stdout

    for user in ("alice", "bob"):
        assert "cluster down" in jost_as(user, "cluster", "down",
                                         workspace=tmp_path / user).stdout
    deadline = time.monotonic() + 30
    while clusters_seen_by("alice", gateway_url) or clusters_seen_by("bob", gateway_url):
        assert time.monotonic() < deadline, "the clusters were not given back"
        time.sleep(0.5)
