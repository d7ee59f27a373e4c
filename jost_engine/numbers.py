"""Numbers as people type them: ``15M``, ``2e6``, ``1_000_000``, ``1.5M``, ``500k``.

One reader for every place a person types a count of rounds or another number:
the ``jost`` command's ``--rounds`` (``run``, ``submit``, ``optimize``), report
parameters (``jost report ... -p rounds 3M``) and the workbench's text boxes.
Standard library only, so the command line can import it at once.
"""

from __future__ import annotations

import math

from .errors import JostError

#: Suffixes a number may end in, with their multiplier (case-insensitive).
SUFFIXES = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9}
#: The spellings accepted, for error messages and help texts.
EXAMPLES = "such as 15000000, 15_000_000, 15,000,000, 15e6, 1.5M or 500k"


def read_number(text: str, integer: bool = False,
                minimum: float | None = None) -> float | int | None:
    """A number as typed; blank (or ``none``) is None.

    Parameters
    ----------
    text : str
        E.g. ``15000000``, ``15_000_000``, ``15,000,000``, ``15e6``, ``15M``,
        ``1.5k``, ``-2``.
    integer : bool
        Whether only whole numbers are allowed.
    minimum : float, optional
        The smallest value allowed.

    Raises
    ------
    ValueError
        ``must be a whole number ... such as ..., got '3x'``: what is accepted,
        without the field (the caller names it).
    """
    raw = str(text).strip()
    if not raw or raw.lower() == "none":
        return None
    cleaned = raw.replace("_", "").replace(",", "").replace(" ", "")
    scale = 1.0
    if cleaned and cleaned[-1].lower() in SUFFIXES:
        scale, cleaned = SUFFIXES[cleaned[-1].lower()], cleaned[:-1]
    try:
        value = float(cleaned) * scale
    except ValueError:
        value = math.nan
    if (not math.isfinite(value) or (integer and value != round(value))
            or (minimum is not None and value < minimum)):
        raise ValueError(_accepted(raw, integer, minimum))
    if integer:
        return int(round(value))
    return int(value) if value == round(value) and abs(value) < 1e15 else value


def _accepted(raw: str, integer: bool, minimum: float | None) -> str:
    kind = "a whole number" if integer else "a number"
    if minimum is not None:
        kind = f"{kind} of at least {minimum:g}"
    return f"must be {kind} {EXAMPLES}, got {raw!r}"


def parse_number(text: str, field: str, integer: bool = False,
                 minimum: float | None = None) -> float | int | None:
    """:func:`read_number`, its error naming ``field``; blank is None.

    Raises
    ------
    JostError
        One line ``FIELD: must be ... such as ..., got ...`` (exit 2).
    """
    try:
        return read_number(text, integer, minimum)
    except ValueError as exc:
        raise JostError(f"{field}: {exc}") from None


def read_rounds(text: str) -> int:
    """A count of rounds (at least 1) as typed: ``3M``, ``2e6``, ``1_000_000``, ``500k``.

    Raises
    ------
    ValueError
        What is accepted (blank is refused too); the caller names the field.
    """
    value = read_number(text, integer=True, minimum=1)
    if value is None:
        raise ValueError(_accepted(str(text), True, 1))
    return value


def parse_rounds(text: str, field: str = "rounds") -> int:
    """:func:`read_rounds`, its error naming ``field``.

    Raises
    ------
    JostError
        One line ``FIELD: must be a whole number of at least 1 such as ...``.
    """
    try:
        return read_rounds(text)
    except ValueError as exc:
        raise JostError(f"{field}: {exc}") from None


def show_number(value) -> str:
    """A number for a text box: blank for None, ``_`` between thousands, no trailing ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value != round(value):
        return f"{value:g}"
    return f"{int(value):_}"
