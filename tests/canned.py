"""Canned exchange answers, and two exchanges that both read them.

`twins()` gives a `dfx_unified.digifinex` and a stock `ccxt.digifinex` whose HTTP
layer (`fetch`) answers from the same table, keyed by the request path: whatever
each library asks, both see identical answers. This is how our unified structures
are compared with ccxt's (key by key for spot, equal for swap, which stays ccxt's).

The v3 answers follow the reference's shapes; the swap answers (the DigiFinex swap
API v2, not in our reference) follow the shapes ccxt.digifinex parses. Values are
ours, chosen to exercise every field (fills, fees, partial states, two chains).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlparse

import ccxt

import dfx_unified

NOW_S = 1_767_225_600  # 2026-01-01 00:00:00 UTC
NOW_MS = NOW_S * 1000

_SYMBOL_ROW = {
    "status": "TRADING",
    "zone": "MAIN",
    "order_types": ["LIMIT", "MARKET"],
}


def _pair(
    symbol: str, amount_digits: int, price_digits: int, min_amount: float, min_value: float, **extra: Any
) -> dict[str, Any]:
    base, quote = symbol.split("_")
    return {
        **_SYMBOL_ROW,
        "symbol": symbol,
        "base_asset": base,
        "quote_asset": quote,
        "amount_precision": amount_digits,
        "price_precision": price_digits,
        "minimum_amount": min_amount,
        "minimum_value": min_value,
        **extra,
    }


V3: dict[str, Any] = {
    "ping": {"msg": "pong", "code": 0},
    "time": {"server_time": NOW_S, "code": 0},
    "markets": {
        "data": [
            {"volume_precision": 4, "price_precision": 2, "market": "btc_usdt", "min_amount": 2, "min_volume": 0.0001},
            {"volume_precision": 3, "price_precision": 2, "market": "ltc_usdt", "min_amount": 2, "min_volume": 0.001},
        ],
        "date": NOW_S,
        "code": 0,
    },
    "spot/symbols": {
        "code": 0,
        "symbol_list": [_pair("BTC_USDT", 4, 2, 0.0001, 2), _pair("LTC_USDT", 3, 2, 0.001, 2)],
    },
    "trades/symbols": {
        "code": 0,
        "symbol_list": [_pair("BTC_USDT", 4, 2, 0.0001, 2, is_allow=1), _pair("LTC_USDT", 3, 2, 0.001, 2, is_allow=1)],
    },
    "margin/symbols": {
        "code": 0,
        "symbol_list": [_pair("BTC_USDT", 4, 2, 0.0001, 2, liquidation_rate=0.3)],
    },
    "margin/currencies": {
        "code": 0,
        "funding_time": "GMT+8 10:00:00",
        "currencys": ["BTC", "USDT"],
        "margin_fees": [
            {"currency_mark": "USDT", "level": 1, "range": "[1-7]", "loan_fees": 0.0005},
            {"currency_mark": "USDT", "level": 2, "range": "[8-14]", "loan_fees": 0.001},
            {"currency_mark": "BTC", "level": 1, "range": "[1-7]", "loan_fees": 0.0003},
        ],
    },
    "currencies": {
        "code": 200,
        "data": [
            {"currency": "btc", "chain": "", "min_deposit_amount": 0.0005, "min_withdraw_amount": 0.001,
             "deposit_status": 1, "withdraw_status": 1, "withdraw_fee_currency": "btc", "min_withdraw_fee": 0.0004,
             "withdraw_fee_rate": 0},
            {"currency": "usdt", "chain": "ERC20", "min_deposit_amount": 1, "min_withdraw_amount": 10,
             "deposit_status": 1, "withdraw_status": 1, "withdraw_fee_currency": "usdt", "min_withdraw_fee": 5,
             "withdraw_fee_rate": 0.001},
            {"currency": "usdt", "chain": "TRC20", "min_deposit_amount": 1, "min_withdraw_amount": 2,
             "deposit_status": 1, "withdraw_status": 1, "withdraw_fee_currency": "usdt", "min_withdraw_fee": 1,
             "withdraw_fee_rate": 0},
            {"currency": "ltc", "chain": "", "min_deposit_amount": 0.01, "min_withdraw_amount": 0.02,
             "deposit_status": 1, "withdraw_status": 0, "withdraw_fee_currency": "ltc", "min_withdraw_fee": 0.001,
             "withdraw_fee_rate": 0},
        ],
    },
    "ticker": {
        "ticker": [
            {"vol": 40717.4461, "change": -1.91, "base_vol": 392447999.65374, "sell": 9592.23, "last": 9592.22,
             "symbol": "btc_usdt", "low": 9476.24, "buy": 9592.03, "high": 9793.87},
            {"vol": 1200.5, "change": 0.5, "base_vol": 96040.0, "sell": 80.12, "last": 80.1,
             "symbol": "ltc_usdt", "low": 78.2, "buy": 80.05, "high": 81.9},
        ],
        "date": NOW_S,
        "code": 0,
    },
    "order_book": {
        "bids": [[9559.45, 1.3766], [9559.04, 0.0127]],
        "asks": [[9563.45, 0.6312], [9563.34, 0.0087]],
        "date": NOW_S,
        "code": 0,
    },
    "trades": {
        "data": [
            {"date": NOW_S, "id": 2989995478, "amount": 0.001, "type": "buy", "price": 9661.05},
            {"date": NOW_S - 1, "id": 2989995473, "amount": 0.0005, "type": "sell", "price": 9659.99},
        ],
        "date": NOW_S,
        "code": 0,
    },
    "kline": {
        "data": [
            [NOW_S - 120, 621.4565, 9342.7, 9349.99, 9305.86, 9307.96],
            [NOW_S - 60, 378.1678, 9333.71, 9344.25, 9318.26, 9342.23],
        ],
        "code": 0,
    },
    "spot/assets": {
        "code": 0,
        "list": [
            {"currency": "BTC", "free": 1.5, "total": 2},
            {"currency": "USDT", "free": 1000.25, "total": 1500.25},
        ],
    },
    "margin/assets": {
        "code": 0,
        "total": 1500,
        "free": 1000,
        "unrealized_pnl": 0,
        "list": [{"currency": "USDT", "free": 1000, "total": 1500}],
    },
    "spot/order": {
        "code": 0,
        "data": [
            {"symbol": "BTC_USDT", "order_id": "dd3164b333a4afa9d5730bb87f6db8b3", "created_date": NOW_S - 60,
             "finished_date": 0, "price": 9000.5, "amount": 1, "cash_amount": 0, "executed_amount": 0.25,
             "avg_price": 9000.5, "status": 1, "type": "buy", "kind": "spot"},
        ],
    },
    "spot/order/current": {
        "code": 0,
        "data": [
            {"symbol": "BTC_USDT", "order_id": "dd3164b333a4afa9d5730bb87f6db8b3", "created_date": NOW_S - 60,
             "finished_date": 0, "price": 9000.5, "amount": 1, "cash_amount": 0, "executed_amount": 0.25,
             "avg_price": 9000.5, "status": 1, "type": "buy", "kind": "spot"},
            {"symbol": "LTC_USDT", "order_id": "0f3e1b2c3d4e5f60718293a4b5c6d7e8", "created_date": NOW_S - 30,
             "finished_date": 0, "price": 81.5, "amount": 2, "cash_amount": 0, "executed_amount": 0,
             "avg_price": 0, "status": 0, "type": "sell", "kind": "spot"},
        ],
    },
    "spot/order/history": {
        "code": 0,
        "data": [
            {"symbol": "BTC_USDT", "order_id": "aa3164b333a4afa9d5730bb87f6db8b3", "created_date": NOW_S - 600,
             "finished_date": NOW_S - 590, "price": 9100, "amount": 0.5, "cash_amount": 0, "executed_amount": 0.5,
             "avg_price": 9100, "status": 2, "type": "sell", "kind": "spot"},
            {"symbol": "BTC_USDT", "order_id": "bb3164b333a4afa9d5730bb87f6db8b3", "created_date": NOW_S - 500,
             "finished_date": NOW_S - 499, "price": 0, "amount": 100, "cash_amount": 100, "executed_amount": 0.011,
             "avg_price": 9090.9, "status": 2, "type": "buy_market", "kind": "spot"},
        ],
    },
    "spot/order/detail": {
        "code": 0,
        "data": {
            "symbol": "BTC_USDT", "order_id": "aa3164b333a4afa9d5730bb87f6db8b3", "created_date": NOW_S - 600,
            "finished_date": NOW_S - 590, "price": 9100, "amount": 0.5, "cash_amount": 0, "executed_amount": 0.5,
            "avg_price": 9100, "status": 2, "type": "sell", "kind": "spot",
            "detail": [{"tid": 63194988, "date": NOW_S - 590, "executed_amount": 0.5, "executed_price": 9100}],
        },
    },
    "spot/mytrades": {
        "code": 0,
        "list": [
            {"symbol": "BTC_USDT", "order_id": "aa3164b333a4afa9d5730bb87f6db8b3", "id": 28457, "price": 9100,
             "amount": 0.5, "fee": 9.1, "fee_currency": "USDT", "timestamp": NOW_S - 590, "side": "sell",
             "is_maker": True},
            {"symbol": "BTC_USDT", "order_id": "bb3164b333a4afa9d5730bb87f6db8b3", "id": 28458, "price": 9090.9,
             "amount": 0.011, "fee": 0.000022, "fee_currency": "BTC", "timestamp": NOW_S - 499, "side": "buy_market",
             "is_maker": False},
        ],
    },
    "spot/order/new": {"code": 0, "order_id": "198361cecdc65f9c8c9bb2fa68faec40"},
    "spot/order/batch_new": {"code": 0, "order_ids": ["198361cecdc65f9c8c9bb2fa68faec40", "3fb0d98e51c18954f10d439a9cf57de0"]},
    "spot/order/cancel": {"code": 0, "success": ["198361cecdc65f9c8c9bb2fa68faec40"], "error": []},
    "margin/positions": {
        "code": 0,
        "margin": "20",
        "margin_rate": 1,
        "unrealized_pnl": "55",
        "positions": [
            {"symbol": "BTC_USDT", "leverage_ratio": "3.0", "side": "long", "amount": "0.3", "entry_price": "9000",
             "unrealized_pnl": "55", "liquidation_price": "6300.5", "liquidation_rate": "0.3"},
        ],
    },
    "spot/financelog": {
        "code": 0,
        "data": {
            "total": 2,
            "finance": [
                {"currency_mark": "USDT", "type": 20, "num": -100, "balance": 900, "time": NOW_S - 300},
                {"currency_mark": "BTC", "type": 1, "num": 0.5, "balance": 2, "time": NOW_S - 200},
            ],
        },
    },
    "transfer": {"code": 0},
    "margin/position/close": {"code": 0},
    "deposit/address": {
        "code": 200,
        "data": [
            {"currency": "usdt", "address": "0xde709f2102306220921060314715629080e2fb77", "addressTag": "", "chain": "ERC20"},
            {"currency": "usdt", "address": "TXLAQ63Xg1NAzckPwKHvzw7CSEmLMEqcdj", "addressTag": "", "chain": "TRC20"},
        ],
    },
    "deposit/history": {
        "code": 200,
        "data": [
            {"id": 1171, "currency": "usdt", "hash": "ed03094b84eafbe4bc16e7ef766ee959885ee5bcb265872baaa9c64e1cf86c2b",
             "chain": "TRC20", "amount": 7.457467, "address": "TXLAQ63Xg1NAzckPwKHvzw7CSEmLMEqcdj", "state": 3,
             "created_date": "2025-12-31 11:23:00", "finished_date": "2025-12-31 13:23:00"},
        ],
    },
    "withdraw/history": {
        "code": 200,
        "data": [
            {"id": 1172, "currency": "usdt", "hash": "0f03094b84eafbe4bc16e7ef766ee959885ee5bcb265872baaa9c64e1cf86c2b",
             "chain": "ERC20", "amount": 50, "address": "0xde709f2102306220921060314715629080e2fb77", "memo": "",
             "fee": 5, "state": 3, "created_date": "2025-12-31 12:00:00", "finished_date": "2025-12-31 12:30:00"},
        ],
    },
    "withdraw/new": {"code": 200, "withdraw_id": 700},
    "withdraw/cancel": {"code": 200, "withdraw_id": 700},
}

SWAP: dict[str, Any] = {
    "public/instruments": {
        "code": 0,
        "data": [
            {"instrument_id": "BTCUSDTPERP", "type": "REAL", "contract_type": "PERPETUAL", "base_currency": "BTC",
             "quote_currency": "USDT", "clear_currency": "USDT", "contract_value": "0.001",
             "contract_value_currency": "BTC", "is_inverse": False, "is_trading": True, "status": "ONLINE",
             "price_precision": 1, "tick_size": "0.1", "min_order_amount": 1,
             "open_max_limits": [{"leverage": "50", "max_limit": "1000000"}]},
        ],
    },
    "public/instrument": {
        "code": 0,
        "data": {"instrument_id": "BTCUSDTPERP", "type": "REAL", "contract_type": "PERPETUAL", "base_currency": "BTC",
                 "quote_currency": "USDT", "clear_currency": "USDT", "contract_value": "0.001",
                 "contract_value_currency": "BTC", "is_inverse": False, "is_trading": True, "status": "ONLINE",
                 "price_precision": 1, "tick_size": "0.1", "min_order_amount": 1,
                 "open_max_limits": [{"leverage": "50", "max_limit": "1000000"}, {"leverage": "20", "max_limit": "5000000"}]},
    },
    "public/ticker": {
        "code": 0,
        "data": {"instrument_id": "BTCUSDTPERP", "index_price": "95001.2", "mark_price": "95000.8",
                 "max_buy_price": "99750", "min_sell_price": "90250", "best_bid": "94999.9", "best_bid_size": "120",
                 "best_ask": "95000.1", "best_ask_size": "80", "high_24h": "96000", "open_24h": "94000",
                 "low_24h": "93500", "last": "95000", "last_qty": "3", "volume_24h": "1250000",
                 "price_change_percent": "0.0106", "open_interest": "-", "timestamp": NOW_MS},
    },
    "public/tickers": {
        "code": 0,
        "data": [
            {"instrument_id": "BTCUSDTPERP", "index_price": "95001.2", "mark_price": "95000.8", "best_bid": "94999.9",
             "best_bid_size": "120", "best_ask": "95000.1", "best_ask_size": "80", "high_24h": "96000",
             "open_24h": "94000", "low_24h": "93500", "last": "95000", "last_qty": "3", "volume_24h": "1250000",
             "price_change_percent": "0.0106", "open_interest": "-", "timestamp": NOW_MS},
        ],
    },
    "public/depth": {
        "code": 0,
        "data": {"instrument_id": "BTCUSDTPERP", "timestamp": NOW_MS,
                 "asks": [["95000.1", 80], ["95000.5", 200]], "bids": [["94999.9", 120], ["94999.0", 300]]},
    },
    "public/trades": {
        "code": 0,
        "data": [
            {"instrument_id": "BTCUSDTPERP", "trade_id": "1595190773677035521", "direction": "4", "volume": "4",
             "price": "95000.1", "trade_time": NOW_MS - 1000},
        ],
    },
    "public/candles": {
        "code": 0,
        "data": {"instrument_id": "BTCUSDTPERP", "granularity": "1m",
                 "candles": [[NOW_MS - 60_000, "94990", "95010", "94980", "95000", "1250", "118750000"]]},
    },
    "public/funding_rate": {
        "code": 0,
        "data": {"instrument_id": "BTCUSDTPERP", "funding_rate": "0.0001", "funding_time": NOW_MS - 3_600_000,
                 "next_funding_rate": "0.00012", "next_funding_time": NOW_MS + 3_600_000},
    },
    "public/funding_rate_history": {
        "code": 0,
        "data": {"instrument_id": "BTCUSDTPERP", "funding_rates": [{"rate": "0.0001", "time": NOW_MS - 3_600_000}]},
    },
    "account/balance": {
        "code": 0,
        "data": [
            {"equity": "1500", "currency": "USDT", "margin": "100", "frozen_margin": "0", "frozen_money": "0",
             "margin_ratio": "0.05", "realized_pnl": "0", "avail_balance": "1400", "unrealized_pnl": "3",
             "time_stamp": NOW_MS},
        ],
    },
    "account/positions": {
        "code": 0,
        "data": [
            {"instrument_id": "BTCUSDTPERP", "margin_mode": "crossed", "avail_position": "1", "avg_cost": "94000",
             "last": "95000", "leverage": "20", "liquidation_price": "50000", "maint_margin_ratio": "0.005",
             "margin": "4.7", "position": "1", "realized_pnl": "0", "unrealized_pnl": "1",
             "unrealized_pnl_rate": "0.2", "side": "long", "open_outstanding": "0", "risk_score": "0.4",
             "margin_ratio": "0.4", "timestamp": NOW_MS},
        ],
    },
    "trade/open_orders": {
        "code": 0,
        "data": [
            {"order_id": "1590898207657824256", "instrument_id": "BTCUSDTPERP", "margin_mode": "crossed",
             "contract_val": "0.001", "type": 1, "order_type": 0, "price": "90000", "size": "6", "filled_qty": "0",
             "price_avg": "0", "fee": "0", "state": 0, "leverage": "20", "turnover": "0", "has_stop": 0,
             "insert_time": NOW_MS - 5000, "time_stamp": NOW_MS - 5000},
        ],
    },
    "trade/history_orders": {
        "code": 0,
        "data": [
            {"order_id": "1590898207657824257", "instrument_id": "BTCUSDTPERP", "margin_mode": "crossed",
             "contract_val": "0.001", "type": 1, "order_type": 0, "price": "94000", "size": "2", "filled_qty": "2",
             "price_avg": "94000", "fee": "0.09", "state": 2, "leverage": "20", "turnover": "188", "has_stop": 0,
             "insert_time": NOW_MS - 50_000, "time_stamp": NOW_MS - 40_000},
        ],
    },
    "trade/order_info": {
        "code": 0,
        "data": {"order_id": "1590898207657824256", "instrument_id": "BTCUSDTPERP", "margin_mode": "crossed",
                 "contract_val": "0.001", "type": 1, "order_type": 0, "price": "90000", "size": "6",
                 "filled_qty": "0", "price_avg": "0", "fee": "0", "state": 0, "leverage": "20", "turnover": "0",
                 "has_stop": 0, "insert_time": NOW_MS - 5000, "time_stamp": NOW_MS - 5000},
    },
    "trade/history_trades": {
        "code": 0,
        "data": [
            {"trade_id": "1590136768424841218", "instrument_id": "BTCUSDTPERP", "order_id": "1590898207657824257",
             "type": 1, "order_type": 8, "price": "94000", "size": "2", "fee": "0.09", "close_profit": "0",
             "leverage": "20", "trade_type": 0, "match_role": 1, "trade_time": NOW_MS - 40_000},
        ],
    },
    "trade/order_place": {"code": 0, "data": "1590873693003714560"},
    "trade/cancel_order": {"code": 0, "data": "1590898207657824256"},
    "trade/batch_order": {"code": 0, "data": ["1590873693003714561"]},
    "account/finance_record": {
        "code": 0,
        "data": [{"currency": "USDT", "finance_type": 17, "change": "3.01", "timestamp": NOW_MS - 7200_000}],
    },
    "account/trading_fee_rate": {
        "code": 0,
        "data": {"instrument_id": "BTCUSDTPERP", "taker_fee_rate": "0.0005", "maker_fee_rate": "0.0003"},
    },
    "account/transfer_record": {
        "code": 0,
        "data": [{"transfer_id": 130524, "type": 1, "currency": "USDT", "amount": "24", "timestamp": NOW_MS - 86_400_000}],
    },
    "account/funding_fee": {
        "code": 0,
        "data": [{"instrument_id": "BTCUSDTPERP", "currency": "USDT", "amount": "-0.0003", "timestamp": NOW_MS - 3_600_000}],
    },
    "account/leverage": {"code": 0, "data": {"instrument_id": "BTCUSDTPERP", "leverage": 10, "margin_mode": "crossed",
                                               "side": "both"}},
}

V3_PREFIX = "/v3/"
SWAP_PREFIX = "/swap/v2/"


class CannedAPI:
    """An exchange's `fetch`: answers every request from the tables by path (a copy
    each time), and records (method, path, params) of what was asked."""

    def __init__(self, v3: dict[str, Any] | None = None, swap: dict[str, Any] | None = None) -> None:
        self.v3 = copy.deepcopy(V3 if v3 is None else v3)
        self.swap = copy.deepcopy(SWAP if swap is None else swap)
        self.calls: list[tuple[str, str, dict[str, str]]] = []

    def __call__(self, url: str, method: str = "GET", headers: Any = None, body: Any = None) -> Any:
        parsed = urlparse(url)
        params = dict(parse_qsl(parsed.query, keep_blank_values=True))
        if body:
            text = body.decode() if isinstance(body, bytes) else str(body)
            try:
                loaded = json.loads(text)
                params.update(loaded if isinstance(loaded, dict) else {})
            except ValueError:
                params.update(parse_qsl(text, keep_blank_values=True))
        path = parsed.path
        if path.startswith(V3_PREFIX):
            table, key = self.v3, path[len(V3_PREFIX) :]
        elif path.startswith(SWAP_PREFIX):
            table, key = self.swap, path[len(SWAP_PREFIX) :]
        else:
            raise AssertionError(f"unexpected request {method} {url}")
        self.calls.append((method, path, params))
        if key not in table:
            raise AssertionError(f"no canned answer for {method} {path}")
        return copy.deepcopy(table[key])


def with_canned(exchange: Any, api: CannedAPI | None = None) -> Any:
    exchange.fetch = api or CannedAPI()
    return exchange


def twins(**config: Any) -> tuple[dfx_unified.digifinex, ccxt.digifinex]:
    """(ours, ccxt's), configured alike, both answered from the canned tables."""
    settings = {"apiKey": "0123456789abcd", "secret": "01234567890123456789abcd", "enableRateLimit": False, **config}
    ours = with_canned(dfx_unified.digifinex(copy.deepcopy(settings)))
    theirs = with_canned(ccxt.digifinex(copy.deepcopy(settings)))
    for exchange in (ours, theirs):
        exchange.milliseconds = lambda: NOW_MS  # type: ignore[method-assign]
        exchange.load_markets()
    return ours, theirs


Call = Callable[[Any], Any]
