"""Repair a damaged ledger: move it aside, keep what can be read (``jost jobs --repair``).

The damaged file is renamed ``jobs.sqlite.damaged-<UTC time>`` (its ``-wal``
and ``-shm`` files with it) and never written again; a fresh ledger takes
its place. Every job and chunk row that can still be read, and whose JSON
parses, is copied into it, row by row, so one unreadable row or page costs
only itself. A job that lost chunk results, and any job that was PENDING or
RUNNING, becomes INTERRUPTED: ``jost resume`` runs again what was lost.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import LedgerDamagedError
from ..profiles import workspace_dir
from . import damage
from .ledger import ACTIVE, COMPLETE, INTERRUPTED, LEDGER_NAME, Ledger

SALVAGED = "salvaged from a damaged ledger: some chunk results were lost"


@dataclass(frozen=True)
class Repair:
    """What a repair did: where the damaged file went and what the fresh ledger holds.

    Attributes
    ----------
    backup : Path
        The damaged ledger, moved aside (never written again).
    jobs, chunks, studies : int
        Job rows, chunk results and study rows salvaged into the fresh ledger.
    interrupted : int
        Salvaged jobs left INTERRUPTED (they lost chunk results or were running):
        ``jost resume`` runs their missing chunks.
    """

    backup: Path
    jobs: int
    chunks: int
    studies: int
    interrupted: int

    def sentence(self, path: Path) -> str:
        """What happened, in words, for ``jost jobs --repair``."""
        resume = (f"; {self.interrupted} of them lost chunk results or were running and are "
                  "INTERRUPTED: jost resume ID runs what is missing" if self.interrupted else "")
        return (f"the damaged ledger was moved to {self.backup}; a new ledger at {path} holds "
                f"what could be read: {self.jobs} job(s) with {self.chunks} chunk result(s) "
                f"and {self.studies} study(ies){resume}")


def repair_ledger(path: str | Path | None = None) -> Repair | None:
    """Move a damaged ledger aside and salvage its readable rows into a fresh one.

    Parameters
    ----------
    path : path, optional
        The ledger; ``<workspace>/jobs.sqlite`` by default.

    Returns
    -------
    Repair or None
        Where the damaged file now is and what was salvaged; None when the
        ledger is sound (or absent), which is then left as it is.
    """
    path = Path(path) if path else workspace_dir() / LEDGER_NAME
    if not path.exists():
        return None
    try:
        Ledger(path).close()
        return None
    except LedgerDamagedError:
        pass
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(f"{backup}{suffix}")
    jobs, chunks, studies = _salvage(backup)
    fresh = Ledger(path)
    try:
        kept, interrupted = _restore(fresh, jobs, chunks, studies)
    finally:
        fresh.close()
    return Repair(backup, len(jobs), kept, len(studies), interrupted)


def _readable_rows(db: sqlite3.Connection, table: str) -> list[dict]:
    """The rows of a table that can be read, one at a time."""
    try:
        cursor = db.execute(f"SELECT rowid FROM {table}")  # noqa: S608 - our own table names
    except sqlite3.DatabaseError:
        return []
    rowids = []
    while True:
        try:
            row = cursor.fetchone()
        except sqlite3.DatabaseError:  # the rest of the table is unreadable
            break
        if row is None:
            break
        rowids.append(row[0])
    rows = []
    for rowid in rowids:
        try:
            row = db.execute(f"SELECT * FROM {table} WHERE rowid = ?",  # noqa: S608
                             (rowid,)).fetchone()
        except (sqlite3.DatabaseError, ValueError):  # this row only
            continue
        if row is not None:
            rows.append(dict(row))
    return rows


def _parses(*texts) -> bool:
    try:
        for text in texts:
            json.loads(text)
    except (TypeError, ValueError):
        return False
    return True


def _fit_header(copy: Path) -> None:
    """Make a truncated copy readable: its header's page count set to the pages it has.

    SQLite trusts the page count in the header (bytes 28-31) and calls a
    shorter file malformed before reading anything; with the count fixed,
    only the rows on the lost pages are missing.
    """
    data = bytearray(copy.read_bytes())
    if len(data) < 100 or not data.startswith(b"SQLite format 3\0"):
        return
    page_size = struct.unpack(">H", data[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size >= 512 and len(data) // page_size:
        data[28:32] = struct.pack(">I", len(data) // page_size)
        copy.write_bytes(bytes(data))


def _salvage(backup: Path) -> tuple[list[dict], list[dict], list[dict]]:
    """The readable jobs (config and meta valid JSON), their readable chunks, and studies.

    Read from a copy (with its header fitted to its size), never from the backup itself.
    """
    with tempfile.TemporaryDirectory(dir=backup.parent) as folder:
        copy = Path(folder) / "copy.sqlite"
        for suffix in ("", "-wal"):
            if Path(f"{backup}{suffix}").exists():
                shutil.copyfile(f"{backup}{suffix}", f"{copy}{suffix}")
        _fit_header(copy)
        return _read_copy(copy)


def _read_copy(copy: Path) -> tuple[list[dict], list[dict], list[dict]]:
    try:
        db = sqlite3.connect(copy)
    except sqlite3.DatabaseError:
        return [], [], []
    db.row_factory = sqlite3.Row
    db.text_factory = damage.text
    try:
        jobs = [r for r in _readable_rows(db, "jobs") if _parses(r["config"], r["meta"])]
        known = {r["id"] for r in jobs}
        chunks = [r for r in _readable_rows(db, "chunks")
                  if r["job_id"] in known and _parses(r["partial"])]
    except sqlite3.DatabaseError:
        db.close()
        return [], [], []
    try:  # a ledger of schema 1 has no studies
        studies = [r for r in _readable_rows(db, "studies") if _parses(r["spec"], r["meta"])]
    except sqlite3.DatabaseError:
        studies = []
    finally:
        db.close()
    return jobs, chunks, studies


def _restore(ledger: Ledger, jobs: list[dict], chunks: list[dict],
             studies: list[dict] = ()) -> tuple[int, int]:
    """Write the salvaged rows into a fresh ledger, with counts made from what was kept.

    Returns the chunk results kept (those of salvaged jobs) and the jobs left INTERRUPTED.
    """
    kept_chunks = interrupted = 0
    by_job: dict[str, list[dict]] = {}
    for chunk in chunks:
        by_job.setdefault(chunk["job_id"], []).append(chunk)
    with ledger._write() as db:
        study_columns = [r[1] for r in db.execute("PRAGMA table_info(studies)")]
        for study in studies:
            names = [c for c in study_columns if c in study]
            db.execute(f"INSERT OR IGNORE INTO studies ({', '.join(names)}) VALUES "  # noqa: S608
                       f"({', '.join('?' * len(names))})", [study[c] for c in names])
        columns = [r[1] for r in db.execute("PRAGMA table_info(jobs)")]
        chunk_columns = [r[1] for r in db.execute("PRAGMA table_info(chunks)")]
        for job in jobs:
            kept = by_job.get(job["id"], [])
            timed = [c for c in kept if c.get("kernel_s") is not None]
            job = {**job, "chunks_done": len(kept), "rounds_done": sum(c["rounds"] for c in kept),
                   "kernel_s": sum(c["kernel_s"] for c in timed),
                   "kernel_rounds": sum(c["rounds"] for c in timed)}
            if job["state"] in ACTIVE or (job["state"] == COMPLETE
                                          and len(kept) < job["chunks_total"]):
                job["state"], job["error"] = INTERRUPTED, SALVAGED
                interrupted += 1
            kept_chunks += len(kept)
            names = [c for c in columns if c in job]
            db.execute(f"INSERT OR IGNORE INTO jobs ({', '.join(names)}) VALUES "  # noqa: S608
                       f"({', '.join('?' * len(names))})", [job[c] for c in names])
            for chunk in kept:
                names = [c for c in chunk_columns if c in chunk]
                db.execute(f"INSERT OR IGNORE INTO chunks ({', '.join(names)}) "  # noqa: S608
                           f"VALUES ({', '.join('?' * len(names))})", [chunk[c] for c in names])
    return kept_chunks, interrupted
