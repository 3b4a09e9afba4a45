"""Refusals before sending: each case is proven to send nothing (exchange.fetch counts)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import ccxt
import pytest

import dfx_unified
from tests.trading_support import NOW_MS, SentNothing, trading_exchange

DAY_MS = 86_400_000
LIMIT = ("BTC/USDT", "limit", "buy")


def _order(*args: Any) -> Callable[[dfx_unified.digifinex], Any]:
    return lambda ex: ex.create_order(*args)


def _batch(orders: list[dict[str, Any]], params: dict[str, Any] | None = None) -> Callable[[dfx_unified.digifinex], Any]:
    return lambda ex: ex.create_orders(orders, params or {})


def _limit(i: int, symbol: str = "BTC/USDT") -> dict[str, Any]:
    return {"symbol": symbol, "type": "limit", "side": "buy", "amount": 0.01, "price": 30000 + i}


CASES: list[tuple[str, Callable[[dfx_unified.digifinex], Any], type[Exception], str]] = [
    ("unknown symbol", _order("FOO/BAR", "limit", "buy", 1, 1), ccxt.BadSymbol, "FOO/BAR"),
    ("no API trading", _order("DOGE/USDT", "limit", "buy", 100, 0.1), ccxt.BadSymbol, "no API trading"),
    ("order type not allowed", _order("XRP/USDT", "market", "sell", 10), ccxt.InvalidOrder, "accepts only limit"),
    ("bad type", _order("BTC/USDT", "stop", "buy", 1, 1), ccxt.InvalidOrder, "type"),
    ("bad side", _order("BTC/USDT", "limit", "hold", 1, 1), ccxt.InvalidOrder, "side"),
    ("zero amount", _order(*LIMIT, 0, 30000), ccxt.InvalidOrder, "greater than 0"),
    ("negative amount", _order(*LIMIT, -1, 30000), ccxt.InvalidOrder, "greater than 0"),
    ("NaN amount", _order(*LIMIT, math.nan, 30000), ccxt.InvalidOrder, "finite"),
    ("infinite amount", _order(*LIMIT, math.inf, 30000), ccxt.InvalidOrder, "finite"),
    ("text amount", _order(*LIMIT, "abc", 30000), ccxt.InvalidOrder, "number"),
    ("NaN text amount", _order(*LIMIT, "NaN", 30000), ccxt.InvalidOrder, "finite"),
    ("bool amount", _order(*LIMIT, True, 30000), ccxt.InvalidOrder, "positive number"),
    ("None amount", _order(*LIMIT, None, 30000), ccxt.InvalidOrder, "positive number"),
    ("zero price", _order(*LIMIT, 1, 0), ccxt.InvalidOrder, "price"),
    ("NaN price", _order(*LIMIT, 1, math.nan), ccxt.InvalidOrder, "price"),
    ("limit without price", _order(*LIMIT, 1), ccxt.ArgumentsRequired, "requires a price"),
    (
        "amount below minimum",
        _order("LTC/USDT", "limit", "buy", 0.0005, 80),
        ccxt.InvalidOrder,
        "0.0005 of LTC/USDT is below the minimum amount 0.001",
    ),
    ("amount rounds to zero", _order(*LIMIT, 0.00001, 30000), ccxt.InvalidOrder, "precision"),
    (
        "cost below minimum",
        _order("BTC/USDT", "limit", "buy", 0.001, 1000),
        ccxt.InvalidOrder,
        "cost 1 of BTC/USDT is below the minimum cost 2",
    ),
    ("market buy cost below minimum", _order("BTC/USDT", "market", "buy", 0.001, 1000), ccxt.InvalidOrder, "minimum cost 2"),
    (
        "market buy without price",
        _order("BTC/USDT", "market", "buy", 0.01),
        ccxt.InvalidOrder,
        "createMarketBuyOrderRequiresPrice",
    ),
    ("bad cost", _order("BTC/USDT", "market", "buy", None, None, {"cost": -5}), ccxt.InvalidOrder, "cost"),
    ("IOC", _order(*LIMIT, 1, 30000, {"timeInForce": "IOC"}), ccxt.InvalidOrder, "timeInForce"),
    ("post-only market", _order("BTC/USDT", "market", "sell", 1, None, {"postOnly": True}), ccxt.InvalidOrder, "post-only"),
    (
        "margin on a spot-only pair",
        _order("XRP/USDT", "limit", "buy", 10, 0.5, {"marginMode": "cross"}),
        ccxt.BadSymbol,
        "margin",
    ),
    ("bad market type", _order(*LIMIT, 1, 30000, {"type": "swap"}), ccxt.BadRequest, "swap"),
    ("spot pair with type future", _order(*LIMIT, 1, 30000, {"type": "future"}), ccxt.BadRequest, "future"),
    ("mixed-symbol batch", _batch([_limit(0), _limit(1, "LTC/USDT")]), ccxt.BadRequest, "split"),
    ("oversized batch", _batch([_limit(i) for i in range(11)]), ccxt.BadRequest, "at most 10"),
    ("bad order inside a batch", _batch([_limit(0), {**_limit(1), "amount": -1}], {"split": True}), ccxt.InvalidOrder, "order 1"),
    ("empty batch", _batch([]), ccxt.BadRequest, "non-empty"),
    ("cancel without ids", lambda ex: ex.cancel_orders([]), ccxt.BadRequest, "non-empty"),
    ("history older than 30 days", lambda ex: ex.fetch_orders("BTC/USDT", NOW_MS - 31 * DAY_MS), ccxt.BadRequest, "30 days"),
    (
        "history until before since",
        lambda ex: ex.fetch_orders(None, NOW_MS - DAY_MS, None, {"until": NOW_MS - 2 * DAY_MS}),
        ccxt.BadRequest,
        "before since",
    ),
    ("history limit 0", lambda ex: ex.fetch_orders(None, None, 0), ccxt.BadRequest, "limit"),
    ("my trades limit", lambda ex: ex.fetch_my_trades("BTC/USDT", None, 501), ccxt.BadRequest, "500"),
    ("my trades too old", lambda ex: ex.fetch_my_trades("BTC/USDT", NOW_MS - 40 * DAY_MS), ccxt.BadRequest, "30 days"),
    ("ledger limit", lambda ex: ex.fetch_ledger("USDT", None, 1001), ccxt.BadRequest, "1000"),
    ("transfer unknown account", lambda ex: ex.transfer("USDT", 1, "spot", "futures"), ccxt.BadRequest, "futures"),
    ("transfer same account", lambda ex: ex.transfer("USDT", 1, "spot", "1"), ccxt.BadRequest, "itself"),
    ("transfer margin to otc", lambda ex: ex.transfer("USDT", 1, "margin", "otc"), ccxt.BadRequest, "not available"),
    ("transfer otc to margin", lambda ex: ex.transfer("USDT", 1, 3, 2), ccxt.BadRequest, "not available"),
    ("transfer zero", lambda ex: ex.transfer("USDT", 0, "spot", "margin"), ccxt.BadRequest, "greater than 0"),
    ("transfer NaN", lambda ex: ex.transfer("USDT", math.nan, "spot", "margin"), ccxt.BadRequest, "finite"),
    ("withdraw empty address", lambda ex: ex.withdraw("USDT", 10, " "), ccxt.InvalidAddress, "address"),
    ("withdraw negative", lambda ex: ex.withdraw("USDT", -10, "TXYZ"), ccxt.BadRequest, "greater than 0"),
    ("withdraw bad type", lambda ex: ex.withdraw("USDT", 10, "TXYZ", None, {"type": "fast"}), ccxt.BadRequest, "internal"),
    ("deposits limit", lambda ex: ex.fetch_deposits("USDT", None, 501), ccxt.BadRequest, "500"),
    ("cancel withdrawal without id", lambda ex: ex.cancel_withdrawal(""), ccxt.BadRequest, "withdraw id"),
]


@pytest.mark.parametrize(("call", "error", "text"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused_before_sending(monkeypatch, call, error, text):
    exchange = trading_exchange()
    sent = SentNothing()
    monkeypatch.setattr(exchange, "fetch", sent)
    with pytest.raises(error) as raised:
        call(exchange)
    assert text in str(raised.value)
    assert sent.calls == []
