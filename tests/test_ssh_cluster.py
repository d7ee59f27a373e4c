"""``jost cluster up --ssh`` through a real OpenSSH server on 127.0.0.1, then ``down``.

The server is started for the test: its own host key, one key pair made for
the test as the only authorised key (from 127.0.0.1 only), listening on a
free port of 127.0.0.1 and nothing else. Marked ``ssh``; skipped with the
reason when sshd is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import getpass
import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from jobs_helpers import blackjack_config, listening_sockets, python_env, run_jost

from jost_engine.jobs import cluster
from jost_engine.result import TIMING_FIELDS

pytestmark = [pytest.mark.ssh, pytest.mark.cluster]
pytest_plugins = ["jobs_fixtures"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _keygen(path: Path) -> str:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return path.with_suffix(".pub").read_text(encoding="utf-8").strip()


def _listening(port: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


@pytest.fixture
def sshd(tmp_path):
    """An sshd on 127.0.0.1 that admits one test key; (port, key, known_hosts, process)."""
    folder = tmp_path / "sshd"
    folder.mkdir()
    host_key = _keygen(folder / "host_key")
    (folder / "authorized_keys").write_text(
        f'from="127.0.0.1" {_keygen(folder / "client_key")}\n', encoding="utf-8")
    port = _free_port()
    (folder / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_key}\n", encoding="utf-8")
    (folder / "sshd_config").write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {folder / 'host_key'}",
        f"AuthorizedKeysFile {folder / 'authorized_keys'}", f"PidFile {folder / 'sshd.pid'}",
        f"AllowUsers {getpass.getuser()}", "PermitRootLogin prohibit-password",
        "PubkeyAuthentication yes", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no",
        "AllowTcpForwarding no", "X11Forwarding no", ""]), encoding="utf-8")
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(exist_ok=True)  # its privilege separation directory
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    process = subprocess.Popen([sshd, "-D", "-e", "-f", str(folder / "sshd_config")],
                               stderr=open(folder / "sshd.log", "wb"))
    try:
        if not _listening(port, 20):
            pytest.fail(f"sshd did not listen: {(folder / 'sshd.log').read_text()}")
        yield port, folder / "client_key", folder / "known_hosts", process
    finally:
        process.terminate()
        process.wait(timeout=20)


def _figures(text: str) -> dict:
    summary = json.loads(text)["summary"]
    return {k: v for k, v in summary.items() if k not in TIMING_FIELDS}


def _remote_processes(sshd_process) -> list:
    """What the test's sshd runs for its sessions: the remote schedulers and workers."""
    return [p for p in psutil.Process(sshd_process.pid).children(recursive=True)
            if not p.name().startswith("sshd")]


def test_cluster_up_over_ssh_runs_a_job_as_in_process_and_down_stops_every_process(
        sshd, workspace):
    """``up --ssh 127.0.0.1,127.0.0.1``: a scheduler and 2 workers started through sshd,
    every socket on 127.0.0.1; ``status`` sees them; a job's figures equal ``--in-process``;
    ``down`` leaves no process of the cluster, local (ssh) or remote (dask)."""
    port, key, known_hosts, sshd_process = sshd
    env = python_env(JOST_WORKSPACE=str(workspace))
    remote_env = [f"{name}={env[name]}" for name in ("PYTHONPATH", "NUMBA_CACHE_DIR",
                                                      "JOST_WORKSPACE", "JOST_EXACT_CACHE")
                  if env.get(name)]
    up = run_jost("cluster", "up", "--ssh", "127.0.0.1,127.0.0.1", "--ssh-port", str(port),
                  "--ssh-key", str(key), "--ssh-option", f"UserKnownHostsFile={known_hosts}",
                  "--ssh-option", "StrictHostKeyChecking=yes", "--workers", "2",
                  "--scheduler-port", "0", "--dashboard-port", "0",
                  *[arg for item in remote_env for arg in ("--remote-env", item)],
                  workspace=workspace)
    state = json.loads((workspace / "cluster" / cluster.STATE_NAME).read_text())
    local = [psutil.Process(p["pid"]) for p in state["processes"]]
    remote = _remote_processes(sshd_process)
    try:
        assert "over ssh" in up.stdout and state["kind"] == "ssh" and state["workers"] == 2
        assert [p.name() for p in local] == ["ssh", "ssh"]
        assert len(remote) >= 4, "scheduler, worker nanny and its 2 worker processes"
        sockets = listening_sockets(remote)
        assert sockets and {host for host, _, _ in sockets} == {"127.0.0.1"}, sockets
        assert "2 workers" in run_jost("cluster", "status", workspace=workspace).stdout

        config = workspace / "c.json"
        config.write_text(json.dumps(blackjack_config(400_000, 100_000, seed=5)), "utf-8")
        on_ssh = run_jost("run", str(config), "--json", workspace=workspace, timeout=900)
        assert state["address"] in on_ssh.stderr
        in_process = run_jost("run", str(config), "--in-process", "--json", workspace=workspace)
        assert _figures(on_ssh.stdout) == _figures(in_process.stdout)
    finally:
        down = run_jost("cluster", "down", workspace=workspace, ok=False)
        _, alive = psutil.wait_procs(local + remote, timeout=30)
    assert down.returncode == 0 and state["address"] in down.stdout, down.stderr
    assert alive == [], f"still running: {[p.cmdline() for p in alive]}"
    assert _remote_processes(sshd_process) == []
    assert "no cluster is up" in run_jost("cluster", "status", workspace=workspace,
                                          ok=False).stdout
