"""Reading a template's ``parameters`` cell and checking values against it.

Pure functions: :func:`declared` parses the cell's source (literal
assignments, a ``# comment`` on the line is the help), and :func:`check`
coerces given values (strings from the command line, or Python values) to
the types of the defaults, before anything runs.
"""

from __future__ import annotations

import ast
import json

import nbformat

from .templates import ReportError, Template

#: Names the runner sets itself, from its options (``--scheduler``, ``--in-process``).
RESERVED = {"scheduler": "--scheduler", "in_process": "--in-process"}
TRUE = {"true", "yes", "1", "on"}
FALSE = {"false", "no", "0", "off"}


def parameters_source(notebook) -> str:
    """The source of the cell tagged ``parameters`` of a notebook node."""
    for cell in notebook.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell.source
    raise ReportError("the template has no cell tagged 'parameters'")


def declared(source: str) -> dict:
    """Parameters declared in a parameters cell: name -> {default, help}.

    Raises
    ------
    ReportError
        For a statement that is not ``name = literal``.
    """
    lines = source.splitlines()
    out = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            raise ReportError(f"parameters cell, line {node.lineno}: only 'name = value' "
                              "assignments are allowed")
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise ReportError(f"parameters cell, line {node.lineno}: the value must be a "
                              "literal") from None
        line = lines[node.lineno - 1]
        help_text = line.split("#", 1)[1].strip() if "#" in line else ""
        out[node.targets[0].id] = {"default": default, "help": help_text}
    return out


def template_parameters(template: Template) -> dict:
    """The parameters a template declares (see :func:`declared`)."""
    return declared(parameters_source(nbformat.read(str(template.notebook), as_version=4)))


def _parse_text(text: str):
    try:
        return json.loads(text)
    except ValueError:
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return None


def coerce(name: str, value, default):
    """``value`` as the type of ``default``; strings are parsed (command line).

    Raises
    ------
    ReportError
        Naming the parameter, for a value of the wrong type.
    """
    kind = type(default)
    bad = ReportError(f"parameter {name}: expected {kind.__name__}, got {value!r}")
    if default is None:
        return value
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in TRUE | FALSE:
            return value.lower() in TRUE
        raise bad
    if kind is int:
        if isinstance(value, str):
            value = _parse_text(value.replace("_", ""))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise bad
    if kind is float:
        if isinstance(value, str):
            value = _parse_text(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise bad
    if kind is str:
        if isinstance(value, str):
            return value
        raise bad
    if kind in (list, dict):
        if isinstance(value, str):
            parsed = _parse_text(value)
            value = parsed if isinstance(parsed, kind) else (
                [v.strip() for v in value.split(",") if v.strip()] if kind is list else value)
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, kind):
            return value
        raise bad
    raise bad


def check(template: Template, given: dict | None) -> dict:
    """Check given parameter values against a template; the full set of values.

    Parameters
    ----------
    template : Template
    given : dict
        Name -> value (strings from the command line are parsed).

    Returns
    -------
    dict
        Every declared parameter (defaults filled in) except the reserved ones.

    Raises
    ------
    ReportError
        For an unknown or reserved name, a value of the wrong type, a
        non-positive ``rounds``, a negative ``seed`` or a missing required value.
    """
    spec = template_parameters(template)
    values = {k: v["default"] for k, v in spec.items() if k not in RESERVED}
    for name, value in (given or {}).items():
        if name in RESERVED:
            raise ReportError(f"parameter {name}: set by the runner; use {RESERVED[name]}")
        if name not in spec:
            raise ReportError(f"unknown parameter {name!r} for template {template.name!r} "
                              f"(known: {', '.join(sorted(values))})")
        values[name] = coerce(name, value, spec[name]["default"])
    if "rounds" in values and not values["rounds"] >= 1:
        raise ReportError(f"parameter rounds: must be at least 1, got {values['rounds']}")
    if "seed" in values and not values["seed"] >= 0:
        raise ReportError(f"parameter seed: must be 0 or more, got {values['seed']}")
    for name in template.required:
        if values.get(name) in (None, "", [], {}):
            raise ReportError(f"parameter {name}: required by template {template.name!r}")
    return values
