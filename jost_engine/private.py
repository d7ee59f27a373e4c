"""Files and folders of the workspace, readable by their owner only.

A workspace holds a user's ledger (configs, results), logs, cluster state
and profiles; on a shared machine nobody else should read them. Folders made
here are created ``0700`` and files ``0600`` whatever the process umask says,
and processes JOST starts for the workspace (job runners, schedulers,
workers) run with umask ``077`` (:data:`UMASK`), so what they write is private
too. Reports written outside the workspace keep the user's umask.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
UMASK = 0o077
"""The umask of the processes JOST starts for a workspace (``subprocess.Popen(umask=...)``)."""


def private_dir(path: str | Path) -> Path:
    """Make ``path`` and any missing parents, each new folder ``0700``; the path.

    Folders that exist already keep their mode (a folder the user chose, such
    as their home, is never changed).
    """
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:  # another process made it first
            continue
        folder.chmod(DIR_MODE)  # mkdir's mode passes through the umask
    return path


def private_opener(path: str, flags: int) -> int:
    """An ``opener`` for :func:`open` that creates the file ``0600``."""
    return os.open(path, flags, FILE_MODE)


def write_private_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a file readable by its owner only."""
    with open(path, "w", encoding="utf-8", opener=private_opener) as handle:
        handle.write(text)
    os.chmod(path, FILE_MODE)  # an existing file keeps its mode on open; make it private


def touch_private(path: str | Path) -> None:
    """Create an empty ``0600`` file if there is none (SQLite then keeps its mode for the
    database and gives its ``-wal`` and ``-shm`` files the same)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
