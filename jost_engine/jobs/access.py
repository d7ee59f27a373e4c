"""Whose a job is, and what the user looking at it may do with it.

On the single-user SQLite ledger every job is the user's own (its ``owner_role`` is
empty). On a team ledger on PostgreSQL a job's ``owner_role`` is the database role that
made it; another user sees it only through a project its owner shared with them, for
reading or writing (:mod:`.ledger_postgres`). The database enforces all of this; these
functions only say it to the views beforehand (which buttons to offer), so a view does
not offer what the database would refuse.
"""

from __future__ import annotations

from ..errors import JobError
from .states import ACTIVE

WHOSE = ("mine", "shared")
"""The values of a *whose* filter: the user's own jobs, or others' jobs shared with them."""

OWN, WRITE, READ = "own", "write", "read"


def is_mine(row: dict, me: str | None) -> bool:
    """Whether a ledger row is the user ``me``'s own (``me`` None: the one-user ledger)."""
    owner = row.get("owner_role")
    return owner is None or owner == me


def whose_matches(row: dict, whose: str | None, me: str | None) -> bool:
    """Whether a ledger row passes a *whose* filter (:data:`WHOSE`; None passes anything).

    Raises
    ------
    JobError
        For a value not in :data:`WHOSE`.
    """
    if whose is None:
        return True
    if whose not in WHOSE:
        raise JobError(f"whose: must be one of {', '.join(WHOSE)}, got {whose!r}")
    return is_mine(row, me) == (whose == "mine")


def access(row: dict, me: str | None, shares: dict) -> str:
    """What ``me`` may do with a job: :data:`OWN` (everything), :data:`WRITE` (cancel and
    resume, not delete) or :data:`READ` (look only).

    Parameters
    ----------
    row : dict
        A ledger row (``owner_role`` and ``project``).
    me : str or None
        The user (:meth:`Ledger.whoami`).
    shares : dict
        ``(owner, project) -> "read" | "write"``: the projects shared with ``me``
        (:meth:`Ledger.shares_with_me`).
    """
    if is_mine(row, me):
        return OWN
    return WRITE if shares.get((row.get("owner_role"), row.get("project"))) == WRITE else READ


def refuse_unchangeable(ledger, job_ids: list[str], name: str) -> None:
    """After a cancel that changed nothing: raise if one of the jobs is still active, for
    then the team ledger's database refused the change (a project shared for reading).

    Parameters
    ----------
    ledger : Ledger
    job_ids : list of str
        The jobs the cancel was for.
    name : str
        What was cancelled, for the message (``job ID``, ``study ID``).

    Raises
    ------
    JobError
        Saying who may cancel it.
    """
    if ledger.single_user:
        return
    for job_id in job_ids:
        state = ledger.state(job_id)[0]
        if state in ACTIVE:
            raise JobError(f"{name} is {state} and not yours to cancel: only its owner, or a "
                           "member its project is shared with for writing, may")
