"""The study spec: a base config, a grid of values and named variants, as JSON.

``{"label": ..., "base": CONFIG_OR_PROFILE, "grid": {"rules.penetration": [...],
...}, "variants": {"NAME": {partial config}, ...}, "project": ..., "tags": [...]}``

How the rows of a study are made from it (``docs/studies.md``):

1. the **base** first (the reference of every paired difference);
2. then the **grid**: the product of its lists, in the order the keys are
   written, the last key varying fastest, each point merged over the base;
3. then each **named variant**, in the order written, merged over the base.

Grid and variants add up: they are not crossed. A grid value or a variant
section may be a profile name (``"strategy": ["hi-lo-i18", "zen"]``).

``"race": {"metric": "advantage", "confidence": 0.95, "top_k": 1,
"budget_rounds": N}`` makes a racing study: rounds go in stages, and the
variants resolved below the leader (or below place ``top_k``) stop early
(successive elimination, :mod:`jost_engine.analysis.race`).
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import StudyError
from ..limits import LABEL_MAX, PROJECT_MAX, TAG_MAX, TAGS_MAX
from ..messages import error_messages

MAX_VARIANTS = 10_000
"""Most rows (base included) one study may have: each is a job in the ledger."""

VARIANT_NAME_MAX = 64
BASE = "base"


class RaceSpec(BaseModel):
    """How a racing study ranks and stops its variants (docs/studies.md, Racing studies)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    metric: Literal["advantage", "ev_per_round", "win_rate_per_hour"] = Field(
        "advantage", description="the figure ranked, higher is better")
    confidence: float = Field(
        0.95, ge=0.5, le=0.9999,
        description="two-sided confidence of the whole race (Bonferroni-corrected over "
                    "its comparisons)")
    top_k: int = Field(1, ge=1, le=100, description="how many best variants to resolve")
    budget_rounds: int | None = Field(
        None, ge=1, le=10**13, description="rounds of all variants together, at most")
    look_every: int = Field(5, ge=1, le=10_000,
                            description="chunks between looks, after the first at 20 chunks")

    @field_validator("confidence", mode="before")
    @classmethod
    def _confidence_number(cls, value: Any) -> Any:
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


class StudySpec(BaseModel):
    """A study: a base config and its variations (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    label: str = Field("study", min_length=1, max_length=LABEL_MAX,
                       description="what the study asks, shown with its results")
    base: dict[str, Any] | str = Field(
        description="the base config (profile names allowed) or a configs profile name")
    grid: dict[str, Annotated[list[Any], Field(min_length=1)]] = Field(
        default_factory=dict,
        description="dotted field path -> list of values; the rows are their product, "
                    "each merged over the base")
    variants: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="name -> partial config merged over the base (dotted keys allowed)")
    project: str | None = Field(None, max_length=PROJECT_MAX)
    tags: list[Annotated[str, Field(min_length=1, max_length=TAG_MAX)]] | None = Field(
        None, max_length=TAGS_MAX)
    race: RaceSpec | None = Field(
        None, description="race the variants: stop those resolved worse early")

    @field_validator("grid")
    @classmethod
    def _grid_paths(cls, grid: dict) -> dict:
        for path in grid:
            if not path or any(not part for part in path.split(".")):
                raise ValueError(f"grid key {path!r}: must be a dotted field path such as "
                                 "rules.penetration")
        return grid

    @field_validator("variants")
    @classmethod
    def _variant_names(cls, variants: dict) -> dict:
        for name in variants:
            if not name.strip() or len(name) > VARIANT_NAME_MAX or name == BASE:
                raise ValueError(f"variant name {name[:80]!r}: must be 1 to "
                                 f"{VARIANT_NAME_MAX} characters and not {BASE!r}")
            if not _fair_name(name):
                raise ValueError(f"variant name {name[:80]!r}: must be printable text without "
                                 "'/', '\\' or a leading '.' (a name such as 'late "
                                 "surrender' or 'H17')")
        return variants

    def size(self) -> int:
        """Rows of the study: the base, the grid points and the named variants."""
        points = math.prod(len(values) for values in self.grid.values()) if self.grid else 0
        return 1 + points + len(self.variants)


def parse_spec(data: dict | StudySpec) -> StudySpec:
    """Check a spec's shape and size; the :class:`StudySpec`.

    Raises
    ------
    StudyError
        Naming the field (``grid.rules.penetration``) and what it allows, or
        saying how many rows the spec makes when it makes more than
        :data:`MAX_VARIANTS`.
    """
    if isinstance(data, StudySpec):
        spec = data
    else:
        if not isinstance(data, dict):
            raise StudyError(f"study: must be a JSON object, got {type(data).__name__}")
        try:
            spec = StudySpec.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors()
            field = ".".join(str(p) for p in errors[0]["loc"])
            raise StudyError("study " + "; ".join(error_messages(errors, StudySpec)),
                             field=field) from None
    size = spec.size()
    if size > MAX_VARIANTS:
        raise StudyError(f"grid: the study makes {size:,} variants (the base, the grid's "
                         f"product and the named variants); a study holds at most "
                         f"{MAX_VARIANTS:,}", field="grid")
    return spec


def study_schema() -> dict:
    """The JSON Schema of a study spec (``jost schema study``)."""
    return StudySpec.model_json_schema()


def _fair_name(name: str) -> bool:
    """A variant name is a label, never a path: printable, no separator, no leading dot."""
    return name.isprintable() and not name.startswith(".") and not any(
        sep in name for sep in ("/", "\\"))
