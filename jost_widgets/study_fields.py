"""What the Study tab lets a user vary, how its value boxes are read, and the spec it makes.

Pure functions without widgets (as :mod:`.fields` for the builder): a field
to vary is a dotted path of the config (``rules.penetration``) or a section
given by profile name (``strategy``); its values are typed as a comma list
(``0.7, 0.8``, ``none, late``, ``hi-lo, zen``) or, for numbers, as a range
(``0.65 to 0.85 step 0.05``). The base is the Build tab's config; the spec
is the one :class:`jost_engine.studies.Study` takes (``docs/studies.md``).
``run.rounds`` is not varied: every variant plays the base's rounds.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from jost_engine.config import Errors, Rules
from jost_engine.errors import JostError
from jost_engine.limits import LABEL_MAX
from jost_engine.numbers import parse_number
from jost_engine.studies import parse_spec

from .controls import PAYOUTS, field_bounds, field_choices

#: Most values one field may take in a study (a range gives at most this many).
MAX_VALUES = 50
_RANGE = re.compile(r"^\s*(?:from\s+)?(\S+)\s+to\s+(\S+)\s+step\s+(\S+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """A field the Study tab can vary.

    Attributes
    ----------
    path : str
        Its dotted path in the config, the study's grid key.
    title : str
        What it takes, shown beside the path in the dropdown.
    kind : str
        ``"number"``, ``"integer"``, ``"choice"`` (``words``: typed word ->
        config value) or ``"profile"`` (profile names of ``profile_kind``).
    example : str
        A value list shown as the box's placeholder.
    words : tuple
        ``(typed word, config value)`` pairs of a choice.
    profile_kind : str, optional
        The profile kind whose names a profile field takes.
    span : str
        A range a number field accepts, for its messages.
    model : type
        The config section whose bounds a number field takes.
    """

    path: str
    title: str
    kind: str
    example: str
    words: tuple = ()
    profile_kind: str | None = None
    span: str = ""
    model: type = Rules


def _yes_no(yes: str, no: str) -> tuple:
    return ((yes, True), (no, False), ("true", True), ("false", False))


FIELDS = {f.path: f for f in (
    Field("rules.penetration", "fraction dealt", "number", "0.7, 0.8 or 0.65 to 0.85 step 0.05",
          span="0.65 to 0.85 step 0.05"),
    Field("rules.decks", "decks in the shoe", "integer", "2, 6, 8 or 4 to 8 step 2",
          span="4 to 8 step 2"),
    Field("rules.dealer_hits_soft_17", "S17 or H17", "choice", "S17, H17",
          _yes_no("h17", "s17")),
    Field("rules.surrender", "none, late, early", "choice", "none, late",
          tuple((v, v) for v in field_choices(Rules, "surrender"))),
    Field("rules.double_after_split", "yes or no", "choice", "yes, no",
          _yes_no("yes", "no")),
    Field("rules.double", "any, 9-11, 10-11", "choice", "any, 10-11",
          tuple((v, v) for v in field_choices(Rules, "double"))),
    Field("rules.blackjack_pays", "3:2, 6:5, ...", "choice", "3:2, 6:5",
          tuple(PAYOUTS) + tuple((f"{v:g}", v) for _, v in PAYOUTS)),
    Field("betting.ramp", "the ramps of betting profiles", "profile",
          "spread-1-8, spread-1-12", profile_kind="betting"),
    Field("strategy", "strategy profiles", "profile", "hi-lo-i18, zen",
          profile_kind="strategies"),
    *(Field(f"strategy.errors.{name}", title, "number", example, span=span, model=Errors)
      for name, title, example, span in (
          ("slip", "errors: chance of a slip a decision", "0, 0.01, 0.02",
           "0 to 0.03 step 0.01"),
          ("missed_index", "errors: chance of a missed index", "0, 0.25, 0.5",
           "0 to 1 step 0.25"),
          ("wrong_index", "errors: chance of a wrong index", "0, 0.1, 0.2",
           "0 to 0.3 step 0.1"),
          ("bet", "errors: chance of a wrong bet step a round", "0, 0.05, 0.1",
           "0 to 0.2 step 0.05"),
          ("cards_per_miscount", "errors: cards per miscounted card", "50, 100, 200",
           "50 to 200 step 50"),
          ("deck_sd", "errors: SD of the deck estimate [decks]", "0, 0.25, 0.5",
           "0 to 1 step 0.25"))),
)}


def allowed(field: Field, store) -> str:
    """What a field's box accepts, in words (part of every error about it)."""
    if field.kind in ("number", "integer"):
        low, high = _limits(field)
        return (f"{'whole numbers' if field.kind == 'integer' else 'numbers'} from {low:g} to "
                f"{high:g}: a comma list or a range such as '{field.span}'")
    return "a comma list of " + ", ".join(_names(field, store))


def _limits(field: Field) -> tuple[float, float]:
    bounds = field_bounds(field.model, field.path.split(".")[-1])
    return bounds.get("min", -math.inf), bounds.get("max", math.inf)


def _names(field: Field, store) -> list[str]:
    """The words a choice or profile field accepts, as the user types them."""
    if field.kind == "profile":
        return [p.name for p in store.list(field.profile_kind) if not p.error]
    words = dict.fromkeys(w for w, _ in field.words if w not in ("true", "false"))
    return [w for w in words if not re.fullmatch(r"[\d.]+", w)] or list(words)


