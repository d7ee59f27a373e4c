"""``jost cluster up --ssh HOST[,HOST...]``: a Dask cluster on other machines, over SSH.

The layout is that of :class:`distributed.SSHCluster`: the first host runs
the scheduler, every other host ``workers-per-host`` worker processes (a
single host runs both). Each remote process is started by a local
``ssh -tt HOST 'exec env ... python -m dask scheduler|worker ...'``
process of its own, recorded in ``<workspace>/cluster/cluster.json`` like
the processes of a local cluster, so ``jost cluster status`` and
``jost cluster down`` work as for it. ``down`` first asks the scheduler to
stop itself and its workers, then stops the local ``ssh`` processes; their
terminal closes and what is left on the hosts gets SIGHUP.

The OpenSSH client is used rather than :class:`distributed.SSHCluster`
itself: it needs no ``asyncssh``, it reads ``~/.ssh/config`` and the agent
as every other ``ssh`` command does, and its processes outlive the
``jost cluster up`` command (an ``SSHCluster`` lives in the process that made it).

Settings come from ``dask.config`` under ``jost.cluster.ssh``: the defaults
in ``jost_engine/data/cluster.yaml``, then the user's Dask YAML files and
``DASK_JOST__CLUSTER__SSH__*`` variables, then the options of ``jost cluster up``.
Every socket binds the address of the host it runs on as named (127.0.0.1
for ``--ssh 127.0.0.1``); the scheduler listens on ``scheduler-port``, the
dashboard on ``dashboard-port``, workers, nannies and their HTTP servers on
free ports.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import dask.config
import yaml

from ..errors import ClusterError, JobError
from . import cluster

CONFIG_KEY = "jost.cluster.ssh"
SCHEDULER_AT = re.compile(r"Scheduler at:\s+(\S+)")

dask.config.update_defaults(
    yaml.safe_load(files("jost_engine.data").joinpath("cluster.yaml").read_text("utf-8")))


@dataclass(frozen=True)
class SSHSpec:
    """Where and how to start an SSH cluster (the keys of ``jost.cluster.ssh``).

    Attributes
    ----------
    hosts : tuple of str
        ``[user@]host`` names; the first runs the scheduler.
    port : int or None
        The ssh port (None: ``~/.ssh/config`` or 22).
    identity_file : str or None
        The private key (``ssh -i``).
    options : tuple of str
        More ``ssh -o KEY=VALUE`` options.
    remote_python : str
        The python on the hosts, with jost and Dask installed.
    workers_per_host, threads_per_worker : int
    env : dict
        Environment variables of the remote processes.
    scheduler_port, dashboard_port : int
        Ports on the scheduler's host (0: any free one).
    """

    hosts: tuple[str, ...]
    port: int | None = None
    identity_file: str | None = None
    options: tuple[str, ...] = ()
    remote_python: str = sys.executable
    workers_per_host: int = 1
    threads_per_worker: int = 1
    env: dict = field(default_factory=dict)
    scheduler_port: int = 8786
    dashboard_port: int = 8787

    @property
    def worker_hosts(self) -> tuple[str, ...]:
        """The hosts that run workers: all but the first (the first if it is the only one)."""
        return self.hosts[1:] or self.hosts


def spec(**given) -> SSHSpec:
    """The settings of ``jost.cluster.ssh`` with the ``given`` ones (not None) on top.

    Keys are those of :class:`SSHSpec` (``hosts`` may be a comma-separated
    string; ``env`` entries ``NAME`` alone take the value of this process).

    Raises
    ------
    JobError
        For no host, a count below 1 or a port out of range, naming the setting.
    """
    settings = {key.replace("-", "_"): value
                for key, value in dask.config.get(CONFIG_KEY, default={}).items()}
    settings.update({key: value for key, value in given.items() if value is not None})
    hosts = settings.get("hosts") or []
    if isinstance(hosts, str):
        hosts = hosts.split(",")
    hosts = tuple(h.strip() for h in hosts if h.strip())
    if not hosts:
        raise JobError("--ssh: name at least one host (HOST[,HOST...]; the first runs "
                       "the scheduler)")
    for host in hosts:
        if host.startswith("-") or any(c.isspace() for c in host):
            raise JobError(f"--ssh: a host is [user@]name, not starting with '-' and without "
                           f"spaces, got {host!r}")
    for name in ("workers_per_host", "threads_per_worker"):
        if int(settings.get(name) or 0) < 1:
            raise JobError(f"{name.replace('_', '-')}: must be at least 1, "
                           f"got {settings.get(name)}")
    for name in ("port", "scheduler_port", "dashboard_port"):
        value = settings.get(name)
        if value is not None and not 0 <= int(value) <= 65535:
            raise JobError(f"{name.replace('_', '-')}: a port from 0 to 65535, got {value}")
    return SSHSpec(
        hosts=hosts, port=settings.get("port"), identity_file=settings.get("identity_file"),
        options=tuple(settings.get("options") or ()),
        remote_python=settings.get("remote_python") or sys.executable,
        workers_per_host=int(settings["workers_per_host"]),
        threads_per_worker=int(settings["threads_per_worker"]),
        env=_environment(settings.get("env") or {}),
        scheduler_port=int(settings.get("scheduler_port", 8786)),
        dashboard_port=int(settings.get("dashboard_port", 8787)))


def _environment(env) -> dict:
    """``{NAME: VALUE}`` from a mapping or ``NAME=VALUE`` / ``NAME`` strings."""
    if isinstance(env, dict):
        return {str(k): str(v) for k, v in env.items()}
    out = {}
    for item in env:
        name, sep, value = item.partition("=")
        if not name or not name.replace("_", "").isalnum():
            raise JobError(f"--remote-env: {item!r} is not NAME=VALUE or NAME")
        out[name] = value if sep else os.environ.get(name, "")
    return out


def bind_address(host: str) -> str:
    """The address a process on ``[user@]host`` binds: the host as named."""
    return host.rpartition("@")[2]


def ssh_command(spec: SSHSpec, host: str, remote: list[str]) -> list[str]:
    """The local ``ssh`` command that runs ``remote`` on ``host`` in a terminal of its own.

    The terminal (``-tt``) is what stops the remote process when the local
    ``ssh`` is stopped. ``JOST_CLUSTER=<scheduler file>`` in the remote
    command marks the local process as one of this workspace's cluster.
    """
    command = ["ssh", "-tt", "-o", "BatchMode=yes", "-o", "ServerAliveInterval=15"]
    if spec.port is not None:
        command += ["-p", str(spec.port)]
    if spec.identity_file:
        command += ["-i", str(spec.identity_file)]
    for option in spec.options:
        command += ["-o", option]
    env = {cluster.MARK_VARIABLE: cluster.marker(), **spec.env}
    assignments = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
    return [*command, "--", host, f"exec env {assignments} {shlex.join(remote)}"]


def _scheduler_address(log: Path, process: dict, timeout_s: float) -> str:
    """The address the remote scheduler prints in its log (via the ssh process)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = SCHEDULER_AT.search(log.read_text(errors="replace")) if log.exists() else None
        if found:
            return found.group(1)
        if not cluster.alive(process):
            raise ClusterError(f"the scheduler over ssh exited: {cluster.last_line(log)} "
                               f"(log: {log})")
        time.sleep(0.2)
    raise ClusterError(f"the scheduler over ssh did not start within {timeout_s:.0f} s "
                       f"(log: {log})")


