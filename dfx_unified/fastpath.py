"""ccxt's generic helpers (safe_ticker, safe_trade, safe_order, parse_number,
iso8601), exactly, for the values DigiFinex rows carry.

`Exchange.safe_ticker` (and safe_trade/safe_order) derives open, change, average and vwap with `Precise` string
arithmetic; building a Precise object, and a string, for every step is most of the
cost of parsing 1,000 tickers. This module runs the same steps on (integer,
decimals) pairs: the same truncating division, the same trailing-zero reduction
between steps (what Precise's str() and re-parse do), so every number is the one
ccxt's code would produce. int/int true division is correctly rounded, as is float()
of the decimal string ccxt builds, so the floats are identical too.

Every builder answers None for anything it does not reproduce (text it cannot
parse, market shapes it does not model); callers then use ccxt's own helper.
"""

from __future__ import annotations

import decimal
import time
from typing import Any

from ccxt.base.exchange import Exchange

Decimal = tuple[int, int]  # (integer, decimals): the value integer / 10**decimals, as Precise holds it

_POW10 = [10**i for i in range(64)]


def _pow10(n: int) -> int:
    return _POW10[n] if n < 64 else 10**n


def text(value: Any) -> str | None:
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


def _parse(text: str) -> Decimal:
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
    if integer % 10:
        return integer, decimals
    # a quotient at 18 decimals has a dozen zeros: count them in one pass of its text
    # (a ValueError past Python's int-to-text limit sends the caller to ccxt's own)
    digits = str(integer)
    zeros = min(len(digits) - len(digits.rstrip("0")), decimals)
    return integer // _pow10(zeros), decimals - zeros


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


def _given(value: Any, omit_zero: bool = False) -> str | None:
    """safe_string of a value (omit_zero'd when asked); a float's text is its repr,
    zero exactly when it equals 0 (what float(text) == 0 tests)."""
    if type(value) is float:
        return None if omit_zero and value == 0 else repr(value)
    return _omit_zero(text(value)) if omit_zero else text(value)


def _percent_ratio(pct: Decimal) -> Decimal | None:
    """Precise.string_div(pct, '100'): a shift by two places while that fits the 18
    decimals (no truncation then), the general division otherwise."""
    if 0 <= pct[1] <= 16:
        return _reduce(pct[0], pct[1] + 2)
    return _div(pct, _HUNDRED)


def derive(
    last: Any, percentage: Any, base_volume: Any, quote_volume: Any, price_precision: int | None
) -> tuple[float | None, ...] | None:
    """(close, open, change, percentage, average, vwap) as safe_ticker returns them for
    a ticker with close/last, percentage and volumes given and open, change, average
    and vwap absent; None when the text is not something this reproduces."""
    try:
        close_text = _given(last, True)
        pct_text = _given(percentage, True)
        base_text = _given(base_volume)
        quote_text = _given(quote_volume, True)
        vwap = None
        if quote_text is not None and base_text is not None:
            vwap = _div(_parse(quote_text), _parse(base_text))
        close = _parse(close_text) if close_text is not None else None
        pct = _parse(pct_text) if pct_text is not None else None
        open_ = change = average = None
        if pct is not None:
            pct_ratio = _percent_ratio(pct)
            if close is not None:
                assert pct_ratio is not None
                open_ = _div(close, _add(_ONE, pct_ratio))
            if open_ is not None and close is not None:
                change = _add(close, _neg(open_))
            elif close is not None:
                change = _mul(pct_ratio, _div(close, _HUNDRED))  # type: ignore[arg-type]
        if open_ is not None and close is not None:
            average = _div(_add(open_, close), _TWO, 18 if price_precision is None else price_precision)
        # a float's repr parses back to the float itself: no conversion needed
        close_float = last if close is not None and type(last) is float else _float(close)
        pct_float = percentage if pct is not None and type(percentage) is float else _float(pct)
        open_float = _float(open_)
        return (
            close_float if close_float != 0 else None,
            open_float if open_float != 0 else None,
            _float(change),
            pct_float,
            _float(average),
            _float(vwap),
        )
    except (ValueError, TypeError, AssertionError, OverflowError):  # out of float range too
        return None


def number(value: Any, omit_zero: bool = False) -> float | None:
    """parse_number(safe_string(value)), with omit_zero first when asked, as floats."""
    t = type(value)
    if t is float:
        result = value
    elif t is int:
        result = float(value)
    else:
        value_text = text(value)
        if value_text is None:
            return None
        try:
            result = float(value_text)
        except ValueError:
            return None
    if omit_zero and result == 0:
        return None
    return result  # type: ignore[no-any-return]


