"""Reading a template's ``parameters`` cell and checking values against it.

The cell is read by papermill's own inspection
(:func:`papermill.inspect_notebook`: ``name = value  # help`` lines, type
annotations allowed), so a template declares exactly what papermill will
inject. :func:`literal_defaults` then requires every default to be a Python
literal, and :func:`check` coerces given values (strings from the command
line, or Python values) to the types of the defaults, before anything runs.
"""

from __future__ import annotations

import ast
import json

from ..numbers import read_number
from .templates import ReportError, Template

#: Names the runner sets itself, from its options (``--scheduler``, ``--in-process``).
RESERVED = {"scheduler": "--scheduler", "in_process": "--in-process"}
TRUE = {"true", "yes", "1", "on"}
FALSE = {"false", "no", "0", "off"}


def literal_defaults(inspected) -> dict:
    """Parameters as papermill inspects them -> name -> {default, help}, defaults evaluated.

    Parameters
    ----------
    inspected : iterable of dict
        papermill's parameter records (``name``, ``default`` as source text, ``help``).

    Raises
    ------
    ReportError
        For a default that is not a Python literal (an expression, or a
        statement papermill read as part of the value).
    """
    out = {}
    for param in inspected:
        try:
            default = ast.literal_eval(param["default"])
        except (ValueError, SyntaxError):
            raise ReportError(f"parameters cell, {param['name']}: the value "
                              f"{param['default']!r} is not a literal (only 'name = literal' "
                              "lines are allowed)") from None
        out[param["name"]] = {"default": default, "help": param["help"]}
    return out


def declared(source: str) -> dict:
    """Parameters declared in the source of a parameters cell: name -> {default, help}.

    Raises
    ------
    ReportError
        See :func:`literal_defaults`.
    """
    from nbformat.v4 import new_code_cell
    from papermill.translators import PythonTranslator

    found = PythonTranslator.inspect(new_code_cell(source))
    return literal_defaults(p._asdict() for p in found)


def template_parameters(template: Template) -> dict:
    """The parameters a template declares (:func:`papermill.inspect_notebook`).

    Raises
    ------
    ReportError
        For a template without parameters (no cell tagged ``parameters``)
        or a default that is not a literal.
    """
    from papermill import inspect_notebook

    found = inspect_notebook(str(template.notebook))
    if not found:
        raise ReportError(f"template {template.name!r} declares no parameters (it needs a "
                          "cell tagged 'parameters' of 'name = literal  # help' lines)")
    return literal_defaults(found.values())


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
    wanted = {bool: "true or false", int: "a whole number", float: "a number", str: "text",
              list: f"a list like {default!r}", dict: f"a mapping like {default!r}"}
    bad = ReportError(f"parameter {name}: expected {wanted.get(kind, kind.__name__)}, "
                      f"got {value!r}")
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
            try:  # the Build tab's and --rounds' spellings: 3M, 2e6, 1_000_000, 500k
                value = read_number(value, integer=True)
            except ValueError as exc:
                raise ReportError(f"parameter {name}: {exc}") from None
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
            if isinstance(parsed, kind):
                value = parsed
            elif kind is list and not value.strip().startswith("["):
                value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, list) and kind is list:
            return _items(name, value, default)
        if isinstance(value, kind):
            return value
        raise bad
    raise bad


def _items(name: str, values: list, default: list) -> list:
    """A list's items as the type of the default's items (when it has any).

    ``[1000, 2000]`` and ``1000,2000`` both give a list of numbers for a
    default such as ``[400, 800]``; ``[a, b]`` is refused here, naming the item,
    rather than failing in the notebook.
    """
    if not default:
        return values
    model = default[0]
    if type(model) is int:  # a number list: 250.5 is as good as 250
        items = [coerce(f"{name}[{i}]", item, 0.0) for i, item in enumerate(values)]
        return [int(v) if v.is_integer() else v for v in items]
    return [coerce(f"{name}[{i}]", item, model) for i, item in enumerate(values)]


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
        non-positive ``rounds``, a negative ``seed``, a ``target_se`` outside
        0..100 or a missing required value.
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
    if "target_se" in values and not 0 <= values["target_se"] <= 100:
        raise ReportError(f"parameter target_se: must be 0 (off) or a percentage above 0 and "
                          f"at most 100, got {values['target_se']}")
    if "seed" in values and not values["seed"] >= 0:
        raise ReportError(f"parameter seed: must be 0 or more, got {values['seed']}")
    for name in template.required:
        if values.get(name) in (None, "", [], {}):
            raise ReportError(f"parameter {name}: required by template {template.name!r}")
    return values
