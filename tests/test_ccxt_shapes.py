"""Our unified structures against ccxt.digifinex's, on identical answers.

Every difference of shape (a key one side lacks, a value of another kind) must be
listed in the one table of docs/differences-from-ccxt.md, and nothing else may
differ: a new difference, or a listed one that went away, turns this red. Where ccxt
has a dict the adapter never has None, and where ccxt has a list never None.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import ccxt
import pytest

import dfx_unified
import dfx_unified.async_support
from tests.canned import twins
from tests.ccxt_shapes import differences, documented_table

ADDRESS = "TXLAQ63Xg1NAzckPwKHvzw7CSEmLMEqcdj"
LIMITS = [{"symbol": "BTC/USDT", "type": "limit", "side": "buy", "amount": 0.01, "price": 9000 + i} for i in range(2)]

CALLS: dict[str, Callable[[Any], Any]] = {
    "markets": lambda e: e.markets["BTC/USDT"],
    "currencies": lambda e: e.currencies["USDT"],
    "fetch_currencies": lambda e: e.fetch_currencies(),
    "fetch_ticker": lambda e: e.fetch_ticker("BTC/USDT"),
    "fetch_tickers": lambda e: e.fetch_tickers(),
    "fetch_order_book": lambda e: e.fetch_order_book("BTC/USDT"),
    "fetch_trades": lambda e: e.fetch_trades("BTC/USDT"),
    "fetch_ohlcv": lambda e: e.fetch_ohlcv("BTC/USDT", "1m", limit=2),
    "fetch_time": lambda e: e.fetch_time(),
    "fetch_status": lambda e: e.fetch_status(),
    "fetch_balance": lambda e: e.fetch_balance(),
    "fetch_balance margin": lambda e: e.fetch_balance({"marginMode": "cross"}),
    "create_order limit": lambda e: e.create_order("BTC/USDT", "limit", "buy", 0.01, 9000),
    "create_order market buy": lambda e: e.create_order("BTC/USDT", "market", "buy", 0.01, 9000),
    "create_market_buy_order_with_cost": lambda e: e.create_market_buy_order_with_cost("BTC/USDT", 100),
    "create_orders": lambda e: e.create_orders(LIMITS),
    "cancel_order": lambda e: e.cancel_order("198361cecdc65f9c8c9bb2fa68faec40", "BTC/USDT"),
    "cancel_orders": lambda e: e.cancel_orders(["198361cecdc65f9c8c9bb2fa68faec40"], "BTC/USDT"),
    "fetch_order": lambda e: e.fetch_order("dd3164b333a4afa9d5730bb87f6db8b3", "BTC/USDT"),
    "fetch_open_orders": lambda e: e.fetch_open_orders("BTC/USDT"),
    "fetch_orders": lambda e: e.fetch_orders("BTC/USDT"),
    "fetch_my_trades": lambda e: e.fetch_my_trades("BTC/USDT"),
    "fetch_ledger": lambda e: e.fetch_ledger(),
    "fetch_positions": lambda e: e.fetch_positions(),
    "fetch_position": lambda e: e.fetch_position("BTC/USDT"),
    "fetch_deposit_address": lambda e: e.fetch_deposit_address("USDT", {"network": "TRC20"}),
    "fetch_deposits": lambda e: e.fetch_deposits("USDT"),
    "fetch_withdrawals": lambda e: e.fetch_withdrawals("USDT"),
    "withdraw": lambda e: e.withdraw("USDT", 20, ADDRESS, {"network": "TRC20"}),  # ccxt's signature: params 4th
    "transfer": lambda e: e.transfer("USDT", 10, "spot", "margin"),
    "fetch_deposit_withdraw_fees": lambda e: e.fetch_deposit_withdraw_fees(),
    "fetch_deposit_withdraw_fee": lambda e: e.fetch_deposit_withdraw_fee("USDT"),
    "fetch_cross_borrow_rate": lambda e: e.fetch_cross_borrow_rate("USDT"),
    "fetch_cross_borrow_rates": lambda e: e.fetch_cross_borrow_rates(),
    "fetch_borrow_interest": lambda e: e.fetch_borrow_interest(None, "BTC/USDT"),
}
# results keyed by symbol or currency code
KEYED_RESULTS = {"fetch_currencies", "fetch_tickers", "fetch_deposit_withdraw_fees", "fetch_cross_borrow_rates"}


def observed() -> set[tuple[str, str, str, str]]:
    found = set()
    for name, call in CALLS.items():
        ours, theirs = twins()
        for path, their_kind, our_kind in differences(call(theirs), call(ours), "", name in KEYED_RESULTS):
            found.add((name, path, their_kind, our_kind))
    return found


def test_every_shape_difference_is_documented_and_nothing_else_differs():
    documented = {tuple(row[:4]) for row in documented_table("Unified structures")}
    found = observed()
    assert sorted(found - documented) == [], "undocumented differences"
    assert sorted(documented - found) == [], "documented differences that no longer exist"


def test_where_ccxt_has_a_container_we_never_have_none():
    for name, path, theirs, ours in observed():
        assert not (theirs in ("dict", "list") and ours == "None"), (name, path)


def test_every_documented_difference_says_why():
    assert all(row[4] for row in documented_table("Unified structures"))


# ---------------------------------------------------------------- has
def test_has_differs_from_ccxt_only_where_documented():
    ours, theirs = dfx_unified.digifinex().has, ccxt.digifinex().has
    keys = ours.keys() | theirs.keys()
    found = {(key, str(theirs.get(key)), str(ours.get(key))) for key in keys if ours.get(key) != theirs.get(key)}
    documented = {tuple(row[:3]) for row in documented_table("has")}
    assert found == documented
    assert all(row[3] for row in documented_table("has"))


def _snake(capability: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in capability).replace("o_h_l_c_v", "ohlcv")


VERBS = ("fetch", "create", "cancel", "edit", "set", "add", "reduce", "close", "transfer", "withdraw", "borrow", "repay")


@pytest.mark.parametrize("exchange_class", [dfx_unified.digifinex, dfx_unified.async_support.digifinex])
def test_every_true_capability_is_a_method_of_ours_or_ccxt_digifinex(exchange_class):
    from ccxt.base.exchange import Exchange

    has = exchange_class().has
    for capability, value in has.items():
        if value is not True or not capability.startswith(VERBS) or capability.endswith("Ws"):
            continue
        name = _snake(capability)
        method = getattr(exchange_class, name, None)
        assert method is not None, capability
        if method is getattr(Exchange, name, None):  # ccxt's generic helper: must do something
            body = [line.strip() for line in inspect.getsource(method).splitlines()[1:] if line.strip()]
            assert not body[0].startswith("raise NotSupported"), f"{capability} is ccxt's NotSupported stub"
