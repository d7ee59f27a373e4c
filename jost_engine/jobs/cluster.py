"""``jost cluster up|down|status``: a real Dask scheduler and workers in the background.

``up`` starts ``dask scheduler`` and ``dask worker`` as processes of their
own (they outlive the shell), every socket of them (scheduler, nannies,
workers, dashboards) on 127.0.0.1, and saves the address, the dashboard
link and the process ids in ``<workspace>/cluster/cluster.json``; every
``jost`` command of that workspace then uses this cluster unless told
otherwise (see :mod:`jost_engine.jobs.connect`). ``down`` stops exactly the
processes it started. Their logs are in the same folder.

Every process is started with ``--scheduler-file <workspace>/cluster/scheduler.json``
on its command line, so ``down`` finds them even when ``cluster.json`` is
damaged (it says so, and stops them all the same).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from ..errors import ClusterError, JobError
from ..private import UMASK, private_dir, private_opener, write_private_text
from ..profiles import workspace_dir
from .owner import Owner

STATE_NAME = "cluster.json"
SCHEDULER_FILE = "scheduler.json"
HOST = "127.0.0.1"
MARK_VARIABLE = "JOST_CLUSTER"


def cluster_dir() -> Path:
    """``<workspace>/cluster``: state file and logs of ``jost cluster``."""
    return workspace_dir() / "cluster"


def _dask_command() -> list[str]:
    """The ``dask`` command of this Python environment."""
    beside = Path(sys.executable).with_name("dask")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("dask")
    if found:
        return [found]
    return [sys.executable, "-m", "dask"]


def _read_state() -> dict | None:
    """The saved state, or None when no cluster was started.

    Raises
    ------
    ClusterError
        When ``cluster.json`` exists but cannot be read.
    """
    path = cluster_dir() / STATE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise _damaged(path, exc) from None
    try:
        state = json.loads(text)
        for proc in state["processes"]:
            int(proc["pid"]), float(proc["started"]), str(proc["host"]), str(proc["role"])
        str(state["address"])
    except (ValueError, KeyError, TypeError) as exc:
        raise _damaged(path, exc) from None
    return state


def _damaged(path: Path, exc: Exception) -> ClusterError:
    return ClusterError(f"the cluster state file {path} is damaged ({type(exc).__name__}: "
                        f"{exc}); 'jost cluster down' finds and stops its processes")


def marker() -> str:
    """What the command line of every process of this workspace's cluster holds.

    The local processes have ``--scheduler-file <this>``; the ``ssh``
    processes of an SSH cluster set ``JOST_CLUSTER=<this>`` for the remote command.
    """
    return str(cluster_dir() / SCHEDULER_FILE)


def _marked(cmdline: list[str], mark: str) -> bool:
    return mark in cmdline or any(f"{MARK_VARIABLE}={mark}" in arg for arg in cmdline)


def _marked_processes() -> list[dict]:
    """The processes of this workspace's cluster: their command line names its scheduler file."""
    mark = marker()
    found = []
    for process in psutil.process_iter(["pid", "cmdline", "create_time"]):
        cmdline = process.info["cmdline"] or []
        if _marked(cmdline, mark) and process.pid != os.getpid():
            role = "scheduler" if "scheduler" in cmdline[:3] else "workers"
            owner = Owner.of(process.pid) if process.is_running() else None
            if owner:
                found.append({"role": role, "pid": owner.pid, "host": owner.host,
                              "started": owner.started})
    return found


def alive(proc: dict) -> bool:
    """Whether a saved process (``host``, ``pid``, ``started``) still runs on its host."""
    return Owner(proc["host"], proc["pid"], proc["started"]).alive(None, time.time())


def saved_cluster() -> dict | None:
    """The cluster ``jost cluster up`` started in this workspace, if its scheduler runs."""
    state = _read_state()
    if state and all(alive(p) for p in state["processes"] if p["role"] == "scheduler"):
        return state
    return None


def spawn(args: list[str], log: Path) -> dict:
    """Start a process in a session of its own, its output to ``log``."""
    with open(log, "ab", opener=private_opener) as out:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                   start_new_session=True, umask=UMASK)
    owner = Owner.of(process.pid)
    return {"pid": owner.pid, "host": owner.host, "started": owner.started}