# parsed texts: one order row's amount/filled/price are each read two or three
# times, and values like '0' recur across rows. Bounded: cleared when full.
_DECIMALS: dict[str, Decimal] = {}
_DECIMALS_MAX = 8192


def _decimal(text: str) -> Decimal:
    """_parse, memoised, with the plain-decimal case inlined (no exponent)."""
    value = _DECIMALS.get(text)
    if value is not None:
        return value
    if "e" in text or "E" in text or "." not in text:
        value = _parse(text)
    else:
        index = text.find(".")
        value = int(text.replace(".", "")), len(text) - index - 1
    if len(_DECIMALS) >= _DECIMALS_MAX:
        _DECIMALS.clear()
    _DECIMALS[text] = value
    return value


# The product of two float reprs (17 significant digits at most each) has at most 34
# digits: in an 80-digit context decimal's multiply is exact, like Precise's.
_EXACT = decimal.Context(prec=80)
_exact_multiply = _EXACT.multiply
_ExactDecimal = decimal.Decimal


def float_product(x: float, y: float) -> float:
    """float(Precise.string_mul(str(x), str(y))) for finite floats x and y.

    Both multiply the same exact decimals (a float's str is its repr), and float() of
    either exact result is correctly rounded, so the bits agree; out of float range
    both give inf. Precise has no negative zero, hence the exact zero's 0.0."""
    product = _exact_multiply(_ExactDecimal(repr(x)), _ExactDecimal(repr(y)))
    return float(product) if product else 0.0


def trade_numbers(price: Any, amount: Any) -> tuple[float | None, float | None, float | None]:
    """safe_trade's (price, amount, cost) for safe_string'd price and amount and no
    cost: cost = parse_number(Precise.string_mul(price, amount)). ValueError where
    Precise would raise, OverflowError where the product leaves float range.

    The product's value does not depend on how Precise's str() trims zeros, so it is
    converted unreduced: int / 10**d is correctly rounded, as float() of its text is.
    """
    # what json.loads gives; x - x == 0 only for finite x (Precise refuses inf/nan)
    if type(price) is float and type(amount) is float and price - price == amount - amount == 0:
        return price, amount, float_product(price, amount)
    p_text = text(price)
    a_text = text(amount)
    cost = None
    if p_text is not None and a_text is not None:
        cost = _float(_mul(_decimal(p_text), _decimal(a_text)))
    return number(price), number(amount), cost


def safe_timestamp(value: Any) -> int | None:
    """Exchange.safe_timestamp of one value: int(float(v) * 1000), None on any failure."""
    try:
        return int(float(value) * 1000)
    except Exception:
        return None


# 10000-01-01T00:00:00Z in ms: ccxt's datetime arithmetic stops at year 9999
_ISO_END = 253402300800000
_gmtime = time.gmtime
# zero-padded texts by index: indexing is cheaper than formatting each field
_TWO_DIGITS = [f"{i:02d}" for i in range(100)]
_THREE_DIGITS = [f"{i:03d}" for i in range(1000)]


def iso8601(timestamp: Any) -> str | None:
    """Exchange.iso8601: the same text from time.gmtime for int milliseconds in
    0..year 9999 (what ccxt formats; it answers None outside), ccxt's own otherwise.
    Years there are 1970..9999, four digits without padding."""
    if type(timestamp) is int and 0 <= timestamp < _ISO_END:
        seconds, milliseconds = divmod(timestamp, 1000)
        year, month, day, hour, minute, second = _gmtime(seconds)[:6]
        two = _TWO_DIGITS
        return f"{year}-{two[month]}-{two[day]}T{two[hour]}:{two[minute]}:{two[second]}.{_THREE_DIGITS[milliseconds]}Z"
    return Exchange.iso8601(timestamp)  # type: ignore[no-any-return]


class Iso8601Memo(dict[Any, "str | None"]):
    """iso8601 by timestamp for the rows of one answer, which share a handful of
    times (trades three to a second): made per call, so nothing outlives it."""

    def __missing__(self, timestamp: Any) -> str | None:
        text = self[timestamp] = iso8601(timestamp)
        return text


def clear_caches() -> None:
    """Forget memoised texts (benchmarks time cold parses with this)."""
    _DECIMALS.clear()


