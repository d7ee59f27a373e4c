"""A study spec expanded into its rows: each a name, its varied fields and a complete config.

Every row is hydrated (profile names resolved) and validated here, before
anything is recorded or submitted; the first bad row raises one
:class:`~jost_engine.errors.StudyError` naming the row and the field.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

from ..config import merge_config
from ..errors import JostError, ProfileError, StudyError
from ..limits import LABEL_MAX
from ..profiles import CONFIG_FIELDS, ProfileStore
from .spec import BASE, StudySpec, parse_spec

READABLE_MAX = 40  # characters of a readable value that is not a name or a number


@dataclass(frozen=True)
class Row:
    """One variant of a study.

    Attributes
    ----------
    name : str
        ``"base"``, a grid point (``"rules.penetration=0.8, betting.ramp=1-12"``)
        or a named variant's name.
    kind : str
        ``"base"``, ``"grid"`` or ``"variant"``.
    fields : dict
        The varied fields of the study (dotted path -> readable value: a
        number, ``"1-12"`` for a ramp, a profile's name).
    config : dict
        The complete, validated config.
    """

    name: str
    kind: str
    fields: dict
    config: dict


def readable(value) -> object:
    """A value as a table shows it: numbers and names as they are, a ramp as ``"1-12"``.

    A ramp is a list of ``[true count, units]`` pairs (or a betting section
    holding one); it reads as its smallest and largest bet [units]. Any other
    object reads as compact JSON, cut to :data:`READABLE_MAX` characters.
    """
    if isinstance(value, dict) and isinstance(value.get("ramp"), list):
        value = value["ramp"]
    if (isinstance(value, list) and value
            and all(isinstance(p, list) and len(p) == 2 for p in value)):
        units = [p[1] for p in value]
        return f"{_number(min(units))}-{_number(max(units))}"
    if value is None or isinstance(value, str | int | float | bool):
        return value
    text = json.dumps(value, separators=(",", ":"))
    return text if len(text) <= READABLE_MAX else text[:READABLE_MAX - 3] + "..."


def _number(x) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _get(config: dict, path: str):
    """The value at a dotted path, or None."""
    for part in path.split("."):
        if not isinstance(config, dict):
            return None
        config = config.get(part)
    return config


def _base_piece(spec: StudySpec, store: ProfileStore) -> dict:
    if isinstance(spec.base, str):
        try:
            return store.piece("configs", spec.base)
        except ProfileError as exc:
            raise StudyError(f"base: {exc}", BASE, "base") from None
    return spec.base


class _Pieces:
    """Profile pieces by (section, name), each read once per expansion."""

    def __init__(self, store: ProfileStore):
        self.store = store
        self.memo: dict = {}

    def get(self, section: str, name: str, variant: str) -> dict:
        key = (section, name)
        if key not in self.memo:
            try:
                self.memo[key] = self.store.piece(CONFIG_FIELDS[section], name)
            except ProfileError as exc:
                raise StudyError(f"variant {variant!r}: {section}: {exc}", variant,
                                 section) from None
        return self.memo[key]

    def hydrate(self, config: dict, variant: str) -> dict:
        """The config with every section that is a profile name replaced by its piece."""
        out = dict(config)
        for section in CONFIG_FIELDS:
            if isinstance(out.get(section), str):
                out[section] = self.get(section, out[section], variant)
        return out


def _names(base: dict, override: dict) -> dict:
    """Section -> profile name, for the sections of a row that a profile names."""
    names = {k: v for k, v in base.items() if k in CONFIG_FIELDS and isinstance(v, str)}
    for path, value in override.items():
        section = path.split(".")[0]
        if section in CONFIG_FIELDS:
            names.pop(section, None)
            if path == section and isinstance(value, str):
                names[section] = value
    return names


def _flat_paths(partial: dict, prefix: str = "") -> list[str]:
    """The dotted paths a partial config sets (its leaves; a profile name is a leaf)."""
    out = []
    for key, value in partial.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out += _flat_paths(value, path + ".")
        else:
            out.append(path)
    return out


def _field_of(exc: JostError) -> str | None:
    """The field an error names: its ``field``, else the path before its first colon."""
    field = getattr(exc, "field", None)
    if field:
        return field
    head = str(exc).split(":", 1)[0]
    return head if head and " " not in head else None


def _label(spec: StudySpec, name: str) -> str:
    text = spec.label if name == BASE else f"{spec.label} | {name}"
    return text if len(text) <= LABEL_MAX else text[:LABEL_MAX - 3] + "..."


def _grid_points(spec: StudySpec):
    """(name, override) of each grid point, the last key varying fastest."""
    keys = list(spec.grid)
    if not keys:  # the product of no lists is one empty point: no grid, no points
        return
    for values in itertools.product(*(spec.grid[k] for k in keys)):
        override = dict(zip(keys, values, strict=True))
        name = ", ".join(f"{k}={readable(v)}" for k, v in override.items())
        yield name, override


def expand(spec: dict | StudySpec, store: ProfileStore | None = None, validate=None
           ) -> list[Row]:
    """Every row of a study, the base first, hydrated and validated.

    Parameters
    ----------
    spec : dict or StudySpec
        The study spec.
    store : ProfileStore, optional
        Where profile names are looked up; the default store when omitted.
    validate : callable, optional
        ``validate(config) -> complete config``;
        :func:`jost_engine.registry.validate` when omitted.

    Returns
    -------
    list of Row
        The base, then the grid points, then the named variants.

    Raises
    ------
    StudyError
        For a bad spec or the first bad row, naming the row (``variant``)
        and the field (``field``).
    """
    from .. import registry

    spec = parse_spec(spec)
    store = store or ProfileStore()
    validate = validate or registry.validate
    base = _base_piece(spec, store)
    overrides = [(BASE, "base", {})]
    overrides += [(name, "grid", o) for name, o in _grid_points(spec)]
    overrides += [(name, "variant", o) for name, o in spec.variants.items()]
    varied = list(spec.grid)
    for partial in spec.variants.values():
        varied += [p for p in _flat_paths(partial) if p not in varied]
    pieces = _Pieces(store)
    opened = pieces.hydrate(base, BASE)
    rows = []
    for name, kind, override in overrides:
        try:
            merged = merge_config(opened, override, {"label": _label(spec, name)})
            config = validate(pieces.hydrate(merged, name))
        except StudyError:
            raise
        except JostError as exc:
            raise StudyError(f"variant {name!r}: {exc}", name, _field_of(exc)) from None
        names = _names(base, override)
        fields = {path: names.get(path, readable(_get(config, path))) for path in varied}
        rows.append(Row(name, kind, fields, config))
    return rows
