"""Each fast builder against ccxt's generic helper on the same rows: random and edge
values (zeros, '', None, ints, floats, strings, scientific notation, text Precise
refuses). The generic result is what the method gives with the fast path switched
off on the instance; both must agree exactly (repr: values, float bits, key order),
or both raise the same error. Deterministic seeds."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from ccxt.base.exchange import Exchange

import dfx_unified
from dfx_unified import fastpath

ROWS = 400
EDGE: tuple[Any, ...] = (
    None, "", 0, 0.0, -0.0, "0", "0.0", "0.000", "-0", "00.10", 1, -1, 10**20, 1e-7, 1e22, 5e-324,
    "1e-7", "2E3", "1.5e+2", "-3.25e-4", "1e400", "abc", "inf", "nan", True, " 1.5", "1_000", "7.", ".5",
)


def _value(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(EDGE)
    digits = rng.randint(0, 9)
    number = round(rng.uniform(-1, 1) * 10 ** rng.uniform(-6, 7), digits)
    if roll < 0.5:
        return number
    if roll < 0.6:
        return int(number)
    if roll < 0.7:
        return f"{number:.{rng.randint(1, 12)}e}"
    return str(number) if rng.random() < 0.5 else f"{abs(number):.{digits}f}"


def _positive(rng: random.Random) -> Any:
    value = _value(rng)
    if isinstance(value, float) and rng.random() < 0.7:
        return abs(value)
    return value


def _outcome(fn: Callable[[], Any]) -> str:
    try:
        return repr(fn())
    except Exception as error:  # the generic helper's error is part of its behaviour
        return f"raises {type(error).__name__}"


@pytest.fixture
def ex() -> Any:
    exchange = dfx_unified.digifinex()
    exchange.set_markets(
        [
            {"id": "BTC_USDT", "symbol": "BTC/USDT", "base": "BTC", "quote": "USDT", "baseId": "BTC", "quoteId": "USDT",
             "type": "spot", "spot": True, "lowercaseId": "btc_usdt", "precision": {"amount": 0.0001, "price": 0.01}},
        ]
    )
    yield exchange
    exchange.close()


def _both(ex: Any, switch: str, fn: Callable[[], Any]) -> tuple[str, str]:
    fast = _outcome(fn)
    setattr(ex, switch, lambda *args, **kwargs: None)  # the fast builder declines: generic path
    try:
        generic = _outcome(fn)
    finally:
        delattr(ex, switch)
    return fast, generic


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_public_trade_equals_safe_trade(ex: Any, seed: int) -> None:
    rng = random.Random(seed)
    market = ex.market("BTC/USDT")
    for _ in range(ROWS):
        row = {"date": rng.choice((1589874294, 1589874294.5, "1589874294")), "id": rng.choice((1, "7", None)),
               "type": rng.choice(("buy", "sell", None, "")), "price": _positive(rng), "amount": _positive(rng)}
        for m in (market, None):
            fast, generic = _both(ex, "_fast_public_trade", lambda m=m, row=row: ex.parse_trade(dict(row), m))  # type: ignore[misc]
            assert fast == generic, row


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_order_equals_safe_order(ex: Any, seed: int) -> None:
    rng = random.Random(seed)
    types = ("buy", "sell", "buy_market", "sell_market", "buy_limit_maker", "", None, "odd")
    for _ in range(ROWS):
        row = {
            "symbol": rng.choice(("BTC_USDT", "btc_usdt", "ZZZ_USDT", None)),
            "order_id": rng.choice(("abc", 12, None)),
            "created_date": rng.choice((1589874294, 0, "1589874294", None, 1589874294.25)),
            "finished_date": rng.choice((0, 1589874300, None, "0")),
            "price": _positive(rng),
            "amount": _positive(rng),
            "cash_amount": rng.choice((0, _positive(rng))),
            "executed_amount": rng.choice((0, "0", _positive(rng))),
            "avg_price": rng.choice((0, _positive(rng))),
            "status": rng.choice((0, 1, 2, 3, 4, "1", None)),
            "type": rng.choice(types),
        }
        fast, generic = _both(ex, "_fast_order", lambda row=row: ex.parse_order(dict(row)))  # type: ignore[misc]
        assert fast == generic, row


@pytest.mark.parametrize("seed", [1, 2])
def test_ticker_equals_safe_ticker(ex: Any, seed: int) -> None:
    rng = random.Random(seed)
    market = ex.market("BTC/USDT")
    for _ in range(ROWS):
        row = {k: _value(rng) for k in ("vol", "change", "base_vol", "sell", "last", "low", "buy", "high")}
        row.update(symbol="btc_usdt", date=1589874294)
        fast, generic = _both(ex, "_fast_ticker", lambda row=row: ex.parse_ticker(dict(row), market))  # type: ignore[misc]
        assert fast == generic, row


def _generic_candle(row: Any) -> list[Any]:
    e = Exchange
    return [e.safe_integer_product(row, 0, 1000), *(Exchange().parse_number(e.safe_string(row, i)) for i in (5, 3, 4, 2, 1))]


@pytest.mark.parametrize("seed", [1, 2])
def test_candle_equals_generic(ex: Any, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(ROWS):
        row = [rng.choice((1589874240, "1589874240", 1589874240.0, None, "x"))] + [_value(rng) for _ in range(5)]
        assert repr(ex.parse_ohlcv(row)) == repr(_generic_candle(row)), row
    for odd in ([1, 2, 3], {"0": 1}, [1, 2, 3, 4, 5, 6, 7]):
        assert fastpath.candle(odd) is None


@pytest.mark.parametrize("seed", [1, 2])
def test_order_book_side_equals_ccxt(ex: Any, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(ROWS // 4):
        levels: list[Any] = [[_value(rng), _value(rng)] for _ in range(rng.randint(0, 6))]
        if rng.random() < 0.2:
            levels.append(rng.choice(([1.0, 2.0, 3], {0: 1.0, 1: 2.0}, (1.0, 2.0), "12", [1.0])))
        fast = fastpath.order_book_side(levels)
        generic = ex.parse_order_book_bids_asks(levels)
        if fast is not None:
            assert repr(fast) == repr(generic), levels
        elif all(type(level) is list and len(level) == 2 for level in levels):
            # declined only where float() refuses a value (safe_float's None)
            assert any(None in level for level in generic), levels


def test_plain_rows_take_the_fast_path(ex: Any) -> None:
    """The builders do not decline ordinary wire rows (or the speed-up is lost)."""
    assert ex._fast_public_trade({"date": 1, "id": 1, "type": "buy", "price": 9592.22, "amount": 0.5}, None, 1000)
    order = {"symbol": "BTC_USDT", "order_id": "a", "created_date": 1, "finished_date": 0, "price": 9000.5,
             "amount": 0.25, "cash_amount": 0, "executed_amount": 0.1, "avg_price": 9000.5, "status": 1, "type": "buy"}
    assert ex._fast_order(order, None, "BTC/USDT", "buy", "limit", "buy", "open", 1000, None)
    assert fastpath.order_book_side([[1.5, 2], ["3", "4.5"]]) == [[1.5, 2.0], [3.0, 4.5]]


def _random_float(rng: random.Random) -> float:
    roll = rng.random()
    if roll < 0.1:
        return rng.choice((0.0, -0.0, 5e-324, -5e-324, 1e308, 1.7976931348623157e308, 2.2250738585072014e-308, 1e-300, 0.1))
    if roll < 0.4:  # short decimals, as prices and amounts come
        return round(rng.uniform(-1, 1) * 10 ** rng.uniform(-8, 9), rng.randint(0, 10))
    if roll < 0.7:  # any bit pattern with a finite value
        return rng.uniform(-1, 1) * 2.0 ** rng.randint(-1074, 1023)
    return rng.uniform(-1e6, 1e6)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_float_product_equals_precise(seed: int) -> None:
    """float(Precise.string_mul(str(x), str(y))) for finite floats, bit for bit
    (repr: signs of zero, inf out of range, denormals)."""
    from ccxt.base.precise import Precise

    rng = random.Random(seed)
    for _ in range(3000):
        x, y = _random_float(rng), _random_float(rng)
        expected = float(Precise.string_mul(str(x), str(y)))
        assert repr(fastpath.float_product(x, y)) == repr(expected), (x, y)


def test_trade_numbers_decline_what_precise_refuses() -> None:
    for bad in (float("inf"), float("-inf"), float("nan")):
        with pytest.raises(ValueError):
            fastpath.trade_numbers(bad, 1.5)
        with pytest.raises(ValueError):
            fastpath.trade_numbers(1.5, bad)


ISO_EDGES = (
    0, 1, 999, 1000, -1, -1000, -999, 951782400000, 951868800000, 4107542399999, 4107542400000,
    253402300799999, 253402300800000, 253402300800001, 8640000000000000, 8640000000000001, 10**20,
)


@pytest.mark.parametrize("seed", [1, 2])
def test_iso8601_equals_ccxt(seed: int) -> None:
    rng = random.Random(seed)
    values: list[Any] = list(ISO_EDGES)
    values += [rng.randint(-10**13, 3 * 10**14) for _ in range(3000)]
    values += [rng.randint(0, 2 * 10**12) for _ in range(3000)]
    values += [None, True, False, 1.5e12, "1589874294000", "12a", -0.5, float("nan")]
    memo = fastpath.Iso8601Memo()
    for value in values:
        expected = Exchange.iso8601(value)
        assert fastpath.iso8601(value) == expected, value
        if type(value) is int or value is None:
            assert memo[value] == expected, value


def _batch_equals_ccxt(ex: Any, name: str, switch: str, rows: list[Any], args: tuple[Any, ...]) -> None:
    """ex.<name> (our batch) against ccxt's Exchange.<name> over the generic rows."""
    fast = _outcome(lambda: getattr(ex, name)([dict(r) for r in rows], *args))
    setattr(ex, switch, lambda *_args, **_kwargs: None)
    try:
        generic = _outcome(lambda: getattr(Exchange, name)(ex, [dict(r) for r in rows], *args))
    finally:
        delattr(ex, switch)
    assert fast == generic, (rows, args)


