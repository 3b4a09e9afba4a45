"""Orders, balances, margin, transfers, deposits and withdrawals end to end.

The sandbox's own state is the judge: balances conserve, orders exist exactly once.
"""

from __future__ import annotations

import ccxt
import pytest

from dfx_unified.sandbox.config import CURRENCIES, DEFAULT_WHITELIST, MARGIN_FEES, SandboxConfig

SYMBOL = "BTC/USDT"
TRC20_ADDRESS = next(w["address"] for w in DEFAULT_WHITELIST if w["currency"] == "USDT" and w["chain"] == "TRC20")


def account_state(sandbox, key):
    """The sandbox's own record of an account (the judge of what landed)."""
    uid = sandbox.engine.key_info(key).uid
    return sandbox.state()["accounts"][str(uid)]


def far_bid(client, factor=0.7):
    return float(client.price_to_precision(SYMBOL, client.fetch_ticker(SYMBOL)["bid"] * factor))


def test_limit_order_lifecycle_locks_and_releases_funds(account):
    client, _ = account
    client.load_markets()
    before = client.fetch_balance()
    price = far_bid(client)
    order = client.create_order(SYMBOL, "limit", "buy", 0.01, price)
    # order/new answers only an id: the returned order claims no state
    assert (order["symbol"], order["type"], order["side"], order["status"]) == (SYMBOL, "limit", "buy", None)
    assert order["amount"] == 0.01 and order["price"] == price and len(order["id"]) == 32
    locked = client.fetch_balance()
    assert locked["USDT"]["used"] == pytest.approx(before["USDT"]["used"] + 0.01 * price)
    assert locked["USDT"]["free"] == pytest.approx(before["USDT"]["free"] - 0.01 * price)
    assert client.fetch_order(order["id"], SYMBOL)["status"] == "open"
    assert [o["id"] for o in client.fetch_open_orders(SYMBOL)] == [order["id"]]
    assert [o["id"] for o in client.fetch_orders_by_ids([order["id"]], SYMBOL)] == [order["id"]]
    canceled = client.cancel_order(order["id"], SYMBOL)
    assert canceled["id"] == order["id"] and canceled["status"] == "canceled"
    assert client.fetch_open_orders(SYMBOL) == []
    closed = client.fetch_closed_orders(SYMBOL)
    assert [(o["id"], o["status"]) for o in closed] == [(order["id"], "canceled")]
    assert client.fetch_balance()["USDT"]["free"] == pytest.approx(before["USDT"]["free"])
    with pytest.raises(ccxt.OrderNotFound):
        client.cancel_order(order["id"], SYMBOL)


def test_fetch_order_after_create_tells_the_real_state(account):
    client, _ = account
    client.load_markets()
    book = client.fetch_order_book(SYMBOL, 5)
    top = float(client.price_to_precision(SYMBOL, book["bids"][0][0] + 0.01))
    client.create_order(SYMBOL, "limit", "buy", 0.002, top)
    sell = client.create_order(SYMBOL, "market", "sell", 0.002, None, {"fetchOrderAfterCreate": True})
    assert (sell["status"], sell["filled"]) == ("closed", 0.002)
    # a post-only order that would take liquidity is refused by the exchange
    ask = client.fetch_order_book(SYMBOL, 5)["asks"][0][0]
    crossing = client.create_order(SYMBOL, "limit", "buy", 0.001, ask, {"postOnly": True, "fetchOrderAfterCreate": True})
    assert crossing["status"] == "canceled" and crossing["filled"] == 0
    resting = client.create_order(SYMBOL, "limit", "buy", 0.001, far_bid(client), {"fetchOrderAfterCreate": True})
    assert resting["status"] == "open"
    assert client.fetch_order(resting["id"], SYMBOL)["status"] == "open"
    client.cancel_order(resting["id"], SYMBOL)