def last_line(log: Path) -> str:
    """The last non-blank line of a log file, or ``no output``."""
    lines = [ln for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    return lines[-1].strip() if lines else "no output"


def _wait_for_file(path: Path, process: dict, log: Path, timeout_s: float) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            if not alive(process):
                raise ClusterError(f"dask scheduler exited: {last_line(log)} "
                               f"(log: {log})") from None
            time.sleep(0.1)
    raise ClusterError(f"dask scheduler did not start within {timeout_s:.0f} s (log: {log})")


def up(workers: int = 2, dashboard_port: int = 8787, timeout_s: float = 120.0,
       shared: bool = False) -> dict:
    """Start a scheduler and ``workers`` single-threaded workers; the saved state.

    Parameters
    ----------
    workers : int
        Worker processes (each with a nanny that restarts it if it dies).
    dashboard_port : int
        Port of the dashboard on 127.0.0.1 (another one if it is taken).
    timeout_s : float
        How long to wait for the scheduler and workers [s].
    shared : bool
        Started on demand as the workspace's shared cluster (see
        :mod:`jost_engine.jobs.shared`): stopped when its last user leaves.

    Raises
    ------
    JobError
        For fewer than one worker.
    ClusterError
        When a cluster is already up, its state file is damaged, or it does not start.
    """
    if workers < 1:
        raise JobError(f"workers: must be at least 1, got {workers}")
    folder = prepare_folder()
    address_file = folder / SCHEDULER_FILE
    dask = _dask_command()
    scheduler_log, workers_log = folder / "scheduler.log", folder / "workers.log"
    scheduler = spawn([*dask, "scheduler", "--host", HOST, "--port", "0",
                        "--dashboard-address", f"{HOST}:{dashboard_port}",
                        "--scheduler-file", str(address_file)], scheduler_log)
    processes = [{"role": "scheduler", **scheduler}]
    try:
        address = _wait_for_file(address_file, scheduler, scheduler_log, timeout_s)["address"]
        processes.append({"role": "workers", **spawn(
            [*dask, "worker", "--scheduler-file", str(address_file), "--nworkers", str(workers),
             "--nthreads", "1", "--host", HOST, "--dashboard-address", f"{HOST}:0"],
            workers_log)})
        dashboard = wait_for_workers(address, workers, timeout_s, workers_log)
    except BaseException:
        stop(processes, grace_s=5.0)
        raise
    return save_state({"address": address, "dashboard": dashboard, "workers": workers,
                       "processes": processes, "started_at": time.time(), "shared": shared})


def prepare_folder() -> Path:
    """``<workspace>/cluster``, made ready for a new cluster (no old scheduler file).

    Raises
    ------
    ClusterError
        When a cluster is already up, or its state file is damaged.
    """
    running = saved_cluster()
    if running:
        raise ClusterError(f"a cluster is already up at {running['address']} "
                           "('jost cluster down' first)")
    folder = private_dir(cluster_dir())
    (folder / SCHEDULER_FILE).unlink(missing_ok=True)
    return folder


def save_state(state: dict) -> dict:
    """Write ``cluster.json`` whole or not at all; the state."""
    folder = cluster_dir()
    temporary = folder / f"{STATE_NAME}.{os.getpid()}"
    write_private_text(temporary, json.dumps(state, indent=1))
    temporary.replace(folder / STATE_NAME)
    return state


def wait_for_workers(address: str, workers: int, timeout_s: float, log: Path) -> str | None:
    """Wait until ``workers`` workers joined the scheduler; its dashboard link.

    Raises
    ------
    ClusterError
        When they do not join within ``timeout_s`` [s] (naming ``log``).
    """
    from distributed import Client

    with Client(address, timeout=timeout_s, set_as_default=False) as client:
        try:
            client.wait_for_workers(workers, timeout=timeout_s)
        except TimeoutError:
            raise ClusterError(f"{workers} workers did not join within {timeout_s:.0f} s "
                               f"(log: {log})") from None
        return client.dashboard_link


def stop(processes: list[dict], grace_s: float) -> None:
    """SIGTERM each process we started (workers first), then SIGKILL what is left."""
    live = [p for p in reversed(processes) if alive(p)]
    for proc in live:
        _signal(os.kill, proc["pid"], signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while any(alive(p) for p in live) and time.monotonic() < deadline:
        time.sleep(0.1)
    for proc in live:
        if alive(proc):
            _signal(os.killpg, proc["pid"], signal.SIGKILL)  # its session: it and its children


def _signal(send, pid: int, signum: int) -> None:
    try:
        send(pid, signum)
    except ProcessLookupError:  # it ended meanwhile
        pass


def down(grace_s: float = 20.0) -> dict | None:
    """Stop the cluster of this workspace; its state, or None when none was up.

    The processes stopped are those ``cluster.json`` names and any other
    process whose command line names this workspace's scheduler file. When
    ``cluster.json`` is damaged the state returned has ``address``
    ``"unknown"`` and its ``damaged`` entry says what was wrong.
    """
    try:
        state = _read_state()
    except ClusterError as exc:
        state = {"address": _scheduler_file_address() or "unknown", "processes": [],
                 "damaged": str(exc)}
    marked = _marked_processes()
    if state is None and not marked:
        return None
    state = state or {"address": _scheduler_file_address() or "unknown", "processes": []}
    known = {p["pid"] for p in state["processes"]}
    processes = state["processes"] + [p for p in marked if p["pid"] not in known]
    if state.get("kind") == "ssh":
        _shut_down(state["address"])
    elif state.get("kind") == "gateway":
        from . import gateway

        gateway.down(state)
    stop(processes, grace_s)
    (cluster_dir() / STATE_NAME).unlink(missing_ok=True)
    (cluster_dir() / SCHEDULER_FILE).unlink(missing_ok=True)
    return {**state, "processes": processes}


def _shut_down(address: str, timeout_s: float = 10.0) -> None:
    """Ask a scheduler to stop itself and its workers (on hosts this one cannot signal)."""
    from distributed import Client

    try:
        with Client(address, timeout=timeout_s, set_as_default=False) as client:
            client.shutdown()
    except Exception:  # noqa: BLE001, S110 - gone already: the ssh sessions are stopped next
        pass


def _scheduler_file_address() -> str | None:
    try:
        return json.loads((cluster_dir() / SCHEDULER_FILE).read_text(encoding="utf-8"))["address"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def status(timeout_s: float = 10.0) -> dict | None:
    """The running cluster with its live worker and thread counts, or None."""
    from distributed import Client

    state = saved_cluster()
    if state is None:
        return None
    try:
        if state.get("kind") == "gateway":
            from . import gateway

            threads = gateway.live_threads(state, timeout_s)
        else:
            with Client(state["address"], timeout=timeout_s, set_as_default=False) as client:
                threads = client.nthreads()
    except Exception as exc:  # noqa: BLE001 - an unreachable scheduler is reported, not raised
        return {**state, "error": str(exc), "live_workers": 0, "threads": 0}
    return {**state, "live_workers": len(threads), "threads": sum(threads.values())}
