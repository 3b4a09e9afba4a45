"""The throttle spends the documented 1200 weight a minute and is never banned.

Time is virtual: the sandbox runs on a ManualClock and the client's clock and
sleeps are tied to it, so three minutes at the full budget take a few seconds and
the result does not depend on the machine's speed.
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Iterator

import ccxt
import pytest

import dfx_unified
import dfx_unified.async_support
import dfx_unified.exchange
from dfx_unified import spec
from dfx_unified.sandbox import ManualClock, SandboxServer

MINUTES = 3
START = 1_700_000_000.0


@pytest.fixture
def virtual() -> Iterator[tuple[SandboxServer, ManualClock]]:
    clock = ManualClock(START)
    with SandboxServer(seed=3, clock=clock) as server:  # the documented 1200/min budget
        yield server, clock


def tie_to(exchange, clock: ManualClock) -> None:
    exchange.milliseconds = lambda: int(clock.now() * 1000)
    exchange.seconds = lambda: int(clock.now())


# (endpoint call, weight charged by the sandbox): public and private, several weights
def work(exchange):
    return [
        (lambda: exchange.fetch_ticker("BTC/USDT"), spec.ENDPOINTS_BY_PATH[("GET", "ticker")].weight),
        (lambda: exchange.fetch_order_book("BTC/USDT"), spec.ENDPOINTS_BY_PATH[("GET", "order_book")].weight),
        (lambda: exchange.fetch_balance(), spec.ENDPOINTS_BY_PATH[("GET", "spot/assets")].weight),
        (lambda: exchange.fetch_time(), spec.ENDPOINTS_BY_PATH[("GET", "time")].weight),
    ]


def test_sync_client_sustains_the_budget_without_a_ban(virtual, monkeypatch):
    server, clock = virtual
    monkeypatch.setattr(dfx_unified.exchange, "time", types.SimpleNamespace(sleep=clock.advance))
    exchange = dfx_unified.digifinex({"apiKey": server.api_key, "secret": server.secret, "urls": {"api": {"rest": server.url}}})
    tie_to(exchange, clock)
    try:
        exchange.load_markets()
        start = clock.now()
        spent = 0
        calls = work(exchange)
        i = 0
        while clock.now() - start < MINUTES * 60:
            call, weight = calls[i % len(calls)]
            call()  # a 10005 would raise RateLimitExceeded and fail the test
            spent += weight
            i += 1
    finally:
        exchange.close()
    minutes = (clock.now() - start) / 60
    assert spent / minutes >= 0.95 * spec.WEIGHT_BUDGET
    assert server.limiter.banned_for("ip:127.0.0.1", clock.now()) == 0


def test_async_client_sustains_the_budget_with_concurrent_requests(virtual, monkeypatch):
    server, clock = virtual
    real_sleep = asyncio.sleep

    async def virtual_sleep(seconds, *args, **kwargs):
        if seconds > 0:
            clock.advance(seconds)
        await real_sleep(0)

    fake_asyncio = types.SimpleNamespace(sleep=virtual_sleep)
    monkeypatch.setattr(dfx_unified.async_support, "asyncio", fake_asyncio)

    async def run():
        exchange = dfx_unified.async_support.digifinex(
            {"apiKey": server.api_key, "secret": server.secret, "urls": {"api": {"rest": server.url}}}
        )
        tie_to(exchange, clock)
        spent = 0
        try:
            await exchange.load_markets()
            start = clock.now()
            while clock.now() - start < MINUTES * 60:
                batch = [exchange.fetch_ticker("BTC/USDT") for _ in range(4)] + [exchange.fetch_balance()]
                await asyncio.gather(*batch)
                spent += 4 * spec.ENDPOINTS_BY_PATH[("GET", "ticker")].weight
                spent += spec.ENDPOINTS_BY_PATH[("GET", "spot/assets")].weight
        finally:
            await exchange.close()
        return spent, (clock.now() - start) / 60

    spent, minutes = asyncio.run(run())
    assert spent / minutes >= 0.95 * spec.WEIGHT_BUDGET


def test_without_the_throttle_the_same_burst_is_banned(virtual):
    """The sandbox really enforces the budget: the test above is not vacuous."""
    server, clock = virtual
    exchange = dfx_unified.digifinex(
        {"apiKey": server.api_key, "secret": server.secret, "urls": {"api": {"rest": server.url}}, "enableRateLimit": False}
    )
    tie_to(exchange, clock)
    try:
        exchange.load_markets()
        with pytest.raises(ccxt.RateLimitExceeded) as info:
            for _ in range(spec.WEIGHT_BUDGET):
                exchange.fetch_ticker("BTC/USDT")
    finally:
        exchange.close()
    assert info.value.resume_at == pytest.approx((clock.now() + 120) * 1000, abs=1000)