def test_market_order_fills_a_resting_limit_order(account):
    client, _ = account
    client.load_markets()
    book = client.fetch_order_book(SYMBOL, 5)
    top = float(client.price_to_precision(SYMBOL, book["bids"][0][0] + 0.01))
    bid = client.create_order(SYMBOL, "limit", "buy", 0.002, top)
    sell = client.create_order(SYMBOL, "market", "sell", 0.002)
    assert (sell["type"], sell["side"]) == ("market", "sell")
    filled = client.fetch_order(bid["id"], SYMBOL)
    assert filled["status"] == "closed" and filled["filled"] == 0.002 and filled["remaining"] == 0
    assert filled["average"] == top
    fills = client.fetch_order_trades(bid["id"], SYMBOL)
    assert sum(t["amount"] for t in fills) == pytest.approx(0.002)
    assert all(t["order"] == bid["id"] for t in fills)
    mine = client.fetch_my_trades(SYMBOL)
    assert {t["order"] for t in mine} >= {bid["id"], sell["id"]}
    assert {t["takerOrMaker"] for t in mine} == {"maker", "taker"}
    history = client.fetch_orders(SYMBOL)
    assert {bid["id"], sell["id"]} <= {o["id"] for o in history}


def test_market_buy_spends_quote(account):
    client, _ = account
    client.load_markets()
    before = client.fetch_balance()["USDT"]["total"]
    order = client.create_market_buy_order_with_cost(SYMBOL, 50)
    detail = client.fetch_order(order["id"], SYMBOL)
    assert detail["status"] == "closed" and detail["side"] == "buy" and detail["type"] == "market"
    assert detail["filled"] > 0
    spent = before - client.fetch_balance()["USDT"]["total"]
    # the fill is whole base steps (1e-6 BTC, about 0.06 USDT): the rest stays unspent
    assert 49.9 <= spent <= 50
    assert detail["cost"] == 50  # cash_amount: the quote the order was given to spend
    assert detail["filled"] * detail["average"] == pytest.approx(spent, rel=1e-6)


def test_batch_create_cancel_orders_and_cancel_all(account):
    client, _ = account
    client.load_markets()
    price = far_bid(client)
    orders = client.create_orders([
        {"symbol": SYMBOL, "type": "limit", "side": "buy", "amount": 0.001, "price": price},
        {"symbol": SYMBOL, "type": "limit", "side": "buy", "amount": 0.002, "price": price * 0.99},
        {"symbol": SYMBOL, "type": "limit", "side": "buy", "amount": 0.003, "price": price * 0.98},
    ])
    assert [o["amount"] for o in orders] == [0.001, 0.002, 0.003]
    assert len(client.fetch_open_orders(SYMBOL)) == 3
    result = client.cancel_orders([orders[0]["id"], orders[1]["id"]], SYMBOL)
    assert [o["status"] for o in result] == ["canceled", "canceled"]
    client.create_order(SYMBOL, "limit", "buy", 0.001, price, {"postOnly": True})
    client.cancel_all_orders(SYMBOL)
    assert client.fetch_open_orders(SYMBOL) == []


def test_refusals_send_nothing(account, sandbox):
    client, key = account
    client.load_markets()
    with pytest.raises(ccxt.InvalidOrder):
        client.create_order("DOGE/USDT", "market", "buy", 100, 0.1)  # LIMIT-only pair
    with pytest.raises(ccxt.InvalidOrder):
        client.create_order(SYMBOL, "limit", "buy", 0.00001, 30000)  # below the minimum amount
    with pytest.raises(ccxt.InvalidOrder):
        client.create_order(SYMBOL, "limit", "buy", float("nan"), 30000)
    with pytest.raises(ccxt.BadSymbol):
        client.create_order("ADA/USDT", "limit", "buy", 10, 0.3)  # no API trading
    assert account_state(sandbox, key)["orders"] == 0


