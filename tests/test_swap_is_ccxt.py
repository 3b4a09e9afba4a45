"""Swap stays ccxt.digifinex's own implementation: on identical answers, every swap
method of ours returns what stock ccxt returns and sends the swap requests ccxt sends."""

from __future__ import annotations

from typing import Any

import ccxt
import ccxt.async_support
import pytest

import dfx_unified
import dfx_unified.async_support
from tests.canned import SWAP_PREFIX, twins

SWAP = "BTC/USDT:USDT"

CALLS: list[tuple[str, tuple[Any, ...]]] = [
    ("fetch_ticker", (SWAP,)),
    ("fetch_tickers", ([SWAP],)),
    ("fetch_tickers", (None, {"type": "swap"})),
    ("fetch_order_book", (SWAP,)),
    ("fetch_trades", (SWAP,)),
    ("fetch_ohlcv", (SWAP, "1m", None, 10)),
    ("fetch_balance", ({"type": "swap"},)),
    ("create_order", (SWAP, "limit", "buy", 6, 90000)),
    ("create_orders", ([{"symbol": SWAP, "type": "limit", "side": "buy", "amount": 1, "price": 90000}],)),
    ("cancel_order", ("1590898207657824256", SWAP)),
    ("fetch_open_orders", (SWAP,)),
    ("fetch_orders", (SWAP,)),
    ("fetch_order", ("1590898207657824256", SWAP)),
    ("fetch_my_trades", (SWAP,)),
    ("fetch_ledger", ("USDT", None, None, {"type": "swap"})),
    ("fetch_positions", ([SWAP],)),
    ("fetch_position", (SWAP,)),
    ("fetch_funding_rate", (SWAP,)),
    ("fetch_funding_rate_history", (SWAP,)),
    ("fetch_trading_fee", (SWAP,)),
    ("fetch_transfers", ()),
    ("fetch_funding_history", (SWAP,)),
    ("set_leverage", (10, SWAP)),
    ("fetch_market_leverage_tiers", (SWAP,)),
]


def _swap_calls(exchange: Any) -> list[tuple[str, str, dict[str, str]]]:
    return [call for call in exchange.fetch.calls if call[1].startswith(SWAP_PREFIX)]


def _outcome(method: Any, args: tuple[Any, ...]) -> Any:
    try:
        return method(*args)
    except ccxt.BaseError as error:
        return type(error)


@pytest.mark.parametrize(("name", "args"), CALLS, ids=[f"{n}{i}" for i, (n, _) in enumerate(CALLS)])
def test_swap_method_equals_ccxt(name, args):
    ours, theirs = twins()
    ours.fetch.calls.clear()
    theirs.fetch.calls.clear()
    expected = _outcome(getattr(theirs, name), args)
    got = _outcome(getattr(ours, name), args)
    assert got == expected
    assert _swap_calls(ours) == _swap_calls(theirs)


def test_swap_markets_equal_ccxt():
    ours, theirs = twins()
    assert ours.markets[SWAP] == theirs.markets[SWAP]
    assert ours.markets_by_id["BTCUSDTPERP"] == theirs.markets_by_id["BTCUSDTPERP"]


def test_is_a_ccxt_digifinex():
    assert isinstance(dfx_unified.digifinex(), ccxt.digifinex)
    assert isinstance(dfx_unified.async_support.digifinex(), ccxt.async_support.digifinex)


def test_spot_calls_between_swap_calls_keep_our_parsers():
    ours, _ = twins()
    swap_ticker = ours.fetch_ticker(SWAP)
    spot_ticker = ours.fetch_ticker("BTC/USDT")
    assert swap_ticker["symbol"] == SWAP and spot_ticker["symbol"] == "BTC/USDT"
    # our spot parse (quoteVolume from base_vol) is in force outside the ccxt call
    assert spot_ticker["quoteVolume"] == 392447999.65374


def test_swap_markets_can_be_left_out():
    ours, _ = twins(options={"fetchMarkets": {"types": ["spot"]}})
    assert SWAP not in ours.markets
    assert not [c for c in ours.fetch.calls if c[1].startswith(SWAP_PREFIX)]


async def test_async_class_routes_swap_to_ccxt_too():
    import copy

    from tests.canned import NOW_MS, CannedAPI

    settings = {"apiKey": "0123456789abcd", "secret": "01234567890123456789abcd", "enableRateLimit": False}
    pair = []
    for cls in (dfx_unified.async_support.digifinex, ccxt.async_support.digifinex):
        exchange = cls(copy.deepcopy(settings))
        api = CannedAPI()

        async def fetch(url, method="GET", headers=None, body=None, api=api):
            return api(url, method, headers, body)

        exchange.fetch = fetch
        exchange.milliseconds = lambda: NOW_MS
        await exchange.load_markets()
        pair.append(exchange)
    ours, theirs = pair
    try:
        for name, args in [("fetch_ticker", (SWAP,)), ("fetch_balance", ({"type": "swap"},)),
                           ("create_order", (SWAP, "limit", "buy", 6, 90000)), ("fetch_positions", ([SWAP],))]:
            assert await getattr(ours, name)(*args) == await getattr(theirs, name)(*args), name
        assert (await ours.fetch_ticker("BTC/USDT"))["quoteVolume"] == 392447999.65374  # ours for spot
    finally:
        for exchange in pair:
            await exchange.close()
