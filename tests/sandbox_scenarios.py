"""Scripted sessions recorded against the sandbox into cassettes/sandbox/ and replayed.

Each scenario drives only unified methods and returns what they returned. The same
functions record (tests/record_sandbox_cassettes.py) and replay
(tests/test_sandbox_cassettes.py), so a replay sends exactly the recorded requests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SYMBOL = "BTC/USDT"
# Both sides run on this frozen clock: request parameters derived from the time
# (kline windows) and the timestamp check are the same when replayed.
CLOCK_START = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC
SEED = 2026
WHITELISTED_TRC20 = "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7"


def public(exchange: Any) -> dict[str, Any]:
    exchange.load_markets()
    return {
        "ticker": exchange.fetch_ticker(SYMBOL),
        "book": exchange.fetch_order_book(SYMBOL, 5),
        "trades": exchange.fetch_trades(SYMBOL, limit=5),
        "candles": exchange.fetch_ohlcv(SYMBOL, "1h", limit=3),
    }


def spot_lifecycle(exchange: Any) -> dict[str, Any]:
    exchange.load_markets()
    bid = exchange.fetch_ticker(SYMBOL)["bid"]
    price = float(exchange.price_to_precision(SYMBOL, bid * 0.8))
    created = exchange.create_order(SYMBOL, "limit", "buy", 0.01, price)
    return {
        "created": created,
        "fetched": exchange.fetch_order(created["id"], SYMBOL),
        "open": exchange.fetch_open_orders(SYMBOL),
        "canceled": exchange.cancel_order(created["id"], SYMBOL),
        "closed": exchange.fetch_closed_orders(SYMBOL),
    }


def fill(exchange: Any) -> dict[str, Any]:
    exchange.load_markets()
    top = exchange.fetch_order_book(SYMBOL, 5)["bids"][0][0]
    price = float(exchange.price_to_precision(SYMBOL, top + 0.01))
    bid = exchange.create_order(SYMBOL, "limit", "buy", 0.002, price)
    sell = exchange.create_order(SYMBOL, "market", "sell", 0.002)
    return {
        "bid": bid,
        "sell": sell,
        "filled": exchange.fetch_order(bid["id"], SYMBOL),
        "fills": exchange.fetch_order_trades(bid["id"], SYMBOL),
        "mine": exchange.fetch_my_trades(SYMBOL),
    }


def margin(exchange: Any) -> dict[str, Any]:
    exchange.load_markets()
    transfer = exchange.transfer("USDT", 200, "spot", "margin")
    ask = exchange.fetch_ticker(SYMBOL)["ask"]
    order = exchange.create_order(SYMBOL, "market", "buy", 0.001, ask, {"marginMode": "cross"})
    positions = exchange.fetch_positions()
    closed = exchange.close_position(SYMBOL)
    return {
        "transfer": transfer,
        "order": order,
        "positions": positions,
        "closed": closed,
        "after": exchange.fetch_positions(),
        "balance": exchange.fetch_balance({"type": "margin"}),
    }


def funding(exchange: Any) -> dict[str, Any]:
    exchange.load_markets()
    addresses = exchange.fetch_deposit_addresses_by_network("USDT")
    withdrawal = exchange.withdraw("USDT", 25, WHITELISTED_TRC20, params={"network": "TRC20"})
    return {
        "addresses": addresses,
        "withdrawal": withdrawal,
        "history": exchange.fetch_withdrawals("USDT"),
        "canceled": exchange.cancel_withdrawal(withdrawal["id"]),
        "after": exchange.fetch_withdrawals("USDT"),
    }


SCENARIOS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "public": public,
    "spot_lifecycle": spot_lifecycle,
    "fill": fill,
    "margin": margin,
    "funding": funding,
}


def freeze_client_clock(exchange: Any, now: Callable[[], float]) -> None:
    exchange.milliseconds = lambda: int(now() * 1000)
    exchange.seconds = lambda: int(now())
