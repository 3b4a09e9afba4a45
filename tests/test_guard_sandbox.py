"""The trading-rules guard against the sandbox, which enforces the venue's rules.

A quote-and-cancel loop (far-from-market limit buy on BTC/USDT, cancelled at once)
is what gets API keys banned: 50 unfilled orders make FW = 0 with > 49 orders, so the
51st placement is refused with 20020. The sandbox runs on a ManualClock and the
client reads the same clock (its `milliseconds`), so signatures pass the timestamp
check and the 10-minute window is crossed without waiting.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from ccxt.base import errors as ccxt_errors

import dfx_unified
import dfx_unified.async_support
from dfx_unified.errors import TradingRulesGuardError
from dfx_unified.sandbox import ManualClock, SandboxServer

START = 1_700_000_000.0
SYMBOL = "BTC/USDT"
FAR_PRICE = 30000  # half the sandbox's starting mid: never fills
AMOUNT = 0.001
COMPARED = ("orders", "filled_orders", "quick_cancels", "FR", "FW", "CR", "filled_amount", "order_amount")


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(seed=11, clock=ManualClock(START)) as srv:
        yield srv


def client(server: SandboxServer, mode: str, cls: Any = dfx_unified.digifinex, **options: Any) -> Any:
    ex = cls(
        {
            "apiKey": server.api_key,
            "secret": server.secret,
            "enableRateLimit": False,
            "urls": {"api": {"rest": server.url}},
            "options": {"tradingRulesGuard": mode, **options},
        }
    )
    # sign (and judge) on the sandbox's manual clock
    ex.milliseconds = lambda: int(server.clock.now() * 1000)
    return ex


def indicators(server: SandboxServer) -> dict[str, Any]:
    return server.trading_indicators(server.api_key, "BTC_USDT")


def same_figures(guard: dict[str, Any], venue: dict[str, Any]) -> None:
    for name in COMPARED:
        if name in ("orders", "filled_orders", "quick_cancels"):
            assert guard[name] == venue[name], name
        else:
            assert Decimal(guard[name]) == Decimal(venue[name]), name


def quote_and_cancel(ex: Any, server: SandboxServer, rounds: int) -> list[tuple[int, str]]:
    """Place far and cancel at once, a second apart; returns (round, outcome) of refusals."""
    outcomes: list[tuple[int, str]] = []
    for i in range(rounds):
        try:
            order = ex.create_order(SYMBOL, "limit", "buy", AMOUNT, FAR_PRICE)
        except (TradingRulesGuardError, ccxt_errors.AccountSuspended) as error:
            outcomes.append((i, type(error).__name__))
        else:
            ex.cancel_order(order["id"], SYMBOL)
        server.clock.advance(1)  # type: ignore[attr-defined]
    return outcomes


def test_without_the_guard_the_loop_gets_banned(server: SandboxServer) -> None:
    ex = client(server, "off")
    refused = quote_and_cancel(ex, server, 150)
    assert refused[0] == (50, "AccountSuspended")  # the 51st placement
    assert {name for _, name in refused} == {"AccountSuspended"}
    assert indicators(server)["ban_code"] == 20020
    # the guard saw the 20020 and knows the ban, even in mode 'off'
    assert ex.trading_rules_figures(SYMBOL)["ban_code"] == 20020


def test_block_mode_is_never_banned(server: SandboxServer) -> None:
    ex = client(server, "block")
    refused = quote_and_cancel(ex, server, 150)
    assert [i for i, _ in refused] == list(range(50, 150))
    assert {name for _, name in refused} == {"TradingRulesGuardError"}
    venue = indicators(server)
    assert venue["banned_until"] is None and venue["orders"] == 50
    same_figures(ex.trading_rules_figures(SYMBOL), venue)
    # the refusal says when placing is possible again: then the venue accepts it
    with pytest.raises(TradingRulesGuardError, match=r"FW=0\.00000000 < 0\.01 with 50 orders") as caught:
        ex.create_order(SYMBOL, "limit", "buy", AMOUNT, FAR_PRICE)
    retry_at = caught.value.retry_at  # type: ignore[attr-defined]
    assert retry_at == START + 600 + 2  # the first order surely left (2 s slack)
    server.clock.set(retry_at)  # type: ignore[attr-defined]
    order = ex.create_order(SYMBOL, "limit", "buy", AMOUNT, FAR_PRICE)
    ex.cancel_order(order["id"], SYMBOL)
    assert indicators(server)["banned_until"] is None
    # and the loop goes on, refused again before the exchange would ban
    refused = quote_and_cancel(ex, server, 20)
    assert refused and indicators(server)["banned_until"] is None


def test_warn_mode_warns_before_the_ban(server: SandboxServer) -> None:
    heard: list[tuple[int, list[str], list[str]]] = []
    ex = client(
        server,
        "warn",
        tradingRulesGuardCallback=lambda symbol, fig, reason: heard.append((fig["orders"], fig["near"], fig["banned_risk"])),
    )
    refused = quote_and_cancel(ex, server, 60)
    assert refused[0] == (50, "AccountSuspended")  # warn mode does not stop the order
    # the first warning came at the 40th placement (39 before it), margin 10
    assert heard[0] == (39, ["FW"], [])
    assert heard[11] == (50, [], ["FW"])  # the banned placement was flagged too


def test_figures_match_the_sandbox_for_a_mixed_flow(server: SandboxServer) -> None:
    ex = client(server, "block")
    ex.load_markets()
    clock: Any = server.clock
    for _ in range(3):  # quick cancels
        order = ex.create_order(SYMBOL, "limit", "buy", AMOUNT, FAR_PRICE)
        ex.cancel_order(order["id"], SYMBOL)
    late = [ex.create_order(SYMBOL, "limit", "buy", AMOUNT, FAR_PRICE) for _ in range(2)]
    clock.advance(8)  # beyond 5 s + the 2 s slack: not quick for either side
    for order in late:
        ex.cancel_order(order["id"], SYMBOL)
    ask = ex.fetch_ticker(SYMBOL)["ask"]
    filled = [
        ex.create_market_buy_order_with_cost(SYMBOL, 100),  # its base amount is its fill
        ex.create_order(SYMBOL, "market", "sell", 0.002),
        ex.create_order(SYMBOL, "limit", "buy", AMOUNT, round(ask * 1.01, 2)),  # crosses: taker
    ]
    # post-only crossing the book: the venue cancels it at once (seen through a read)
    post_only = ex.create_order(SYMBOL, "limit", "buy", AMOUNT, round(ask * 1.01, 2), {"postOnly": True})
    ex.create_order(SYMBOL, "limit", "sell", AMOUNT, 90000)  # rests, open
    clock.advance(1)
    for order in [*filled, post_only]:
        ex.fetch_order(order["id"], SYMBOL)  # reads carry fills and cancels
    venue = indicators(server)
    guard = ex.trading_rules_figures(SYMBOL)
    # 10 orders: 3 filled; quick: 3 + the post-only one
    assert (venue["orders"], venue["filled_orders"], venue["quick_cancels"]) == (10, 3, 4)
    same_figures(guard, venue)
    assert list(ex.trading_rules_figures()) == [SYMBOL]


async def test_async_class_guards_the_same_way(server: SandboxServer) -> None:
    ex = client(server, "block", dfx_unified.async_support.digifinex)
    try:
        outcomes = []
        for _ in range(52):
            try:
                order = await ex.create_order(SYMBOL, "limit", "buy", AMOUNT, FAR_PRICE)
                await ex.cancel_order(order["id"], SYMBOL)
                outcomes.append("placed")
            except TradingRulesGuardError:
                outcomes.append("refused")
            server.clock.advance(1)  # type: ignore[attr-defined]
        assert outcomes == ["placed"] * 50 + ["refused"] * 2
        same_figures(ex.trading_rules_figures(SYMBOL), indicators(server))
        assert indicators(server)["banned_until"] is None
    finally:
        await ex.close()