def test_margin_position_open_and_close(account):
    client, _ = account
    client.load_markets()
    transfer = client.transfer("USDT", 100, "spot", "margin")
    assert (transfer["currency"], transfer["amount"], transfer["fromAccount"], transfer["toAccount"]) == (
        "USDT", 100, "spot", "margin"
    )
    margin = client.fetch_balance({"type": "margin"})
    assert margin["USDT"]["total"] >= 100
    order = client.create_order(SYMBOL, "market", "buy", 0.001, client.fetch_ticker(SYMBOL)["ask"], {"marginMode": "cross"})
    assert client.fetch_order(order["id"], SYMBOL, {"marginMode": "cross"})["status"] == "closed"
    positions = client.fetch_positions()
    assert [(p["symbol"], p["side"]) for p in positions] == [(SYMBOL, "long")]
    position = client.fetch_position(SYMBOL)
    assert position["contracts"] > 0
    # a long position borrows quote: what its own margin does not cover
    leverage = float(SandboxConfig().leverage)
    [borrowed] = client.fetch_borrow_interest("USDT", SYMBOL)
    expected = position["contracts"] * position["entryPrice"] * (1 - 1 / leverage)
    assert (borrowed["currency"], borrowed["symbol"]) == ("USDT", SYMBOL)
    assert borrowed["amountBorrowed"] == pytest.approx(expected)
    first_tier = min((f for f in MARGIN_FEES if f["currency_mark"] == "USDT"), key=lambda f: f["level"])
    assert borrowed["interestRate"] == client.fetch_cross_borrow_rate("USDT")["rate"] == first_tier["loan_fees"]
    client.close_position(SYMBOL)
    assert [p for p in client.fetch_positions() if p["contracts"]] == []
    ledger = client.fetch_ledger("USDT", params={"type": "margin"})
    assert "transfer" in {entry["type"] for entry in ledger}


def test_deposit_and_withdrawal_round_trip(account, sandbox):
    client, key = account
    client.load_markets()
    address = client.fetch_deposit_address("USDT", {"network": "TRC20"})
    assert address["network"] == "TRC20" and address["address"]
    by_network = client.fetch_deposit_addresses_by_network("USDT")
    assert set(by_network) == {"ERC20", "TRC20"}
    sandbox.deposit("USDT", "25", api_key=key)
    deposits = client.fetch_deposits("USDT")
    # the account's opening funds are deposits too (spot 100000, margin 10000)
    assert sorted(d["amount"] for d in deposits) == [25, 10000, 100000]
    assert {d["status"] for d in deposits} == {"ok"} and {d["currency"] for d in deposits} == {"USDT"}
    before = client.fetch_balance()["USDT"]["free"]
    withdrawal = client.withdraw("USDT", 20, TRC20_ADDRESS, params={"network": "TRC20"})
    assert withdrawal["status"] == "pending" and withdrawal["network"] == "TRC20"
    assert client.fetch_balance()["USDT"]["free"] < before
    assert [w["id"] for w in client.fetch_withdrawals("USDT")] == [withdrawal["id"]]
    canceled = client.cancel_withdrawal(withdrawal["id"])
    assert canceled["status"] == "canceled"
    assert client.fetch_withdrawals("USDT")[0]["status"] == "canceled"
    assert client.fetch_balance()["USDT"]["free"] == pytest.approx(before)
    with pytest.raises(ccxt.InvalidAddress):
        client.withdraw("USDT", 20, "TNotOnTheWhitelist000000000000000", params={"network": "TRC20"})


def test_borrow_rates_and_withdraw_fees_as_the_exchange_lists_them(account):
    client, _ = account
    rates = client.fetch_cross_borrow_rates()
    for code in {f["currency_mark"] for f in MARGIN_FEES}:
        first_tier = min((f for f in MARGIN_FEES if f["currency_mark"] == code), key=lambda f: f["level"])
        assert rates[code]["rate"] == first_tier["loan_fees"] and rates[code]["period"] == 86_400_000
    with pytest.raises(ccxt.BadRequest, match="cannot be borrowed"):
        client.fetch_cross_borrow_rate("DGF")
    fees = client.fetch_deposit_withdraw_fees()
    for row in CURRENCIES:
        network = row.chain or row.currency
        assert fees[row.currency]["networks"][network]["withdraw"]["fee"] == float(row.min_withdraw_fee)
    assert client.fetch_deposit_withdraw_fee("USDT")["networks"] == fees["USDT"]["networks"]
