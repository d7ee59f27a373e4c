"""The one formatter: every figure a person reads is written here, with digits that follow
its uncertainty.

Digits rule: the standard error to two significant digits, the value to the
same decimal (``0.007795 ± 0.001097`` -> ``+0.78 % ± 0.11 %``). Figures that
are not symmetric (risk of ruin, N0, trip risk) are followed by their range,
the figure at EV ± 1 SE, to the first significant digit of the nearer end's
distance, whole percents at least (``35 % (from 29 % to 42 % at ± 1 SE)``).
A missing figure says why (``n/a (needs a positive EV)``). Tables state
:data:`SE_NOTE` once.
"""

from __future__ import annotations

import math

from . import labels
from .estimates import Estimate

SE_NOTE = "± is one standard error"
RANGE_NOTE = "ranges are the figure at EV ± 1 SE"
NA = labels.NA
money = labels.money

_PERCENTS = (labels.PERCENT, labels.SIGNED_PERCENT)
_SIGNED = (labels.SIGNED_PERCENT, labels.SIGNED_UNITS)


def kind(key: str) -> str:
    """The format kind of a figure (``percent``, ``units``, ``count``...)."""
    field = labels.FIELDS.get(key)
    return field.kind if field else labels.NUMBER


def places(se: float | None) -> int | None:
    """Decimals that show ``se`` to two significant digits (negative: round to tens, ...).

    None for a missing, zero or infinite SE.
    """
    if se is None or not math.isfinite(se) or se <= 0:
        return None
    return min(10, 1 - math.floor(math.log10(se)))


def _range_places(e: Estimate, scale: float) -> int | None:
    """Decimals of a range: the first significant digit of the nearer end's distance from
    the value (the lower end's when there is no upper end), and at least two significant
    digits of the smaller end (so a wide range never shows an end of 0 that is not 0);
    percentages keep at least whole percents."""
    if e.value is None or e.low is None:
        return None
    sides = [abs(e.value - e.low)] + ([abs(e.high - e.value)] if e.high is not None else [])
    near = min(sides) * scale
    if near <= 0 and e.high is not None:
        near = abs(e.high - e.low) * scale / 2
    if near <= 0:
        return None
    digits = min(10, -math.floor(math.log10(near)))
    ends = [abs(x) * scale for x in (e.low, e.high) if x is not None and x != 0]
    if ends:
        digits = max(digits, min(10, 1 - math.floor(math.log10(min(ends)))))
    return max(digits, 0) if kind(e.key) in _PERCENTS else digits


def _fixed(x: float, digits: int, signed: bool = False) -> str:
    """``x`` to ``digits`` decimals, thousands separated; negative digits round to 10s, 100s."""
    sign = "+" if signed else ""
    if digits >= 0:
        text = f"{x:{sign},.{digits}f}"
    else:
        text = f"{round(x, digits):{sign},.0f}"
    return text


def _default_places(k: str, shown: float) -> int:
    """Decimals of a value without an SE, by kind."""
    if k == labels.COUNT:
        return 0
    if k in _PERCENTS:
        return 2 if k == labels.SIGNED_PERCENT else 1
    if k in (labels.UNITS, labels.SIGNED_UNITS):
        return 2 if abs(shown) < 100 else 0
    if shown == 0 or float(shown).is_integer():
        return 0
    return max(0, 2 - math.floor(math.log10(abs(shown))))


def _scale(key: str) -> tuple[float, str]:
    """The factor and suffix a figure is shown with (percentages: 100 and `` %``)."""
    return (100.0, " %") if kind(key) in _PERCENTS else (1.0, "")


def _money_text(x: float, digits: int, signed: bool) -> str:
    digits = max(digits, 0)
    sign = "-" if x < 0 else ("+" if signed else "")
    return f"{sign}{labels.CURRENCY}{abs(x):,.{digits}f}"


def value(key: str, value, se: float | None = None, signed: bool | None = None,
          unit_money: float | None = None) -> str:
    """A figure alone, to the decimals its SE supports (the digits rule without the ``±``).

    Parameters
    ----------
    key : str
        The figure's key (:data:`jost_engine.analysis.labels.FIELDS`).
    value : float or None
    se : float, optional
        Its standard error on the value's scale (a fraction for percentages).
    signed : bool, optional
        Show ``+`` on positive values; by default as the figure's kind says.
    unit_money : float, optional
        Money per unit: the figure (in units) is written in the currency.
    """
    if value is None or not isinstance(value, int | float) or not math.isfinite(value):
        return NA
    k = kind(key)
    signed = (k in _SIGNED) if signed is None else signed
    if k == labels.MONEY:
        return money(value)
    if unit_money is not None:
        x = value * unit_money
        s = None if se is None else se * unit_money
        digits = places(s)
        return _money_text(x, _default_money(x) if digits is None else digits, signed)
    factor, suffix = _scale(key)
    shown = factor * value
    digits = places(None if se is None else factor * se)
    if digits is None:
        # an exact percentage (SE 0) keeps three decimals, as exact analysis quotes them
        digits = 3 if se == 0 and k in _PERCENTS else _default_places(k, shown)
    return _fixed(shown, digits, signed) + suffix


