"""The baccarat config: pydantic models, validation to plain JSON, and its JSON Schema.

A config (docs/plugins.md)::

    {"simulation_type": "baccarat", "label": "8-deck punto banco",
     "rules": {"decks": 8, "penetration": 0.9, "burn": true, "variant": "punto_banco",
               "commission": 0.05, "tie_pays": 8, "dragon7_pays": 40, "panda8_pays": 25},
     "bet": "banker",
     "counters": [{"bet": "dragon7", "tags": "dragon7-jacobson", "entry": 4}],
     "run": {"rounds": 1000000, "seed": 1, "chunk_rounds": 500000, "rounds_per_hour": 80}}

Only ``rules`` and ``run`` are needed; a bad field is refused in one line
naming its path and what it allows (``rules.decks: must be between 1 and 8,
got 0``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jost_engine.errors import ConfigError
from jost_engine.messages import error_messages

from .rules import BETS, DEFAULT_COUNTERS, TAGS

TYPE = "baccarat"
MAX_COUNTERS = 4
Tag = Annotated[int, Field(ge=-20, le=20)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class Rules(_Strict):
    """The table's rules."""

    decks: int = Field(8, ge=1, le=8, description="decks in the shoe")
    penetration: float = Field(0.9, ge=0.1, le=0.95,
                               description="share of the shoe dealt before the shuffle")
    burn: bool = Field(True, description="turn the first card and burn its value in cards "
                                         "(faces 10) at each shoe; the turned card is seen")
    variant: Literal["punto_banco", "ez"] = Field(
        "punto_banco", description="punto_banco: the banker bet pays 1 less the commission; "
                                   "ez: no commission, a banker win with a three-card 7 pushes")
    commission: float = Field(0.05, ge=0.0, le=0.25,
                              description="commission on banker wins (punto_banco) [share]")
    tie_pays: float = Field(8.0, ge=1.0, le=100.0, description="tie pays this to 1")
    dragon7_pays: float = Field(40.0, ge=1.0, le=1000.0,
                                description="Dragon 7 pays this to 1")
    panda8_pays: float = Field(25.0, ge=1.0, le=1000.0, description="Panda 8 pays this to 1")


class Counter(_Strict):
    """A side-bet counter: tags, and the true count at or above which it bets."""

    bet: Literal[BETS] = Field(description="the bet it places")  # type: ignore[valid-type]
    tags: str | list[Tag] = Field(
        description="a published tag set by name, or ten tags in rank order A, 2, ..., 9, ten")
    entry: float = Field(ge=-50.0, le=50.0,
                         description="bet at or above this true count (running count per "
                                     "deck left in the shoe)")


    @field_validator("tags")
    @classmethod
    def _known_tags(cls, tags):
        if isinstance(tags, str) and tags not in TAGS:
            raise ValueError(f"must be one of {', '.join(TAGS)} or a list of ten tags")
        if isinstance(tags, list) and len(tags) != 10:
            raise ValueError(f"must be ten tags (A, 2, ..., 9, ten), got {len(tags)}")
        return tags


class Run(_Strict):
    """How much to play and how to cut it."""

    rounds: int = Field(ge=1, le=10**12)
    seed: int = Field(1, ge=0, le=2**63 - 1)
    chunk_rounds: int = Field(1_000_000, ge=1_000, le=10**10)
    rounds_per_hour: float = Field(80.0, gt=0, le=10_000.0)


class BaccaratConfig(_Strict):
    """A complete baccarat config."""

    schema_version: Literal[1] = 1
    simulation_type: Literal["baccarat"] = TYPE
    label: str | None = Field(None, max_length=200)
    rules: Rules
    bet: Literal[BETS] = Field(  # type: ignore[valid-type]
        "banker", description="the bet whose figures head the summary and a study's table")
    counters: list[Counter] = Field(
        default_factory=lambda: [Counter(**c) for c in DEFAULT_COUNTERS],
        max_length=MAX_COUNTERS)
    run: Run


def default_label(rules: dict) -> str:
    """``8-deck punto banco, 90 % dealt`` (or ``... EZ ...``)."""
    kind = "EZ baccarat" if rules["variant"] == "ez" else "punto banco"
    return f"{rules['decks']}-deck {kind}, {rules['penetration'] * 100:g} % dealt"


def validate(config) -> dict:
    """A config checked and completed, as plain JSON data.

    Raises
    ------
    ConfigError
        One line naming each bad field and what it allows.
    """
    if not isinstance(config, dict):
        raise ConfigError(f"config: a baccarat config must be a JSON object, got "
                          f"{type(config).__name__}")
    try:
        model = BaccaratConfig.model_validate(config)
    except ValidationError as exc:
        errors = exc.errors()
        raise ConfigError("; ".join(error_messages(errors, BaccaratConfig)),
                          ".".join(str(p) for p in errors[0]["loc"])) from None
    data = model.model_dump(mode="json")
    data["label"] = data["label"] or default_label(data["rules"])
    return data


def schema() -> dict:
    """The JSON Schema of a baccarat config."""
    return BaccaratConfig.model_json_schema()
