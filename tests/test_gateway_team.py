"""A team: alice runs a study through Dask Gateway against the shared PostgreSQL ledger; bob
sees it only once she shares its project, and then only to read.

A real ``dask-gateway-server`` (local backend, :mod:`gateway_fixtures`) gives alice a cluster
of her own; the ledger is a real PostgreSQL server (:mod:`postgres_fixtures`) where alice
and bob are two database roles, each ``jost`` command connecting as one of them
(``JOST_LEDGER``). The study's chunks from index 1 on wait at a gate (the ``held`` test
type: blackjack's own chunks), so it is still running while bob tries to cancel it, on a
machine of any speed.
"""

from __future__ import annotations

import json
import time

import pytest
from gateway_helpers import jost_as
from jobs_helpers import blackjack_config, held_config, open_gate

pytest.importorskip("dask_gateway_server", reason="dask-gateway-server is not installed "
                                                  "(pip install -e '.[dev]')")
pytest_plugins = ["gateway_fixtures", "postgres_fixtures"]
pytestmark = [pytest.mark.cluster, pytest.mark.postgres, pytest.mark.slow]


def test_a_study_run_through_the_gateway_is_seen_by_another_user_only_once_shared_read_only(
        gateway_url, postgres_server, postgres_db, tmp_path):
    """alice: ``jost cluster up --gateway``, ``jost study submit`` (project ``decks``) on the
    team ledger. bob, before ``jost ledger share decks bob``: ``jost studies``, ``jost jobs``
    and ``jost study status`` show him nothing. After it (read): he lists the study and its
    two jobs with OWNER alice (``--shared``; ``--mine`` none), but ``jost study cancel`` and
    ``jost cancel`` are refused (exit 2, one line) and the study runs on; once it completes
    his ``jost delete`` is refused too, while he reads its result."""
    gate = tmp_path / "gate"
    game = blackjack_config(40_000, 20_000, seed=3)
    spec = tmp_path / "study.json"
    spec.write_text(json.dumps({"label": "team decks", "project": "decks",
                                "base": held_config(game, 1, gate),
                                "variants": {"two decks": {"rules.decks": 2}}}))
    ledger = {user: postgres_server.url(user, postgres_db) for user in ("alice", "bob")}

    def alice(*args: str, ok: bool = True):
        return jost_as("alice", *args, workspace=tmp_path / "alice", ok=ok,
                       JOST_LEDGER=ledger["alice"])

    def bob(*args: str, ok: bool = True):
        return jost_as("bob", *args, workspace=tmp_path / "bob", ok=ok,
                       JOST_LEDGER=ledger["bob"])

    alice("cluster", "up", "--gateway", gateway_url, "--workers", "1")
    try:
        study = alice("study", "submit", str(spec)).stdout.split()[0]
        assert bob("studies").stdout.strip() == "no studies"
        assert bob("jobs").stdout.strip() == "no jobs"
        unseen = bob("study", "status", study, ok=False)
        assert unseen.returncode == 2 and f"no study {study!r}" in unseen.stderr

        alice("ledger", "share", "decks", "bob", "--access", "read")
        assert study in bob("studies").stdout
        listed = bob("jobs", "--shared").stdout.splitlines()
        assert "OWNER" in listed[0] and len(listed) == 3
        assert all(" alice " in line for line in listed[1:])
        jobs = [line.split()[0] for line in listed[1:]]
        assert bob("jobs", "--mine").stdout.strip() == "no jobs"
        for args in (("study", "cancel", study), ("cancel", jobs[0])):
            refused = bob(*args, ok=False)
            assert refused.returncode == 2, refused.stderr
            assert refused.stderr.count("\n") == 1 and "not yours to cancel" in refused.stderr
        assert "CANCELLED" not in alice("study", "status", study).stdout

        open_gate(gate)
        deadline = time.monotonic() + 300  # a hang guard: the study ends once the gate opens
        while "COMPLETE" not in alice("study", "status", study).stdout.split("progress")[1]:
            assert time.monotonic() < deadline, "alice's study did not complete"
            time.sleep(1)
        refused = bob("delete", jobs[0], ok=False)
        assert refused.returncode == 2 and "only its owner may delete it" in refused.stderr
        assert "two decks" in bob("study", "result", study, "--no-exact").stdout
        assert len(alice("jobs").stdout.splitlines()) == 3
    finally:
        open_gate(gate)
        alice("cluster", "down", ok=False)
