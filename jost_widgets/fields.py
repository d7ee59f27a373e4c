"""What the builder's text boxes accept: ramps as people write them.

Pure functions without widgets: ``-99:1, 2:4, 3:8`` or JSON. Numbers are
read by :mod:`jost_engine.numbers` and the default label is decided by
:func:`jost_engine.config.default_label`, so the command line reads and
names things the same way.
"""

from __future__ import annotations

import json
import re

from jost_engine.errors import JostError

RAMP_HINT = ("count:units steps such as '-99:1, 2:4, 3:8, 5:12' (1 unit below +2, 4 from +2, "
             "...) or JSON [[-99, 1], [2, 4]]")
SPOTS_HINT = ("count:spots steps such as '-99:1, 3:2' (one spot below +3, two from +3; "
              "1..3 spots) or JSON [[-99, 1], [3, 2]]; blank: one spot")
_SPREAD = re.compile(r"^\s*\d+(\.\d+)?\s*(-|to|x)\s*\d+(\.\d+)?\s*$")
_STEP = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*[:=]\s*(\d+(?:\.\d+)?)\s*$")

def parse_ramp(text: str, field: str = "betting.ramp", hint: str = RAMP_HINT
               ) -> list[list[float]]:
    """A bet ramp typed as ``count:units`` steps or as JSON pairs.

    ``-99:1, 2:4, 3:8`` (commas, semicolons or spaces between steps) and
    ``[[-99, 1], [2, 4], [3, 8]]`` are the same ramp. A bare spread such as
    ``1-12`` is refused with what is expected, since it does not say at which
    counts the bets rise.

    Raises
    ------
    JostError
        Naming ``field``, with the spellings accepted (``hint``).
    """
    raw = text.strip()
    if raw.startswith("["):
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise JostError(f"{field}: not valid JSON ({exc.msg}); give {hint}") from None
    if _SPREAD.match(raw):
        raise JostError(f"{field}: {raw!r} is a spread, not a ramp: say at which counts the "
                        f"bet rises, as {hint}")
    steps = [s for s in re.split(r"[,;\s]+(?=[-+]?\d)", raw) if s.strip()]
    pairs = []
    for step in steps:
        match = _STEP.match(step)
        if not match:
            raise JostError(f"{field}: cannot read {step.strip()!r}; give {hint}")
        pairs.append([_plain(float(match[1])), _plain(float(match[2]))])
    if not pairs:
        raise JostError(f"{field}: empty; give {hint}")
    return pairs


def parse_spots(text: str) -> list[list[float]]:
    """Spots by count typed as ``count:spots`` steps (``-99:1, 3:2``) or JSON; blank: one spot.

    Read as :func:`parse_ramp` reads a ramp; the config checks the spots (1..3, seats).
    """
    if not text.strip():
        return [[-99, 1]]
    return parse_ramp(text, "betting.spots", SPOTS_HINT)


ERRORS_HINT = ("kind=rate pairs such as 'slip=0.01, bet=0.1, cards_per_miscount=100' (kinds: "
               "slip, missed_index, wrong_index, bet, cards_per_miscount, deck_sd, "
               "deck_sd_per_deck; docs/errors.md) or a JSON object; blank: no errors")


def parse_errors(text: str) -> dict | None:
    """A person's errors typed as ``kind=rate`` pairs or a JSON object; blank: None.

    ``slip=0.01, bet=0.1`` and ``{"slip": 0.01, "bet": 0.1}`` are the same;
    the config checks the kinds and their ranges (``strategy.errors``).

    Raises
    ------
    JostError
        Naming ``strategy.errors``, with the spellings accepted.
    """
    raw = text.strip()
    if not raw:
        return None
    if raw.startswith("{"):
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise JostError(f"strategy.errors: not valid JSON ({exc.msg}); give "
                            f"{ERRORS_HINT}") from None
    return _rate_pairs(raw, "strategy.errors", ERRORS_HINT)


def _rate_pairs(raw: str, field: str, hint: str) -> dict:
    """``kind=rate`` pairs (``slip=0.01, bet=0.1``) as a dict; the config checks the kinds.

    Raises
    ------
    JostError
        Naming ``field``, with the spellings accepted (``hint``).
    """
    out = {}
    for pair in (p for p in re.split(r"[,;]\s*|\s+(?=\w+\s*=)", raw) if p.strip()):
        kind, _, value = pair.partition("=")
        try:
            out[kind.strip()] = _plain(float(value))
        except ValueError:
            raise JostError(f"{field}: cannot read {pair.strip()!r}; give {hint}") from None
    return out