def _number(field: Field, word: str) -> float | int:
    """A number typed for a field (the builder's spellings: ``0.7``, ``6``, ``1e6``, ``2k``)."""
    integer = field.kind == "integer"
    try:
        value = parse_number(word, field.path, integer)
    except JostError:
        value = None
    if value is None:
        raise ValueError(f"{word!r} is not a {'whole number' if integer else 'number'}")
    return value


def _range(field: Field, match: re.Match) -> list:
    low, high, step = (_number(field, t) for t in match.groups())
    if step <= 0 or high < low:
        raise ValueError("the step must be above 0 and 'to' at least 'from'")
    count = math.floor((high - low) / step + 1e-9) + 1
    if count > MAX_VALUES:
        raise ValueError(f"the range makes {count} values; at most {MAX_VALUES}")
    return [_plain(round(low + i * step, 10)) for i in range(count)]


def _plain(value: float) -> float | int:
    return int(value) if value == int(value) else value


def parse_values(path: str, text: str, store) -> list:
    """The values typed for a field, as the study's grid takes them.

    Parameters
    ----------
    path : str
        A key of :data:`FIELDS`.
    text : str
        A comma list, or a range ``FROM to TO step STEP`` for a number.
    store : jost_engine.profiles.ProfileStore
        Where profile names are looked up (a betting profile gives its ramp).

    Returns
    -------
    list
        The distinct values in the order typed (a ramp as its JSON pairs).

    Raises
    ------
    JostError
        One line naming the field and what it accepts.
    """
    field = FIELDS[path]
    hint = allowed(field, store)
    raw = text.strip()
    if not raw:
        raise JostError(f"{path}: no values; give {hint}")
    try:
        match = _RANGE.match(raw) if field.kind in ("number", "integer") else None
        if match:
            values = _range(field, match)
        else:
            values = [_one(field, word.strip(), store) for word in raw.split(",")]
    except ValueError as exc:
        raise JostError(f"{path}: {exc}; give {hint}") from None
    if field.kind in ("number", "integer"):
        low, high = _limits(field)
        outside = [v for v in values if not low <= v <= high]
        if outside:
            raise JostError(f"{path}: {outside[0]:g} is outside {low:g} to {high:g}; "
                            f"give {hint}")
    unique = []
    for value in values:
        if value not in unique:
            unique.append(value)
    if len(unique) > MAX_VALUES:
        raise JostError(f"{path}: {len(unique)} values; at most {MAX_VALUES}")
    return unique


def _one(field: Field, word: str, store):
    """One value of a comma list."""
    if not word:
        raise ValueError("an empty value between commas")
    if field.kind in ("number", "integer"):
        return _number(field, word)
    if field.kind == "choice":
        words = dict(field.words)
        if word.lower() not in words:
            raise ValueError(f"{word!r} is not allowed")
        return words[word.lower()]
    if word not in _names(field, store):
        raise ValueError(f"no such profile {word!r}")
    if field.path == "betting.ramp":
        return store.piece("betting", word)["ramp"]
    return word


@dataclass(frozen=True)
class Plan:
    """A study about to be submitted: its spec and its size.

    Attributes
    ----------
    spec : dict
        The study spec (``base`` the Build tab's config, ``grid`` the fields).
    variants : int
        Rows of the study: the base and the grid's points.
    rounds : int
        Rounds of each variant (the base's ``run.rounds``).
    chunks : int
        Chunks of each variant.
    """

    spec: dict
    variants: int
    rounds: int
    chunks: int

    @property
    def total_rounds(self) -> int:
        """Rounds of the whole study."""
        return self.variants * self.rounds

    def describe(self) -> str:
        """E.g. ``3 variants (the base and 2 grid points) x 50,000 rounds = 150,000 rounds``."""
        return (f"{self.variants} variants (the base and {self.variants - 1} grid points) x "
                f"{self.rounds:,} rounds = {self.total_rounds:,} rounds")


def study_label(base: dict, paths: list[str]) -> str:
    """A study's default label: what it varies, over the base's label."""
    text = f"{' x '.join(paths)}: {base.get('label', 'base')}"
    return text if len(text) <= LABEL_MAX else text[:LABEL_MAX - 3] + "..."


def plan(base: dict, chosen: list[tuple[str, str]], store, label: str = "") -> Plan:
    """The study of a base config and the fields chosen, checked but not expanded.

    Parameters
    ----------
    base : dict
        The complete config the variants are merged over (the Build tab's).
    chosen : list of tuple
        ``(path, typed values)`` of each field to vary, in order (the last
        varies fastest).
    store : ProfileStore
    label : str
        What the study asks; :func:`study_label` when blank.

    Raises
    ------
    JostError
        For a field chosen twice or values that cannot be read (naming the
        field and what it accepts); its subclass ``StudyError`` for a grid
        too big.
    """
    if not chosen:
        raise JostError("fields: choose at least one field to vary and type its values")
    grid = {}
    for path, text in chosen:
        if path in grid:
            raise JostError(f"{path}: chosen twice; vary each field once")
        grid[path] = parse_values(path, text, store)
    spec = {"label": label.strip() or study_label(base, list(grid)), "base": base,
            "grid": grid}
    size = parse_spec(spec).size()
    run = base["run"]
    chunks = math.ceil(run["rounds"] / run["chunk_rounds"])
    return Plan(spec, size, run["rounds"], chunks)


__all__ = ["FIELDS", "MAX_VALUES", "Field", "Plan", "allowed", "parse_values", "plan",
           "study_label"]
