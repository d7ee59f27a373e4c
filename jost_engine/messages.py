"""Validation messages: pydantic's errors as one line per bad field.

Each message names the field path and what is allowed, e.g.
``rules.decks: must be between 1 and 8, got 0``; union members
(``literal['basic']``, ``list[...]``) are hidden, and of a union only the
form the input was meant for is reported.
"""

from __future__ import annotations

import typing
from typing import Any

BOUND_WORDS = {"greater_than_equal": "at least", "less_than_equal": "at most",
               "greater_than": "greater than", "less_than": "less than"}


def _describe(error: dict) -> str:
    path = ".".join(str(p) for p in error["loc"] if not str(p).startswith("function-"))
    kind = error["type"]
    ctx = error.get("ctx", {})
    got = error.get("input")
    if kind in BOUND_WORDS:
        message = f"must be {BOUND_WORDS[kind]} {next(iter(ctx.values()))}, got {got!r}"
    elif kind == "literal_error":
        message = f"must be one of {ctx.get('expected')}, got {got!r}"
    elif kind == "string_too_long":
        message = (f"must be at most {ctx.get('max_length')} characters long, "
                   f"got {len(got)}")
    elif kind == "string_too_short" and ctx.get("min_length") == 1:
        message = "must not be empty"
    elif kind == "string_too_short":
        message = f"must be at least {ctx.get('min_length')} characters long, got {got!r}"
    elif kind == "too_long":
        message = f"must have at most {ctx.get('max_length')} items, got {len(got)}"
    elif kind == "extra_forbidden":
        message = "unknown field"
    elif kind == "missing":
        message = "required field is missing"
    elif kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        head, sep, tail = message.partition(": ")
        if sep and " " not in head:  # the validator named a sub-field
            path = f"{path}.{head}" if path else head
            message = tail
    elif kind == "string_pattern_mismatch" and path.startswith("strategy.chart."):
        message = f"must be 10 codes (up cards 2..9, T, A) separated by spaces, got {got!r}"
    else:
        text = error["msg"]
        message = f"{text[:1].lower()}{text[1:]}, got {got!r}"
    return f"{path}: {message}" if path else message


def _member(part) -> bool:
    """Whether a location part names a union member rather than a field."""
    return isinstance(part, str) and (
        part in ("str", "Chart", "ErringPlayer")
        or part.startswith(("literal[", "function-", "list[")))


def _plain_loc(error: dict) -> dict:
    """Drop pydantic's union-member names (``literal['basic']``, ``list[...]``)."""
    return {**error, "loc": tuple(p for p in error["loc"] if not _member(p))}


def _pick_union_member(errors: list[dict]) -> list[dict]:
    """For a union field, keep the errors of the member the input was meant for.

    An object given for ``strategy.chart`` or a list for
    ``strategy.deviations`` is reported against that form only, not also
    as "must be 'basic'" or "must be a string".
    """
    structured = {tuple(p for p in e["loc"] if not _member(p))[:2] for e in errors
                  if any(isinstance(p, str) and p.startswith(("function-", "list["))
                         for p in e["loc"])}
    kept = []
    for error in errors:
        field = tuple(p for p in error["loc"] if not _member(p))[:2]
        scalar_member = any(isinstance(p, str) and (p == "str" or p.startswith("literal["))
                            for p in error["loc"])
        if field in structured and scalar_member:
            continue
        kept.append(error)
    return kept


def error_messages(errors: list[dict], root: Any) -> list[str]:
    """One message per pydantic error, each starting with the field path.

    Parameters
    ----------
    errors : list of dict
        ``ValidationError.errors()``.
    root : type
        The model validated, to find a field's bounds ("between A and B").
    """
    errors = [_plain_loc(e) for e in _pick_union_member(errors)]
    out = []
    for error in errors:
        text = _describe(error)
        bounds = _bounds(error["loc"], root)
        if bounds and error["type"] in ("greater_than_equal", "less_than_equal"):
            path = text.split(": ")[0]
            text = f"{path}: must be between {bounds[0]} and {bounds[1]}, got {error['input']!r}"
        out.append(text)
    return out


def _bounds(loc: tuple, root: Any) -> tuple | None:
    """The ``(ge, le)`` bounds of the field at ``loc`` in ``root``, if it has both.

    The path may go through lists (an item's index) and through unions of
    models (``table.others.right.0.slip``): each step looks for the field in
    every model the annotation holds.
    """
    models = _models_in(root)
    for depth, part in enumerate(loc):
        if isinstance(part, int):
            continue
        field = next((m.model_fields[part] for m in models if part in m.model_fields), None)
        if field is None:
            return None
        if depth == len(loc) - 1:
            low = high = None
            for meta in field.metadata:
                low = getattr(meta, "ge", low)
                high = getattr(meta, "le", high)
            return (low, high) if low is not None and high is not None else None
        models = _models_in(field.annotation)
    return None


def _models_in(annotation: Any) -> list:
    """The pydantic models an annotation holds (through lists, unions and Annotated)."""
    if getattr(annotation, "model_fields", None):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