def show_errors(errors: dict | None) -> str:
    """Errors as ``kind=rate`` pairs (the ones made), e.g. ``slip=0.01, bet=0.1``."""
    return ", ".join(f"{k}={v:g}" for k, v in (errors or {}).items() if v)


def _plain(value: float) -> float | int:
    return int(value) if value == int(value) else value


def show_ramp(ramp) -> str:
    """A ramp as ``count:units`` steps, e.g. ``-99:1, 2:4, 3:8``."""
    return ", ".join(f"{_plain(float(tc)):g}:{_plain(float(units)):g}" for tc, units in ramp)


COVER_HINT = ("'parlay -1..1; jump 2; plays 0.25 16vT:hit 12v4:hit' (parlay a win at true "
              "counts -1..+1, bets at most x2 apart, a cover round a quarter of the time) or "
              "JSON {\"parlay\": [-1, 1], ...}; blank: no cover")
OTHERS_HINT = ("'right basic(slip=0.05), counter; left basic' (players dealt before us, then "
               "after us; profiles basic or counter, with play errors slip, missed_index, "
               "wrong_index in brackets) or JSON {\"right\": [...], \"left\": [...]}; "
               "blank: table.players alone, who play the chart")
_OTHER = re.compile(r"\s*([A-Za-z-]+)\s*(?:\(([^()]*)\))?\s*,?")
_PARLAY = re.compile(r"^parlay\s+([-+]?\d+)\s*\.\.\s*([-+]?\d+)$")
_JUMP = re.compile(r"^jump\s+x?(\d+(?:\.\d+)?)$")
_PLAYS = re.compile(r"^plays\s+(\d*\.?\d+)\s+(.+)$")
_CELL = re.compile(r"^(A?\d+)v([2-9TA]):(hit|stand)$", re.IGNORECASE)


def _blank_or_json(raw: str, field: str, hint: str) -> dict | list | None:
    """None for a blank box, else the JSON object (or list) typed in it."""
    if not raw:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise JostError(f"{field}: not valid JSON ({exc.msg}); give {hint}") from None


def parse_cover(text: str) -> dict | None:
    """``betting.cover`` typed as ``parlay A..B; jump X; plays R CELL ...`` or JSON; blank: None.

    A cell is ``HANDvDEALER:ACTION`` (``16vT:hit``, ``A7v2:stand``). The
    config checks the figures (docs/cover.md).

    Raises
    ------
    JostError
        Naming ``betting.cover``, with the spellings accepted.
    """
    raw = text.strip()
    if not raw or raw.startswith("{"):
        return _blank_or_json(raw, "betting.cover", COVER_HINT)
    cover: dict = {}
    for part in (p.strip() for p in raw.split(";") if p.strip()):
        if match := _PARLAY.match(part):
            cover["parlay"] = [int(match[1]), int(match[2])]
        elif match := _JUMP.match(part):
            cover["max_jump"] = _plain(float(match[1]))
        elif match := _PLAYS.match(part):
            cells = [_CELL.match(c) for c in re.split(r"[,\s]+", match[2]) if c]
            if not all(cells):
                raise JostError(f"betting.cover: cannot read the cells of {part!r}; give "
                                f"{COVER_HINT}")
            cover["plays"] = {"rate": float(match[1]), "hands": [
                {"hand": c[1].upper(), "dealer": c[2].upper(), "action": c[3].lower()}
                for c in cells]}
        else:
            raise JostError(f"betting.cover: cannot read {part!r}; give {COVER_HINT}")
    return cover


def show_cover(cover: dict | None) -> str:
    """The text :func:`parse_cover` reads back to ``cover`` ("" for none)."""
    if not cover:
        return ""
    parts = []
    if cover.get("parlay") is not None:
        parts.append("parlay {}..{}".format(*cover["parlay"]))
    if cover.get("max_jump") is not None:
        parts.append(f"jump {cover['max_jump']:g}")
    if cover.get("plays") is not None:
        cells = " ".join(f"{c['hand']}v{c['dealer']}:{c['action']}"
                         for c in cover["plays"]["hands"])
        parts.append(f"plays {cover['plays']['rate']:g} {cells}")
    return "; ".join(parts)


