"""How the ledger tells a damaged SQLite file from a busy one, and what it says then."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import LedgerDamagedError

WORDS = ("malformed", "not a database", "disk i/o", "corrupt")


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether an SQLite error says the file is damaged (not locked, not a bad statement)."""
    if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError,
                        sqlite3.InterfaceError)):
        return False
    if isinstance(exc, sqlite3.OperationalError):
        return any(word in str(exc).lower() for word in WORDS)
    return True


def text(data: bytes) -> str:
    """SQLite text as str; bytes that are not UTF-8 (damage) become U+FFFD."""
    return data.decode("utf-8", errors="replace")


def damaged(path: Path, what: str, job_id: str | None = None) -> LedgerDamagedError:
    """The error for damage in the ledger at ``path``: what is wrong, where, what to do.

    Parameters
    ----------
    what : str
        What SQLite (or the JSON parser) found.
    job_id : str, optional
        The job whose rows are damaged, when the damage is in one job only.
    """
    if job_id:
        return LedgerDamagedError(
            f"job {job_id}: its saved data in the ledger {path} is damaged ({what}); "
            "the other jobs are fine. 'jost jobs --repair' keeps what can be read "
            f"(then 'jost resume {job_id}' runs again what was lost), or 'jost delete "
            f"{job_id}'", str(path))
    return LedgerDamagedError(
        f"the job ledger {path} is damaged ({what}); nothing more is written into it. "
        "Run 'jost jobs --repair' to move it aside and keep what can be read, or move "
        "the file away yourself (a new ledger starts with the next command)", str(path))
