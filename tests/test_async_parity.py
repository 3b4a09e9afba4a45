"""The asyncio twin: same unified methods, same results on the same cassettes."""

from __future__ import annotations

import asyncio
import inspect

import pytest

import dfx_unified
import dfx_unified.async_support
from dfx_unified.flow import unified_flows
from tests.conftest import API_KEY, SECRET, make_exchange

# (cassette, method, args): read calls whose results must be equal in both classes
CASES = [
    ("reference/load_markets.yaml", "load_markets", ()),
    ("reference/ticker.yaml", "fetch_ticker", ("BTC/USDT",)),
    ("quirks/tickers.yaml", "fetch_tickers", ()),
    ("reference/order_book.yaml", "fetch_order_book", ("BTC/USDT", 150)),
    ("reference/trades.yaml", "fetch_trades", ("BTC/USDT", None, 2)),
    ("reference/kline.yaml", "fetch_ohlcv", ("BTC/USDT", "15m", 1589426100000, 2)),
    ("reference/time.yaml", "fetch_time", ()),
]


def _without_volatile(value):
    """Drop the fields that are the local clock (fetch_status 'updated')."""
    if isinstance(value, dict):
        return {k: _without_volatile(v) for k, v in value.items() if k != "updated"}
    if isinstance(value, list):
        return [_without_volatile(v) for v in value]
    return value


def test_both_classes_expose_the_same_unified_methods():
    sync_cls, async_cls = dfx_unified.digifinex, dfx_unified.async_support.digifinex
    flows = unified_flows(sync_cls)
    assert flows.keys() == unified_flows(async_cls).keys()
    assert len(flows) >= 10
    for name in flows:
        assert not inspect.iscoroutinefunction(getattr(sync_cls, name)), name
        assert inspect.iscoroutinefunction(getattr(async_cls, name)), name
        assert inspect.signature(getattr(sync_cls, name)) == inspect.signature(getattr(async_cls, name)), name
    assert dfx_unified.digifinex().has == dfx_unified.async_support.digifinex().has


@pytest.mark.parametrize(("cassette", "method", "args"), CASES, ids=[c[1] for c in CASES])
def test_same_results_on_the_same_cassette(replay, cassette, method, args):
    sync_exchange = make_exchange()
    with replay(cassette):
        expected = getattr(sync_exchange, method)(*args)

    async def run():
        exchange = dfx_unified.async_support.digifinex({"apiKey": API_KEY, "secret": SECRET, "enableRateLimit": False})
        try:
            with replay(cassette):
                return await getattr(exchange, method)(*args)
        finally:
            await exchange.close()

    assert _without_volatile(asyncio.run(run())) == _without_volatile(expected)


def test_async_load_markets_runs_the_lists_concurrently(replay):
    """Five independent requests are in flight together: one round trip of wall time."""
    in_flight = 0
    most = 0

    async def run():
        exchange = dfx_unified.async_support.digifinex({"enableRateLimit": False})
        original = exchange.fetch

        async def counting_fetch(*args, **kwargs):
            nonlocal in_flight, most
            in_flight += 1
            most = max(most, in_flight)
            await asyncio.sleep(0)  # yield once, as a socket read would
            try:
                return await original(*args, **kwargs)
            finally:
                in_flight -= 1

        exchange.fetch = counting_fetch
        try:
            with replay("reference/load_markets.yaml"):
                await exchange.load_markets()
        finally:
            await exchange.close()

    asyncio.run(run())
    assert most == 5
