"""Every exception JOST reports to a user, in one module.

Each class carries the exit code the ``jost`` command uses for it (see
``design.md``): 0 success, 1 a job failed / timed out / was cancelled, 2 bad
input, 3 the environment (cluster unreachable, damaged ledger or state file).
The command prints ``jost: <message>`` on one line and exits with
:attr:`JostError.exit_code`; it never prints a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_JOB_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_ENVIRONMENT = 3


class JostError(Exception):
    """Base of the errors JOST reports to a user as one clear line (bad input)."""

    exit_code = EXIT_BAD_INPUT


class ConfigError(JostError, ValueError):
    """A config that does not validate.

    Attributes
    ----------
    field : str or None
        The dotted path of the offending field (``rules.decks``), when known.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ProfileError(JostError):
    """A profile that is missing, damaged, badly named, or may not be written."""


class JobError(JostError):
    """An unknown job, or an action its state does not allow."""


class ReportError(JostError):
    """A report that cannot be started: unknown template, bad parameter."""


class JobNotCompleteError(JostError):
    """A job (or report) that failed, timed out or was cancelled (exit 1)."""

    exit_code = EXIT_JOB_FAILED


class JostEnvironmentError(JostError):
    """Not the user's input but the machine: exit 3."""

    exit_code = EXIT_ENVIRONMENT


class ClusterError(JostEnvironmentError):
    """A Dask scheduler that cannot be reached, or cluster state that cannot be read."""


class LedgerDamagedError(JostEnvironmentError):
    """The SQLite job ledger (or one of its rows) is damaged.

    Attributes
    ----------
    path : str
        The ledger file.
    """

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.path = path


class BettingError(JostError):
    """A ramp, bankroll or target the betting analysis cannot evaluate (exit 2).

    Attributes
    ----------
    field : str or None
        The argument or config field at fault (``wong_out``, ``bankroll``,
        ``spread``), when known.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class StudyError(JostError):
    """A study spec, or one of its variants, that does not validate (exit 2).

    Attributes
    ----------
    variant : str or None
        The variant at fault (``"base"``, a named variant, or a grid point
        such as ``"rules.penetration=0.8, betting.ramp=1-12"``), when known.
    field : str or None
        The dotted path of the offending field (``rules.decks``), when known.
    """

    def __init__(self, message: str, variant: str | None = None, field: str | None = None):
        super().__init__(message)
        self.variant = variant
        self.field = field
