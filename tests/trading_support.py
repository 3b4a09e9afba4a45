"""Markets, currencies and a fixed clock for the trading and account tests.

The markets are built by the package's own market parser from rows shaped like
the reference's `spot/symbols`, `trades/symbols` and `margin/symbols` examples, and
set directly: the trading cassettes then hold only the requests under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ccxt
import pytest

import dfx_unified
from tests.conftest import make_exchange

# 2023-11-14T22:13:20Z: every test runs at this instant
NOW_MS = 1_700_000_000_000
NOW_S = NOW_MS // 1000


def _row(
    symbol: str,
    amount_precision: int,
    price_precision: int,
    min_amount: float,
    min_value: float,
    order_types: list[str],
    **extra: Any,
) -> dict[str, Any]:
    base, quote = symbol.split("_")
    return {
        "status": "TRADING",
        "symbol": symbol,
        "quote_asset": quote,
        "base_asset": base,
        "amount_precision": amount_precision,
        "price_precision": price_precision,
        "minimum_amount": min_amount,
        "minimum_value": min_value,
        "zone": "MAIN",
        "order_types": order_types,
        **extra,
    }


BTC = _row("BTC_USDT", 4, 2, 0.0001, 2, ["LIMIT", "MARKET"])
LTC = _row("LTC_USDT", 4, 2, 0.001, 2, ["LIMIT", "MARKET"])
XRP = _row("XRP_USDT", 1, 4, 1, 2, ["LIMIT"])  # limit-only pair
DOGE = _row("DOGE_USDT", 0, 5, 10, 2, ["LIMIT", "MARKET"])  # API trading not allowed

MARKET_LISTS: dict[str, Any] = {
    "markets": {"code": 0, "data": []},
    "spot/symbols": {"code": 0, "symbol_list": [BTC, LTC, XRP, DOGE]},
    "trades/symbols": {
        "code": 0,
        "symbol_list": [
            dict(BTC, is_allow="1"),
            dict(LTC, is_allow="1"),
            dict(XRP, is_allow="1"),
            dict(DOGE, is_allow="0"),
        ],
    },
    "margin/symbols": {"code": 0, "symbol_list": [dict(BTC, liquidation_rate=0.3), dict(LTC, liquidation_rate=0.3)]},
}

CURRENCY_ROWS: list[dict[str, Any]] = [
    {
        "currency": "btc",
        "chain": "",
        "min_deposit_amount": 0.0001,
        "min_withdraw_amount": 0.001,
        "deposit_status": 1,
        "withdraw_status": 1,
        "withdraw_fee_currency": "btc",
        "min_withdraw_fee": 0.0005,
        "withdraw_fee_rate": 0,
    },
    {
        "currency": "usdt",
        "chain": "ERC20",
        "min_deposit_amount": 1,
        "min_withdraw_amount": 10,
        "deposit_status": 1,
        "withdraw_status": 1,
        "withdraw_fee_currency": "usdt",
        "min_withdraw_fee": 5,
        "withdraw_fee_rate": 0,
    },
    {
        "currency": "usdt",
        "chain": "TRC20",
        "min_deposit_amount": 1,
        "min_withdraw_amount": 10,
        "deposit_status": 1,
        "withdraw_status": 1,
        "withdraw_fee_currency": "usdt",
        "min_withdraw_fee": 1,
        "withdraw_fee_rate": 0,
    },
    {
        "currency": "xrp",
        "chain": "",
        "min_deposit_amount": 0.01,
        "min_withdraw_amount": 0.02,
        "deposit_status": 1,
        "withdraw_status": 1,
        "withdraw_fee_currency": "xrp",
        "min_withdraw_fee": 0.006,
        "withdraw_fee_rate": 0.02,
    },
]


def trading_exchange(**config: Any) -> dfx_unified.digifinex:
    """An exchange with fake keys, the markets above loaded and the clock at NOW_MS."""
    exchange = make_exchange(**config)
    exchange.set_markets(exchange.parse_markets_lists(MARKET_LISTS), exchange.parse_currencies_rows(CURRENCY_ROWS))
    exchange.milliseconds = lambda: NOW_MS  # type: ignore[method-assign]
    return exchange


@pytest.fixture
def trading_exchange_fixture() -> Iterator[dfx_unified.digifinex]:
    """A trading_exchange() closed after the test; a test module binds it as its `ex` fixture."""
    exchange = trading_exchange()
    yield exchange
    exchange.close()


class SentNothing:
    """Replaces `exchange.fetch`: records every attempt to send, and fails it."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append(args)
        raise AssertionError(f"a request was sent: {args[:2]}")


class LostAnswer:
    """Replaces `exchange.fetch`: the request to the path ending in `lost` loses its
    answer (`error`), every other request gets `body`; records "METHOD path" sent."""

    def __init__(self, lost: str, error: Exception, body: dict[str, Any]) -> None:
        self.lost, self.error, self.body = lost, error, body
        self.sent: list[str] = []

    def __call__(self, url: str, method: str = "GET", headers: Any = None, body: Any = None) -> Any:
        self.sent.append(f"{method} {url.split('/v3/')[1]}")
        if url.endswith(self.lost):
            raise self.error
        return self.body


def LostTransfer(rows: list[dict[str, Any]]) -> LostAnswer:
    """transfer times out; financelog answers `rows`."""
    answer = {"code": 0, "data": {"total": str(len(rows)), "finance": rows}}
    return LostAnswer("/transfer", ccxt.RequestTimeout("timed out"), answer)


def LostWithdrawal(rows: list[dict[str, Any]]) -> LostAnswer:
    """withdraw/new loses its connection; withdraw/history answers `rows`."""
    return LostAnswer("withdraw/new", ccxt.NetworkError("connection reset"), {"code": 200, "data": rows})