def up(spec: SSHSpec, timeout_s: float = 120.0) -> dict:
    """Start the scheduler and workers of ``spec`` over SSH; the saved state.

    Raises
    ------
    ClusterError
        When a cluster is already up, or ssh or Dask fail on a host (the
        message names the log, ``<workspace>/cluster/*.log``).
    """
    folder = cluster.prepare_folder()
    head = spec.hosts[0]
    python = [spec.remote_python, "-m", "dask"]
    scheduler_log = folder / "scheduler.log"
    scheduler_log.unlink(missing_ok=True)
    processes = [{"role": "scheduler", **cluster.spawn(ssh_command(spec, head, [
        *python, "scheduler", "--host", bind_address(head), "--port", str(spec.scheduler_port),
        "--dashboard-address", f"{bind_address(head)}:{spec.dashboard_port}"]), scheduler_log)}]
    try:
        address = _scheduler_address(scheduler_log, processes[0], timeout_s)
        for i, host in enumerate(spec.worker_hosts):
            processes.append({"role": "workers", **cluster.spawn(ssh_command(spec, host, [
                *python, "worker", address, "--nworkers", str(spec.workers_per_host),
                "--nthreads", str(spec.threads_per_worker), "--host", bind_address(host),
                # its HTTP server (metrics, health) binds 0.0.0.0 unless told, even
                # with --no-dashboard
                "--dashboard-address", f"{bind_address(host)}:0"]),
                folder / f"workers-{i}.log")})
        workers = spec.workers_per_host * len(spec.worker_hosts)
        dashboard = cluster.wait_for_workers(address, workers, timeout_s,
                                             folder / "workers-*.log")
    except BaseException:
        cluster.stop(processes, grace_s=5.0)
        raise
    return cluster.save_state({
        "kind": "ssh", "address": address, "dashboard": dashboard, "workers": workers,
        "hosts": list(spec.hosts), "processes": processes, "started_at": time.time(),
        "shared": False})