def significant(key: str, value, digits: int = 4) -> str:
    """An exact figure (no SE: computed, not sampled) to ``digits`` significant digits.

    Parameters
    ----------
    key : str
        The figure's key (:data:`jost_engine.analysis.labels.FIELDS`): its kind
        gives the scale and the sign (``1.332``, ``0.4893``, ``-0.4056 %``).
    value : float or None
    digits : int
        Significant digits shown.
    """
    if value is None or not isinstance(value, int | float) or not math.isfinite(value):
        return NA
    factor, suffix = _scale(key)
    shown = factor * value
    decimals = 0 if shown == 0 else max(0, digits - 1 - math.floor(math.log10(abs(shown))))
    return _fixed(shown, decimals, kind(key) in _SIGNED) + suffix


def _default_money(x: float) -> int:
    return 0 if abs(x) >= 100 or float(x).is_integer() else 2


def se_text(key: str, se: float, unit_money: float | None = None) -> str:
    """A standard error alone, to two significant digits: ``0.11 %``, ``7.7``, ``$2.74``."""
    if unit_money is not None:
        s = se * unit_money
        return _money_text(s, places(s) or 0, False)
    factor, suffix = _scale(key)
    digits = places(factor * se)
    return _fixed(factor * se, 0 if digits is None else digits) + suffix


def range_text(e: Estimate, unit_money: float | None = None) -> str:
    """The ± 1 SE range of an asymmetric figure: ``from 29 % to 42 % at ± 1 SE``."""
    factor, suffix = _scale(e.key)
    scale = unit_money or factor
    digits = _range_places(e, scale)
    if e.high is None:
        return f"at least {_range_end(e, e.low, digits, unit_money)} at ± 1 SE, no upper end"
    return (f"from {_range_end(e, e.low, digits, unit_money)} to "
            f"{_range_end(e, e.high, digits, unit_money)} at ± 1 SE")


def _range_end(e: Estimate, x: float, digits: int | None, unit_money: float | None) -> str:
    factor, suffix = _scale(e.key)
    if digits is None:
        return value(e.key, x, signed=False, unit_money=unit_money)
    if unit_money is not None:
        return _money_text(x * unit_money, digits, False)
    return _fixed(factor * x, digits) + suffix


def _value_of(e: Estimate, unit_money: float | None, signed: bool | None) -> str:
    if e.ranged:
        factor = unit_money or _scale(e.key)[0]
        digits = _range_places(e, factor)
        if digits is not None:
            if unit_money is not None:
                return _money_text(e.value * unit_money, digits, bool(signed))
            sign = (kind(e.key) in _SIGNED) if signed is None else signed
            return _fixed(factor * e.value, digits, sign) + _scale(e.key)[1]
    return value(e.key, e.value, e.se, signed, unit_money)


def uncertainty(e: Estimate, unit_money: float | None = None) -> str:
    """What follows a figure: ``± 0.11 %``, ``from 29 % to 42 % at ± 1 SE``, or words."""
    if e.value is None:
        return ""
    if e.ranged:
        return range_text(e, unit_money)
    if e.se is not None and e.se > 0 and math.isfinite(e.se):
        return "± " + se_text(e.key, e.se, unit_money)
    if e.se == 0:
        return ""
    return f"no SE: {e.why}" if e.why else ""


def estimate(e: Estimate, unit_money: float | None = None, signed: bool | None = None) -> str:
    """A figure with its uncertainty in one string.

    Examples: ``+0.78 % ± 0.11 %``, ``52.9 ± 7.7``, ``35 % (from 29 % to 42 %
    at ± 1 SE)``, ``+$19.49 ± $2.74`` (with ``unit_money``), ``n/a (needs a
    positive EV)``.
    """
    if e.value is None:
        return f"{NA} ({e.why})" if e.why else NA
    text = _value_of(e, unit_money, signed)
    extra = uncertainty(e, unit_money)
    if not extra:
        return text
    return f"{text} {extra}" if extra.startswith("±") else f"{text} ({extra})"


def line(e: Estimate, unit_money: float | None = None) -> str:
    """``name: estimate``, the name with its conditions (``risk of ruin, lifetime, ...``)."""
    return f"{e.name}: {estimate(e, unit_money)}"


def with_money(e: Estimate, unit_money: float | None) -> str:
    """The estimate in units, then in money in brackets when it is a money figure."""
    text = estimate(e)
    field = labels.FIELDS.get(e.key)
    if unit_money and unit_money != 1 and field and field.money and e.value is not None:
        text += f" ({estimate(e, unit_money)})"
    return text


def to_json(figures: dict) -> dict:
    """Estimates as plain JSON, plus ``text``: the string every view shows."""
    return {k: {**e.to_dict(), "text": estimate(e)} for k, e in figures.items()}