@pytest.mark.parametrize("seed", [1, 2])
def test_parse_trades_equals_ccxt(ex: Any, seed: int) -> None:
    """The batch (one datetime memo, the symbol filter as a comprehension) against
    ccxt's parse_trades, with since/limit in play."""
    rng = random.Random(seed)
    market = ex.market("BTC/USDT")
    for _ in range(40):
        rows = [{"date": 1589874294 + rng.randint(0, 5) + rng.choice((0, 0.25)), "id": rng.randint(1, 10**6),
                 "type": rng.choice(("buy", "sell")), "price": _positive(rng), "amount": _positive(rng)}
                for _ in range(rng.randint(0, 30))]
        since = rng.choice((None, 1589874296000))
        limit = rng.choice((None, 5, 100))
        for m in (market, None):
            _batch_equals_ccxt(ex, "parse_trades", "_fast_public_trade", rows, (m, since, limit))


@pytest.mark.parametrize("seed", [1, 2])
def test_parse_orders_equals_ccxt(ex: Any, seed: int) -> None:
    """parse_orders without the per-row params copy against ccxt's, since/limit in play."""
    rng = random.Random(seed)
    market = ex.market("BTC/USDT")
    for _ in range(40):
        rows = [{"symbol": rng.choice(("BTC_USDT", "ZZZ_USDT")), "order_id": str(rng.randint(1, 10**6)),
                 "created_date": 1589874294 + rng.randint(0, 5), "finished_date": 0, "price": _positive(rng),
                 "amount": _positive(rng), "cash_amount": 0, "executed_amount": rng.choice((0, _positive(rng))),
                 "avg_price": rng.choice((0, _positive(rng))), "status": rng.choice((0, 1, 2)),
                 "type": rng.choice(("buy", "sell", "buy_market"))}
                for _ in range(rng.randint(0, 20))]
        since = rng.choice((None, 1589874296000))
        limit = rng.choice((None, 5, 100))
        for m in (market, None):
            _batch_equals_ccxt(ex, "parse_orders", "_fast_order", rows, (m, since, limit))


def test_percent_ratio_and_reduce_equal_the_general_steps() -> None:
    """The shortcuts derive takes: a shift for pct/100, zeros counted on the text."""

    def reduce_by_loop(integer: int, decimals: int) -> tuple[int, int]:
        if integer == 0:
            return 0, 0
        if decimals <= 0:
            return integer * 10**-decimals, 0
        while decimals > 0 and integer % 10 == 0:
            integer, decimals = integer // 10, decimals - 1
        return integer, decimals

    rng = random.Random(5)
    for _ in range(3000):
        value = (rng.choice((-1, 1)) * rng.randint(0, 10**rng.randint(0, 25)) * 10**rng.randint(0, 20), rng.randint(-5, 40))
        assert fastpath._reduce(*value) == reduce_by_loop(*value), value
        assert fastpath._percent_ratio(value) == fastpath._div(value, (100, 0)), value