def order_book_side(levels: Any) -> list[list[float]] | None:
    """parse_order_book_bids_asks for [price, amount] pairs: [safe_float, safe_float]
    (safe_integer of the missing third item is None, so nothing is appended).
    None when a level is not a two-item list of values float() takes."""
    if type(levels) is not list:
        return None
    # map(type) runs in C; a dict or set level would unpack differently from ccxt's [0]
    if set(map(type, levels)) - _LIST:
        return None
    try:
        return [[float(p), float(a)] for p, a in levels]
    except (ValueError, TypeError):  # not two items, or float() refuses: safe_float's None
        return None


_LIST = frozenset((list,))


def candle(row: Any) -> list[Any] | None:
    """The unified candle of a /kline row [time (s), volume, close, high, low, open]:
    [safe_timestamp(0), safe_number(5), safe_number(3), safe_number(4),
    safe_number(2), safe_number(1)]; None when the row is not a list of six."""
    if type(row) is not list or len(row) != 6:
        return None
    t, v, c, h, lo, o = row
    return [safe_timestamp(t), number(o), number(h), number(lo), number(c), number(v)]


def is_zero(value: str) -> bool:
    """Precise.string_eq(value, '0'); ValueError where Precise would raise."""
    return _decimal(value)[0] == 0


def product(a: str, b: str) -> Decimal:
    """Precise.string_mul(a, b), as the Decimal its string parses back to."""
    return _mul(_decimal(a), _decimal(b))


def difference(a: str, b: str) -> Decimal:
    """Precise.string_sub(a, b), as the Decimal its string parses back to."""
    return _add(_decimal(a), _neg(_decimal(b)))


Field = str | Decimal | None  # input text, or a Precise result held as its Decimal


def _field(value: Field, omit_zero: bool = False) -> tuple[str | None, Decimal | None]:
    """(text, value) of what safe_order reads: the text while it is the input string
    (parse_number is then float(text)), None for a Precise result (whose float(str())
    is int / 10**d, both correctly rounded). omit_zero is float()-based in ccxt."""
    if value is None:
        return None, None
    if type(value) is tuple:
        if omit_zero and _float(value) == 0:
            return None, None
        return None, value
    if omit_zero:
        value = _omit_zero(value)  # type: ignore[arg-type]
        if value is None:
            return None, None
    return value, _decimal(value)  # type: ignore[arg-type, return-value]


def order_numbers(
    amount: Field,
    remaining: Field,
    filled: Field,
    cost: Field,
    average: Field,
    price: Field,
    status: str | None,
    order_type: str | None,
) -> tuple[float | None, ...]:
    """safe_order's number derivation for an order with no trades, no fees and a
    linear market of contract size 1 (every spot/margin market):
    (price, amount, cost, average, filled, remaining) as floats.

    Raises ValueError/OverflowError where Precise or the conversion would go another
    way (text it cannot parse, out of float range): the caller runs safe_order itself.
    """
    amount_t, a = _field(amount, True)
    remaining_t, r = _field(remaining)
    filled_t, f = _field(filled)
    cost_t, c = _field(cost)
    average_t, avg = _field(average, True)
    price_t, p = _field(price, True)
    parse_cost = c is None
    # each branch below is safe_order's; a derived value loses its text
    if a is None:
        if f is not None and r is not None:
            a, amount_t = _add(f, r), None
        elif status == "closed":
            a, amount_t = f, filled_t
    if f is None:
        if a is not None and r is not None:
            f, filled_t = _add(a, _neg(r)), None
        elif status == "closed" and a is not None:
            f, filled_t = a, amount_t
    if r is None:
        if a is not None and f is not None:
            r, remaining_t = _add(a, _neg(f)), None
        elif status == "closed":
            r, remaining_t = (0, 0), "0"
    # contractSize '1': filled * 1 is a Precise step too (it only reduces)
    if avg is None and f is not None and c is not None and f[0] > 0:
        avg, average_t = _div(c, _mul(f, _ONE)), None
    if parse_cost and f is not None and (avg is not None or p is not None):
        c, cost_t = _mul(_mul(f, _ONE), avg if avg is not None else p), None  # type: ignore[arg-type]
    if (p is None or p[0] == 0) and order_type == "market":
        p, price_t = avg, average_t
    return (
        _field_float(price_t, p),
        _field_float(amount_t, a),
        _field_float(cost_t, c),
        _field_float(average_t, avg),
        _field_float(filled_t, f),
        _field_float(remaining_t, r),
    )


def _field_float(text: str | None, value: Decimal | None) -> float | None:
    if value is None:
        return None
    if text is not None:
        return float(text)
    return _float(value)
