"""Network faults injected by the sandbox: no duplicate, nothing lost.

For each request that creates or moves something the client must either return the
correct result (found by reconciliation) or raise OutcomeUnknown / the right ccxt
error, and the sandbox's own state must show the action exactly once or not at all,
matching what the client said. Cancels are retried.
"""

from __future__ import annotations

import ccxt
import pytest

import dfx_unified
from dfx_unified.sandbox.config import DEFAULT_WHITELIST
from tests.e2e.conftest import make_client

SYMBOL = "BTC/USDT"
TRC20 = next(w["address"] for w in DEFAULT_WHITELIST if w["currency"] == "USDT" and w["chain"] == "TRC20")
# Client timeout 0.3 s; a "delay" fault holds the request 0.8 s; reconciliation looks
# twice, 1.5 s apart, so its second look comes after a delayed commit.
CLIENT = {"timeout": 300, "options": {"reconcileAttempts": 2, "reconcileDelay": 1.5, "retryDelay": 0}}

# (fault kind, when, landed on the server?)
LOST_ANSWERS = [
    ("delay", "before", True),
    ("delay", "after", True),
    ("reset", "before", False),
    ("reset", "after", True),
    ("http_502", "before", False),
    ("malformed_json", "after", True),
]
IDS = [f"{kind}-{when}" for kind, when, _ in LOST_ANSWERS]


@pytest.fixture(params=["sync", "async"])
def faulty(request, sandbox):
    key, secret = sandbox.create_api_key()
    client = make_client(request.param, sandbox.url, key, secret, **CLIENT)
    client.load_markets()
    try:
        yield client, key
    finally:
        sandbox.clear_faults()
        client.close()


def account_state(sandbox, key):
    return sandbox.state()["accounts"][str(sandbox.engine.key_info(key).uid)]


def inject(sandbox, path, kind, when):
    sandbox.inject_fault(path, kind, when=when, delay=0.8 if kind == "delay" else 0.0)


def far_price(client):
    return float(client.price_to_precision(SYMBOL, client.fetch_ticker(SYMBOL)["bid"] * 0.7))


@pytest.mark.parametrize(("kind", "when", "landed"), LOST_ANSWERS, ids=IDS)
def test_create_order(faulty, sandbox, kind, when, landed):
    client, key = faulty
    price = far_price(client)
    inject(sandbox, "spot/order/new", kind, when)
    if landed:
        order = client.create_order(SYMBOL, "limit", "buy", 0.001, price)
        assert (order["symbol"], order["side"], order["amount"], order["price"]) == (SYMBOL, "buy", 0.001, price)
        assert [o["id"] for o in client.fetch_open_orders(SYMBOL)] == [order["id"]]
    else:
        with pytest.raises(dfx_unified.OutcomeUnknown, match="NOT re-sent") as info:
            client.create_order(SYMBOL, "limit", "buy", 0.001, price)
        assert info.value.checked  # says what it looked at
    assert account_state(sandbox, key)["orders"] == (1 if landed else 0)


@pytest.mark.parametrize(("kind", "when", "landed"), LOST_ANSWERS, ids=IDS)
def test_create_orders_batch(faulty, sandbox, kind, when, landed):
    client, key = faulty
    price = far_price(client)
    batch = [{"symbol": SYMBOL, "type": "limit", "side": "buy", "amount": 0.001 * (i + 1), "price": price} for i in range(3)]
    inject(sandbox, "spot/order/batch_new", kind, when)
    if landed:
        orders = client.create_orders(batch)
        assert sorted(o["amount"] for o in orders) == [0.001, 0.002, 0.003]
    else:
        with pytest.raises(dfx_unified.OutcomeUnknown):
            client.create_orders(batch)
    assert account_state(sandbox, key)["orders"] == (3 if landed else 0)


@pytest.mark.parametrize(("kind", "when", "landed"), LOST_ANSWERS, ids=IDS)
def test_cancel_is_retried(faulty, sandbox, kind, when, landed):
    client, key = faulty
    order = client.create_order(SYMBOL, "limit", "buy", 0.001, far_price(client))
    inject(sandbox, "spot/order/cancel", kind, when)
    canceled = client.cancel_order(order["id"], SYMBOL)
    assert canceled["id"] == order["id"] and canceled["status"] == "canceled"
    assert client.fetch_order(order["id"], SYMBOL)["status"] == "canceled"
    assert account_state(sandbox, key)["open_orders"] == 0


@pytest.mark.parametrize(("kind", "when", "landed"), LOST_ANSWERS, ids=IDS)
def test_transfer(faulty, sandbox, kind, when, landed):
    client, _key = faulty
    spot_before = client.fetch_balance()["USDT"]["total"]
    inject(sandbox, "transfer", kind, when)
    if landed:
        transfer = client.transfer("USDT", 10, "spot", "margin")
        assert (transfer["amount"], transfer["fromAccount"], transfer["toAccount"]) == (10, "spot", "margin")
    else:
        with pytest.raises(dfx_unified.OutcomeUnknown):
            client.transfer("USDT", 10, "spot", "margin")
    assert client.fetch_balance()["USDT"]["total"] == spot_before - (10 if landed else 0)


@pytest.mark.parametrize(("kind", "when", "landed"), LOST_ANSWERS, ids=IDS)
def test_withdraw(faulty, sandbox, kind, when, landed):
    client, _key = faulty
    inject(sandbox, "withdraw/new", kind, when)
    if landed:
        withdrawal = client.withdraw("USDT", 20, TRC20, params={"network": "TRC20"})
        assert withdrawal["status"] == "pending" and withdrawal["amount"] == 20
        assert [w["id"] for w in client.fetch_withdrawals("USDT")] == [withdrawal["id"]]
    else:
        with pytest.raises(dfx_unified.OutcomeUnknown):
            client.withdraw("USDT", 20, TRC20, params={"network": "TRC20"})
        assert client.fetch_withdrawals("USDT") == []


def test_rate_limit_answer_refuses_without_acting(faulty, sandbox):
    client, key = faulty
    sandbox.inject_fault("spot/order/new", "rate_limit", delay=1)
    with pytest.raises(ccxt.RateLimitExceeded, match="resume_at"):
        client.create_order(SYMBOL, "limit", "buy", 0.001, 30000)
    assert account_state(sandbox, key)["orders"] == 0


def test_clock_skew_is_resynced_and_resent_once(faulty, sandbox):
    client, key = faulty
    price = far_price(client)
    sandbox.inject_fault("spot/order/new", "clock_skew", delay=-30)  # our stamp looks 30 s ahead
    order = client.create_order(SYMBOL, "limit", "buy", 0.001, price)
    assert client.fetch_order(order["id"], SYMBOL)["status"] == "open"
    assert account_state(sandbox, key)["orders"] == 1
