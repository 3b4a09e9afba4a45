"""Orders through the unified API: cassette replays, field by field, and reconcile."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ccxt
import pytest

import dfx_unified
from tests.trading_support import NOW_MS, NOW_S, trading_exchange, trading_exchange_fixture

ex = trading_exchange_fixture

OID = "198361cecdc65f9c8c9bb2fa68faec40"
OID2 = "3fb0d98e51c18954f10d439a9cf57de0"
OID3 = "78a7104e3c65cc0c5a212a53e76d0205"
REF_ID = "dd3164b333a4afa9d5730bb87f6db8b3"


# ---------------------------------------------------------------- create_order
def test_create_limit_order_rounds_and_returns_a_full_order(ex, replay):
    with replay("reference/orders_new_limit.yaml") as cassette:
        order = ex.create_order("BTC/USDT", "limit", "buy", 0.012345, 50000.123)
    assert cassette.play_count == 1
    assert order["id"] == OID
    assert order["clientOrderId"] is None
    assert order["symbol"] == "BTC/USDT"
    assert order["type"] == "limit"
    assert order["side"] == "buy"
    assert order["price"] == 50000.12  # rounded to the 0.01 tick
    assert order["amount"] == 0.0123  # truncated to 0.0001, never rounded up
    assert order["status"] is None  # order/new answers only an id: the state is not claimed
    assert order["fee"] == {"cost": None, "currency": None} and order["fees"] == [order["fee"]]
    assert order["timestamp"] == NOW_MS
    assert order["datetime"] == "2023-11-14T22:13:20.000Z"
    assert order["filled"] is None and order["remaining"] is None
    assert order["postOnly"] is False
    assert order["timeInForce"] == "GTC"
    assert order["info"] == {"code": 0, "order_id": OID}


@pytest.mark.parametrize(
    "params",
    [{"marginMode": "cross"}, {"margin": True}, {"type": "margin"}],
    ids=["marginMode", "margin-flag", "type"],
)
def test_create_order_margin_routing(ex, replay, params):
    with replay("reference/orders_new_limit_margin.yaml") as cassette:
        order = ex.create_order("BTC/USDT", "limit", "buy", 0.012345, 50000.123, params)
    assert cassette.requests[0].path == "/v3/margin/order/new"
    assert order["id"] == OID


def test_create_order_default_type_margin(replay):
    exchange = trading_exchange(options={"defaultType": "margin"})
    with replay("reference/orders_new_limit_margin.yaml") as cassette:
        exchange.create_order("BTC/USDT", "limit", "buy", 0.012345, 50000.123)
    assert cassette.requests[0].path == "/v3/margin/order/new"


@pytest.mark.parametrize("params", [{"postOnly": True}, {"timeInForce": "PO"}], ids=["postOnly", "timeInForce"])
def test_create_post_only(ex, replay, params):
    with replay("reference/orders_new_post_only.yaml") as cassette:
        order = ex.create_order("LTC/USDT", "limit", "sell", 1.5, 80.5, params)
    assert cassette.requests[0].body == b"symbol=ltc_usdt&type=sell&amount=1.5&price=80.5&post_only=1"
    assert order["postOnly"] is True
    assert order["timeInForce"] == "PO"
    assert order["side"] == "sell"


def test_market_buy_cost_from_amount_times_price(ex, replay):
    with replay("reference/orders_new_market_buy.yaml") as cassette:
        order = ex.create_order("BTC/USDT", "market", "buy", 0.01, 50000)
    assert cassette.requests[0].body == b"symbol=btc_usdt&type=buy_market&amount=500"
    assert order["type"] == "market" and order["side"] == "buy"
    assert order["cost"] == 500
    assert order["amount"] is None  # the base amount is not known before the fill
    assert order["price"] is None


def test_market_buy_cost_param(ex, replay):
    with replay("reference/orders_new_market_buy.yaml"):
        order = ex.create_order("BTC/USDT", "market", "buy", None, None, {"cost": 500})
    assert order["cost"] == 500


def test_market_buy_with_cost_method(ex, replay):
    with replay("reference/orders_new_market_buy.yaml"):
        order = ex.create_market_buy_order_with_cost("BTC/USDT", 500)
    assert order["cost"] == 500 and order["id"] == OID


def test_market_buy_amount_is_cost_when_price_not_required(replay):
    exchange = trading_exchange(options={"createMarketBuyOrderRequiresPrice": False})
    with replay("reference/orders_new_market_buy.yaml"):
        order = exchange.create_order("BTC/USDT", "market", "buy", 500)
    assert order["cost"] == 500


def test_market_sell_sends_no_price(ex, replay):
    with replay("reference/orders_new_market_sell.yaml") as cassette:
        order = ex.create_order("BTC/USDT", "market", "sell", 0.5, 41000)
    assert cassette.requests[0].body == b"symbol=btc_usdt&type=sell_market&amount=0.5"
    assert order["amount"] == 0.5
    assert order["timeInForce"] == "IOC"


# ---------------------------------------------------------------- create_orders
def test_create_orders_batch(ex, replay):
    orders = [
        {"symbol": "BTC/USDT", "type": "limit", "side": "buy", "amount": 0.01, "price": 30000, "params": {"postOnly": True}},
        {"symbol": "BTC/USDT", "type": "limit", "side": "sell", "amount": 0.02, "price": 70000},
    ]
    with replay("reference/orders_batch_new.yaml") as cassette:
        result = ex.create_orders(orders)
    assert cassette.play_count == 1
    assert [o["id"] for o in result] == [OID, OID2]
    assert [o["side"] for o in result] == ["buy", "sell"]
    assert [o["price"] for o in result] == [30000, 70000]
    assert [o["amount"] for o in result] == [0.01, 0.02]
    assert [o["postOnly"] for o in result] == [True, False]
    assert all(o["status"] is None and o["symbol"] == "BTC/USDT" for o in result)


def test_create_orders_split_stops_at_first_failure(ex, replay):
    orders = [{"symbol": "BTC/USDT", "type": "limit", "side": "buy", "amount": 0.01, "price": 30000 + i} for i in range(12)]
    with replay("quirks/orders_batch_split.yaml") as cassette, pytest.raises(ccxt.InsufficientFunds) as raised:
        ex.create_orders(orders, {"split": True})
    assert cassette.play_count == 2
    assert "orders 0-9 landed" in str(raised.value)
    assert "orders 10-11 were not placed" in str(raised.value)
    assert [o["id"] for o in raised.value.landed] == [f"{i:032x}" for i in range(1, 11)]


# ---------------------------------------------------------------- cancel
def test_cancel_orders_success_and_error(ex, replay):
    with replay("reference/orders_cancel.yaml"):
        result = ex.cancel_orders([OID, OID2, OID3], "BTC/USDT")
    assert [o["id"] for o in result] == [OID, OID2, OID3]
    # the id listed under `error` is 'failed' (ccxt's word); info is the id, as in ccxt
    assert [o["status"] for o in result] == ["canceled", "canceled", "failed"]
    assert [o["info"] for o in result] == [OID, OID2, OID3]
    assert result[0]["symbol"] == "BTC/USDT"


def test_cancel_order_margin(ex, replay):
    with replay("reference/orders_cancel_one.yaml") as cassette:
        order = ex.cancel_order(OID, None, {"marginMode": "cross"})
    assert cassette.requests[0].path == "/v3/margin/order/cancel"
    assert order["id"] == OID and order["status"] == "canceled"


def test_cancel_order_refused_is_order_not_found(ex, replay):
    with replay("quirks/orders_cancel_one_error.yaml"), pytest.raises(ccxt.OrderNotFound, match=OID3):
        ex.cancel_order(OID3)


def test_cancel_all_orders_one_request(ex, replay):
    with replay("quirks/orders_cancel_all.yaml") as cassette:
        result = ex.cancel_all_orders("BTC/USDT")
    assert cassette.play_count == 2
    assert [o["id"] for o in result] == [f"{i:032x}" for i in (0xA1, 0xA2, 0xA3)]
    assert all(o["status"] == "canceled" for o in result)


# ---------------------------------------------------------------- fetch
def test_fetch_order_reference(ex, replay):
    with replay("reference/orders_order.yaml"):
        order = ex.fetch_order(REF_ID)
    assert order["id"] == REF_ID
    assert order["symbol"] == "BTC/USDT"
    assert order["timestamp"] == 1562303547000
    assert order["lastTradeTimestamp"] is None  # finished_date 0
    assert order["status"] == "open"  # status 1
    assert order["type"] == "limit" and order["side"] == "buy"
    assert order["price"] == 0.1
    assert order["amount"] == 1
    assert order["filled"] == 0
    assert order["remaining"] == 1
    assert order["average"] is None  # avg_price 0
    assert order["cost"] == 0


def test_fetch_order_unknown_id(ex, replay):
    with replay("quirks/orders_order_empty.yaml"), pytest.raises(ccxt.OrderNotFound):
        ex.fetch_order(OID3)


def test_fetch_order_market_buy(ex, replay):
    with replay("quirks/orders_order_market_buy.yaml"):
        order = ex.fetch_order(f"{0xC5:032x}")
    assert order["type"] == "market" and order["side"] == "buy"
    assert order["cost"] == 150  # cash_amount
    assert order["amount"] == 0.003  # finished: the base amount is what was filled
    assert order["filled"] == 0.003
    assert order["average"] == 50000
    assert order["price"] == 50000  # market order: price is the average
    assert order["status"] == "closed"


def test_fetch_orders_by_ids_chunks_of_20(ex, replay):
    ids = [f"{0x3000 + i:032x}" for i in range(25)]
    with replay("quirks/orders_by_ids_chunks.yaml") as cassette:
        orders = ex.fetch_orders_by_ids(ids)
    assert cassette.play_count == 2
    assert sorted(o["id"] for o in orders) == ids


def test_fetch_open_orders(ex, replay):
    with replay("reference/orders_current.yaml"):
        orders = ex.fetch_open_orders("BTC/USDT")
    assert len(orders) == 1
    assert orders[0]["id"] == REF_ID and orders[0]["status"] == "open"


def test_fetch_open_orders_unknown_pair_does_not_crash(ex, replay):
    with replay("quirks/orders_current_unknown_pair.yaml") as cassette:
        orders = ex.fetch_open_orders(params={"marginMode": "cross"})
    assert cassette.requests[0].path == "/v3/margin/order/current"
    by_id = {o["id"]: o for o in orders}
    unknown = by_id["00000000000000000000000000000b01"]
    assert unknown["symbol"] == "NEWCOIN/USDT"
    assert unknown["price"] == 0.25 and unknown["amount"] == 400
    assert by_id["00000000000000000000000000000b02"]["symbol"] == "BTC/USDT"


STATUS_IDS = {f"{i:032x}": i for i in range(0xC0, 0xC7)}


def test_fetch_orders_status_mapping(ex, replay):
    with replay("quirks/orders_history_statuses.yaml"):
        orders = ex.fetch_orders()
    by_id = {STATUS_IDS[o["id"]]: o for o in orders}
    assert [by_id[i]["status"] for i in range(0xC0, 0xC5)] == ["open", "open", "closed", "canceled", "canceled"]
    partial = by_id[0xC1]
    assert partial["filled"] == 0.5 and partial["remaining"] == 1.5 and partial["amount"] == 2
    assert partial["average"] == 0.1 and partial["cost"] == 0.05
    closed = by_id[0xC2]
    assert closed["side"] == "sell" and closed["lastTradeTimestamp"] == (NOW_S - 3600 + 5) * 1000
    canceled_partial = by_id[0xC4]
    assert canceled_partial["filled"] == 1.5 and canceled_partial["remaining"] == 1.5
    market_sell = by_id[0xC6]
    assert market_sell["type"] == "market" and market_sell["side"] == "sell"
    assert market_sell["amount"] == 0.5 and market_sell["cost"] == 20000
    assert [o["timestamp"] for o in orders] == sorted(o["timestamp"] for o in orders)


def test_fetch_closed_orders_filters(ex, replay):
    with replay("quirks/orders_history_statuses.yaml"):
        orders = ex.fetch_closed_orders()
    assert sorted(STATUS_IDS[o["id"]] for o in orders) == [0xC2, 0xC3, 0xC4, 0xC5, 0xC6]


def test_fetch_orders_since_until_limit(ex, replay):
    with replay("quirks/orders_history_since_until.yaml") as cassette:
        orders = ex.fetch_orders("BTC/USDT", NOW_MS - 86_400_000, 5, {"until": NOW_MS - 60_000})
    assert cassette.play_count == 1
    assert len(orders) == 2


def test_fetch_orders_reference(ex, replay):
    with replay("reference/orders_history.yaml"):
        orders = ex.fetch_orders("BTC/USDT")
    assert [o["id"] for o in orders] == [REF_ID]


@pytest.mark.parametrize(("limit", "params"), [(150, {}), (None, {"paginate": True})], ids=["limit", "paginate"])
def test_fetch_orders_pages_backwards(ex, replay, limit, params):
    with replay("quirks/orders_history_pages.yaml") as cassette:
        orders = ex.fetch_orders("BTC/USDT", None, limit, params)
    assert cassette.play_count == 2
    ids = [o["id"] for o in orders]
    assert len(ids) == 139 == len(set(ids))  # 100 + 40, one repeated across pages
    assert ids[0] == f"{0x2000 + 38:032x}"  # oldest first
    assert ids[-1] == f"{0x1000:032x}"


def test_fetch_order_trades_detail_object(ex, replay):
    with replay("reference/orders_detail.yaml"):
        trades = ex.fetch_order_trades(REF_ID)
    assert len(trades) == 1
    trade = trades[0]
    assert trade["id"] == "63194988"
    assert trade["order"] == REF_ID
    assert trade["symbol"] == "BTC/USDT"
    assert trade["timestamp"] == 1574665459000
    assert trade["price"] == 6000 and trade["amount"] == 0.58 and trade["cost"] == 3480
    assert trade["side"] == "buy" and trade["type"] == "limit"


def test_fetch_order_trades_detail_list(ex, replay):
    with replay("quirks/orders_detail_list.yaml"):
        trades = ex.fetch_order_trades(REF_ID, "BTC/USDT")
    assert [t["id"] for t in trades] == ["63194988", "63194989"]
    assert [t["order"] for t in trades] == [REF_ID, REF_ID]
    assert [t["price"] for t in trades] == [5999.5, 6000.5]
    assert [t["amount"] for t in trades] == [0.3, 0.28]
    assert trades[0]["timestamp"] == 1574665458000


def test_fetch_my_trades_reference(ex, replay):
    with replay("reference/orders_mytrades.yaml"):
        trades = ex.fetch_my_trades("BTC/USDT")
    trade = trades[0]
    assert trade["id"] == "28457"
    assert trade["order"] == "6707cbdcda0edfaa7f4ab509e4cbf966"
    assert trade["timestamp"] == 1499865549000
    assert trade["side"] == "buy" and trade["type"] == "limit"
    assert trade["takerOrMaker"] == "maker"
    assert trade["fee"] == {"cost": 0.096, "currency": "USDT"}
    assert trade["price"] == 0.1


def test_fetch_my_trades_market_side_and_unknown_pair(ex, replay):
    with replay("quirks/orders_mytrades_market.yaml") as cassette:
        trades = ex.fetch_my_trades(None, NOW_MS - 7_200_000, 500, {"until": NOW_MS, "margin": True})
    assert cassette.requests[0].path == "/v3/margin/mytrades"
    first, second = trades
    assert first["side"] == "buy" and first["type"] == "market"
    assert first["takerOrMaker"] == "taker"
    assert first["symbol"] == "LTC/USDT"
    assert first["amount"] == 2 and first["price"] == 80.5 and first["cost"] == 161
    assert first["fee"] == {"cost": 0.161, "currency": "USDT"}
    assert second["symbol"] == "NEWCOIN/USDT" and second["side"] == "sell" and second["type"] == "limit"


# ---------------------------------------------------------------- reconcile (no server)
class FakeServer:
    """Stands in for `exchange.fetch`: order/new times out, reads come from `rows`."""

    def __init__(self, current: list[dict[str, Any]], history: list[dict[str, Any]] | None = None) -> None:
        self.current = current
        self.history = history or []
        self.sent: list[tuple[str, str]] = []

    def __call__(self, url: str, method: str = "GET", headers: Any = None, body: Any = None) -> Any:
        self.sent.append((method, url.split("/v3/")[1]))
        if "/order/new" in url or "/order/batch_new" in url:
            raise ccxt.RequestTimeout("read timed out")
        if "/order/current" in url:
            return {"code": 0, "data": self.current}
        if "/order/history" in url:
            return {"code": 0, "data": self.history}
        raise AssertionError(f"unexpected request {method} {url}")


def _row(order_id: str, **changes: Any) -> dict[str, Any]:
    row = {
        "symbol": "BTC_USDT",
        "order_id": order_id,
        "created_date": NOW_S,
        "finished_date": 0,
        "price": 50000.12,
        "amount": 0.0123,
        "cash_amount": 0,
        "executed_amount": 0,
        "avg_price": 0,
        "status": 0,
        "type": "buy",
        "kind": "spot",
    }
    row.update(changes)
    return row


@pytest.fixture
def quick_reconcile() -> Iterator[dfx_unified.digifinex]:
    exchange = trading_exchange(options={"reconcileDelay": 0})
    yield exchange
    exchange.close()


def test_create_order_reconciles_a_lost_answer(quick_reconcile, monkeypatch):
    exchange = quick_reconcile
    exchange._remember_order_ids(["a" * 32])  # returned to the caller earlier
    server = FakeServer(
        current=[
            _row("a" * 32),  # same shape, but already known to this exchange object
            _row("b" * 32, created_date=NOW_S - 60),  # too old to be ours
            _row("c" * 32, price=50000.13),  # another price
            _row("d" * 32, type="sell"),  # another side
            _row("e" * 32),  # ours
        ],
        history=[_row("e" * 32)],  # listed twice: still one order
    )
    monkeypatch.setattr(exchange, "fetch", server)
    order = exchange.create_order("BTC/USDT", "limit", "buy", 0.012345, 50000.123)
    assert order["id"] == "e" * 32
    assert order["status"] == "open" and order["amount"] == 0.0123 and order["price"] == 50000.12
    assert [s for s in server.sent if "order/new" in s[1]] == [("POST", "spot/order/new")]
    assert ("GET", "spot/order/current?symbol=btc_usdt") in server.sent
    assert ("GET", f"spot/order/history?symbol=btc_usdt&start_time={NOW_S - 10}") in server.sent


def test_create_order_outcome_unknown_when_nothing_matches(quick_reconcile, monkeypatch):
    exchange = quick_reconcile
    server = FakeServer(current=[_row("b" * 32, amount=1)])
    monkeypatch.setattr(exchange, "fetch", server)
    with pytest.raises(dfx_unified.OutcomeUnknown) as raised:
        exchange.create_order("BTC/USDT", "limit", "buy", 0.012345, 50000.123)
    assert [s for s in server.sent if "order/new" in s[1]] == [("POST", "spot/order/new")]
    assert "NOT re-sent" in str(raised.value)
    assert any("0 matching rows" in note for note in raised.value.checked)


def test_create_order_two_matches_is_not_a_guess(quick_reconcile, monkeypatch):
    exchange = quick_reconcile
    monkeypatch.setattr(exchange, "fetch", FakeServer(current=[_row("e" * 32), _row("f" * 32)]))
    with pytest.raises(dfx_unified.OutcomeUnknown):
        exchange.create_order("BTC/USDT", "limit", "buy", 0.012345, 50000.123)


def test_create_market_buy_reconciles_on_cash_amount(quick_reconcile, monkeypatch):
    exchange = quick_reconcile
    row = _row("e" * 32, type="buy_market", price=0, amount=500, cash_amount=500)
    monkeypatch.setattr(exchange, "fetch", FakeServer(current=[], history=[row]))
    order = exchange.create_order("BTC/USDT", "market", "buy", 0.01, 50000)
    assert order["id"] == "e" * 32 and order["cost"] == 500


def test_create_orders_reconciles_every_order(quick_reconcile, monkeypatch):
    exchange = quick_reconcile
    server = FakeServer(current=[_row("1" * 32, price=30000, amount=0.01), _row("2" * 32, type="sell", price=70000, amount=0.02)])
    monkeypatch.setattr(exchange, "fetch", server)
    orders = [
        {"symbol": "BTC/USDT", "type": "limit", "side": "buy", "amount": 0.01, "price": 30000},
        {"symbol": "BTC/USDT", "type": "limit", "side": "sell", "amount": 0.02, "price": 70000},
    ]
    result = exchange.create_orders(orders)
    assert [o["id"] for o in result] == ["1" * 32, "2" * 32]
    assert [s for s in server.sent if "batch_new" in s[1]] == [("POST", "spot/order/batch_new")]


def test_create_orders_outcome_unknown_when_one_is_missing(quick_reconcile, monkeypatch):
    exchange = quick_reconcile
    monkeypatch.setattr(exchange, "fetch", FakeServer(current=[_row("1" * 32, price=30000, amount=0.01)]))
    orders = [
        {"symbol": "BTC/USDT", "type": "limit", "side": "buy", "amount": 0.01, "price": 30000},
        {"symbol": "BTC/USDT", "type": "limit", "side": "sell", "amount": 0.02, "price": 70000},
    ]
    with pytest.raises(dfx_unified.OutcomeUnknown):
        exchange.create_orders(orders)


def test_async_create_order_same_result(replay):
    import asyncio

    import dfx_unified.async_support
    from tests.conftest import API_KEY, SECRET
    from tests.trading_support import CURRENCY_ROWS, MARKET_LISTS

    async def run() -> Any:
        exchange = dfx_unified.async_support.digifinex({"apiKey": API_KEY, "secret": SECRET, "enableRateLimit": False})
        exchange.set_markets(exchange.parse_markets_lists(MARKET_LISTS), exchange.parse_currencies_rows(CURRENCY_ROWS))
        exchange.milliseconds = lambda: NOW_MS
        try:
            with replay("reference/orders_new_limit.yaml"):
                return await exchange.create_order("BTC/USDT", "limit", "buy", 0.012345, 50000.123)
        finally:
            await exchange.close()

    sync_exchange = trading_exchange()
    with replay("reference/orders_new_limit.yaml"):
        expected = sync_exchange.create_order("BTC/USDT", "limit", "buy", 0.012345, 50000.123)
    assert asyncio.run(run()) == expected