def parse_others(text: str) -> dict | None:
    """``table.others`` typed as ``right basic, counter; left basic`` or JSON; blank: None.

    Raises
    ------
    JostError
        Naming ``table.others``, with the spellings accepted.
    """
    raw = text.strip()
    if not raw or raw.startswith("{"):
        return _blank_or_json(raw, "table.others", OTHERS_HINT)
    others: dict = {}
    for part in (p.strip() for p in raw.split(";") if p.strip()):
        side, _, rest = part.partition(" ")
        if side.lower() not in ("right", "left") or side.lower() in others:
            raise JostError(f"table.others: cannot read {part!r}; give {OTHERS_HINT}")
        others[side.lower()] = _players(rest, part)
    return others


def _players(text: str, part: str) -> list:
    """The seats of one side: ``basic``, or ``basic(slip=0.05)`` for a player who errs."""
    players, pos, text = [], 0, text.rstrip()
    while pos < len(text):
        match = _OTHER.match(text, pos)
        if match is None or match.end() == pos:
            raise JostError(f"table.others: cannot read {part!r}; give {OTHERS_HINT}")
        profile = match[1].lower()
        players.append(profile if match[2] is None else
                       {"profile": profile,
                        **_rate_pairs(match[2], "table.others", OTHERS_HINT)})
        pos = match.end()
    return players


def _show_player(player) -> str:
    if isinstance(player, str):
        return player
    rates = {k: v for k, v in player.items() if k != "profile"}
    return f"{player.get('profile', 'basic')}({show_errors(rates)})"


def show_others(others: dict | None) -> str:
    """The text :func:`parse_others` reads back to ``others`` ("" for none)."""
    if not others:
        return ""
    return "; ".join(f"{side} {', '.join(_show_player(p) for p in others[side])}"
                     for side in ("right", "left") if others.get(side))


SIDE_BETS_HINT = ("'21+3 5-tier; buster bet=5 entry=6' (a bet's name, then a pay table of it, "
                  "a side bet in units and an entry true count, each optional; "
                  "docs/side-bets.md) or a JSON list of side bets; blank: none")
_SIDE_KEYS = {"bet", "entry"}


def side_bets_hint(bets: dict) -> str:
    """:data:`SIDE_BETS_HINT` and each bet's pay tables (default first), from ``bets``.

    Parameters
    ----------
    bets : dict
        The ``bets`` of ``jost_engine/data/side_bets.json``: name -> ``default``
        and ``paytables``.
    """
    tables = "; ".join(
        f"{name}: {', '.join([b['default'], *(t for t in b['paytables'] if t != b['default'])])}"
        for name, b in bets.items())
    return f"{SIDE_BETS_HINT}. The bets and their pay tables, the default first: {tables}"


def parse_side_bets(text: str) -> list[dict]:
    """``side_bets`` typed as ``NAME [TABLE] [bet=U] [entry=TC]`` parts or JSON; blank: [].

    ``21+3 5-tier; buster bet=5 entry=6`` and ``[{"name": "21+3", "paytable":
    "5-tier"}, {"name": "buster", "bet": 5, "entry": 6}]`` are the same; the
    config checks the names, pay tables and figures (a user-defined pay table
    is typed as JSON).

    Raises
    ------
    JostError
        Naming ``side_bets``, with the spellings accepted.
    """
    raw = text.strip()
    if raw.startswith("["):
        return _blank_or_json(raw, "side_bets", SIDE_BETS_HINT)
    bets = []
    for part in (p.strip() for p in raw.split(";") if p.strip()):
        name, *words = part.split()
        spec: dict = {"name": name}
        for word in words:
            key, eq, value = word.partition("=")
            if not eq and len(spec) == 1:  # the word after the name
                spec["paytable"] = word
                continue
            try:
                if key not in _SIDE_KEYS or key in spec:
                    raise ValueError(key)
                spec[key] = _plain(float(value))
            except ValueError:
                raise JostError(f"side_bets: cannot read {word!r} in {part!r}; give "
                                f"{SIDE_BETS_HINT}") from None
        bets.append(spec)
    return bets


def show_side_bets(bets: list | None) -> str:
    """The text :func:`parse_side_bets` reads back to ``bets`` ("" for none); JSON when a
    pay table is user-defined (an object), which the short form cannot say."""
    if not bets:
        return ""
    if any(isinstance(b.get("paytable"), dict) for b in bets):
        return json.dumps(bets)
    parts = []
    for b in bets:
        words = [b["name"], *([b["paytable"]] if b.get("paytable") else [])]
        words += [f"{k}={b[k]:g}" for k in ("bet", "entry")
                  if b.get(k) is not None and (k, b[k]) != ("bet", 1)]
        parts.append(" ".join(words))
    return "; ".join(parts)
