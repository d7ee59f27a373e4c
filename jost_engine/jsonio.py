"""Reading user JSON safely: one reader with depth and size limits.

Every JSON document a user hands JOST (a config file, a profile, inline JSON
on the command line) is read here, so a bad one gives one clear line
instead of a traceback: not found, a directory, not UTF-8, not JSON (with
line and column), nested too deep, too large, or not an object.

:func:`load_json_text` parses text already in memory; :func:`read_json_file`
opens a file and parses it. Both raise :class:`~jost_engine.errors.JostError`
(or the subclass the caller asks for) with a message starting with ``what``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import JostError
from .limits import JSON_MAX_BYTES, JSON_MAX_DEPTH

MAX_DEPTH = JSON_MAX_DEPTH
MAX_BYTES = JSON_MAX_BYTES


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` in JSON text, outside strings.

    Strings are blanked first, then the brackets are counted in one linear
    pass, so a pathological document (``[`` x 100000) is measured without
    recursion before :func:`json.loads` sees it.
    """
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub('""', text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def load_json_text(text: str, what: str, error: type[JostError] = JostError,
                   max_depth: int = MAX_DEPTH, object_only: bool = True):
    """Parse JSON text given by a user.

    Parameters
    ----------
    text : str
        The JSON document.
    what : str
        What it is, for messages (``"config x.json"``, ``"profile rules/a"``).
    error : type
        The :class:`JostError` subclass to raise.
    max_depth : int
        The deepest nesting of arrays and objects allowed.
    object_only : bool
        Whether the document must be a JSON object.

    Returns
    -------
    object
        The parsed document (a dict when ``object_only``).

    Raises
    ------
    JostError
        (or ``error``) naming ``what`` and the problem.
    """
    if len(text) > MAX_BYTES:
        raise error(f"{what}: larger than {MAX_BYTES // 1_000_000} MB")
    if "[" in text or "{" in text:
        depth = _depth(text)
        if depth > max_depth:
            raise error(f"{what}: nested deeper than {max_depth} levels")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{what}: not valid JSON (line {exc.lineno}, column {exc.colno}: "
                    f"{exc.msg})") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise error(f"{what}: nested deeper than {max_depth} levels") from None
    if object_only and not isinstance(data, dict):
        raise error(f"{what}: must hold a JSON object, got {type(data).__name__}")
    return data


def read_json_file(path: str | Path, what: str, error: type[JostError] = JostError,
                   max_depth: int = MAX_DEPTH) -> dict:
    """Read a JSON object from a file a user named.

    Parameters
    ----------
    path : str or Path
        The file.
    what : str
        What it is, for messages; the path is added.
    error : type
        The :class:`JostError` subclass to raise.
    max_depth : int
        The deepest nesting allowed.

    Raises
    ------
    JostError
        (or ``error``) when the file is missing, a directory, unreadable, not
        UTF-8, too large, too deep, not JSON or not an object.
    """
    file = Path(path)
    where = f"{what} {str(path)!r}" if what else repr(str(path))
    if file.is_dir():
        raise error(f"{where}: is a directory, not a JSON file")
    if not file.exists():
        raise error(f"{where}: no such file")
    try:
        if file.stat().st_size > MAX_BYTES:
            raise error(f"{where}: larger than {MAX_BYTES // 1_000_000} MB")
        raw = file.read_bytes()
    except OSError as exc:
        raise error(f"{where}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{where}: not UTF-8 text (byte {exc.start})") from None
    return load_json_text(text, where, error, max_depth)
