"""ccxt's `safe_ticker`, exactly, for the fields a DigiFinex spot ticker has.

`Exchange.safe_ticker` derives open, change, average and vwap with `Precise` string
arithmetic; building a Precise object, and a string, for every step is most of the
cost of parsing 1,000 tickers. This module runs the same steps on (integer,
decimals) pairs: the same truncating division, the same trailing-zero reduction
between steps (what Precise's str() and re-parse do), so every number is the one
ccxt's code would produce. int/int true division is correctly rounded, as is float()
of the decimal string ccxt builds, so the floats are identical too.

`derive` answers None for anything it does not reproduce (text it cannot parse);
callers then use ccxt's own safe_ticker.
"""

from __future__ import annotations

from typing import Any

_POW10 = [10**i for i in range(64)]


def _pow10(n: int) -> int:
    return _POW10[n] if n < 64 else 10**n


def _text(value: Any) -> str | None:
    """ccxt's safe_string of one value."""
    t = type(value)
    if t is str:
        return value if value != "" else None
    if t is float or t is int:
        return str(value)
    return None


def _omit_zero(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return None if float(text) == 0 else text
    except ValueError:
        return text


def _parse(text: str) -> tuple[int, int]:
    """Precise(text): (integer, decimals)."""
    modifier = 0
    if "e" in text or "E" in text:
        text, exponent = text.lower().split("e")
        modifier = int(exponent)
    index = text.find(".")
    if index > -1:
        return int(text.replace(".", "")), len(text) - index - 1 - modifier
    return int(text), -modifier


def _reduce(integer: int, decimals: int) -> tuple[int, int]:
    """str(Precise) then Precise(str): trailing zeros dropped, never below 0 decimals."""
    if integer == 0:
        return 0, 0
    if decimals <= 0:
        return integer * _pow10(-decimals), 0
    while decimals > 0 and integer % 10 == 0:
        integer //= 10
        decimals -= 1
    return integer, decimals


def _add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    (ai, ad), (bi, bd) = a, b
    if ad == bd:
        return _reduce(ai + bi, ad)
    if ad > bd:
        return _reduce(ai + bi * _pow10(ad - bd), ad)
    return _reduce(ai * _pow10(bd - ad) + bi, bd)


def _neg(a: tuple[int, int]) -> tuple[int, int]:
    return -a[0], a[1]


def _mul(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return _reduce(a[0] * b[0], a[1] + b[1])


def _div(a: tuple[int, int], b: tuple[int, int], precision: int = 18) -> tuple[int, int] | None:
    """Precise.string_div: None for a zero divisor, truncation as Precise.div does it."""
    if b[0] == 0:
        return None
    distance = precision - a[1] + b[1]
    if distance == 0:
        numerator = a[0]
    elif distance < 0:
        numerator = a[0] // _pow10(-distance)
    else:
        numerator = a[0] * _pow10(distance)
    result, mod = divmod(numerator, b[0])
    if result < 0 and mod:
        result += 1
    return _reduce(result, precision)


def _float(a: tuple[int, int] | None) -> float | None:
    if a is None:
        return None
    integer, decimals = a
    if decimals > 0:
        return integer / _pow10(decimals)  # int / int is correctly rounded
    return float(integer * _pow10(-decimals))


_ONE = (1, 0)
_HUNDRED = (100, 0)
_TWO = (2, 0)


def derive(
    last: Any, percentage: Any, base_volume: Any, quote_volume: Any, price_precision: int | None
) -> tuple[float | None, ...] | None:
    """(close, open, change, percentage, average, vwap) as safe_ticker returns them for
    a ticker with close/last, percentage and volumes given and open, change, average
    and vwap absent; None when the text is not something this reproduces."""
    try:
        close_text = _omit_zero(_text(last))
        pct_text = _omit_zero(_text(percentage))
        base_text = _text(base_volume)
        quote_text = _omit_zero(_text(quote_volume))
        vwap = None
        if quote_text is not None and base_text is not None:
            vwap = _div(_parse(quote_text), _parse(base_text))
        close = _parse(close_text) if close_text is not None else None
        pct = _parse(pct_text) if pct_text is not None else None
        open_ = change = average = None
        if pct is not None:
            pct_ratio = _div(pct, _HUNDRED)
            if close is not None:
                assert pct_ratio is not None
                open_ = _div(close, _add(_ONE, pct_ratio))
            if open_ is not None and close is not None:
                change = _add(close, _neg(open_))
            elif close is not None:
                change = _mul(pct_ratio, _div(close, _HUNDRED))  # type: ignore[arg-type]
        if open_ is not None and close is not None:
            average = _div(_add(open_, close), _TWO, 18 if price_precision is None else price_precision)
        close_float = _float(close)
        open_float = _float(open_)
        return (
            close_float if close_float != 0 else None,
            open_float if open_float != 0 else None,
            _float(change),
            _float(pct),
            _float(average),
            _float(vwap),
        )
    except (ValueError, TypeError, AssertionError):
        return None


def number(value: Any, omit_zero: bool = False) -> float | None:
    """parse_number(safe_string(value)), with omit_zero first when asked, as floats."""
    t = type(value)
    if t is float:
        result = value
    elif t is int:
        result = float(value)
    else:
        text = _text(value)
        if text is None:
            return None
        try:
            result = float(text)
        except ValueError:
            return None
    if omit_zero and result == 0:
        return None
    return result  # type: ignore[no-any-return]
