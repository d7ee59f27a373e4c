"""Which process drives a job, and whether it still runs."""

from __future__ import annotations

import socket
from dataclasses import dataclass

import psutil

STALE_AFTER_S = 120.0   # an owner on another host is dead after this long without a heartbeat


@dataclass(frozen=True)
class Owner:
    """The process that drives a job: host, pid and start time [s since the epoch]."""

    host: str
    pid: int
    started: float

    @classmethod
    def of(cls, pid: int | None = None) -> Owner:
        """The owner record of a process on this host (this process by default)."""
        process = psutil.Process(pid)
        return cls(socket.gethostname(), process.pid, process.create_time())

    def alive(self, heartbeat_at: float | None, now: float) -> bool:
        """Whether the process still runs (on another host: whether it beat lately)."""
        if self.host != socket.gethostname():
            return heartbeat_at is not None and now - heartbeat_at < STALE_AFTER_S
        try:
            process = psutil.Process(self.pid)
            return (abs(process.create_time() - self.started) < 1.0
                    and process.status() != psutil.STATUS_ZOMBIE)
        except psutil.Error:
            return False
