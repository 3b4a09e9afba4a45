"""ccxt's habits work unchanged: params that override options, markets handed in from
a cache, unified params consumed rather than sent, the reference's parameter casing."""

from __future__ import annotations

import copy
from typing import Any

import ccxt
import pytest

import dfx_unified
from dfx_unified import spec
from tests.canned import V3, CannedAPI, twins, with_canned


def _sent(exchange: Any, path: str) -> list[dict[str, str]]:
    return [params for _method, sent_path, params in exchange.fetch.calls if sent_path == path]


# ---------------------------------------------------------------- params override options
def test_market_buy_reads_requires_price_from_params_and_never_sends_it():
    ours, _ = twins()
    ours.create_order("BTC/USDT", "market", "buy", 2, 100, {"createMarketBuyOrderRequiresPrice": False})
    [request] = _sent(ours, "/v3/spot/order/new")
    assert request["amount"] == "2"  # spend 2 USDT, not 2 x 100
    assert "createMarketBuyOrderRequiresPrice" not in request


def test_params_win_over_options_both_ways():
    ours, _ = twins(options={"createMarketBuyOrderRequiresPrice": False})
    ours.create_order("BTC/USDT", "market", "buy", 2, 100, {"createMarketBuyOrderRequiresPrice": True})
    assert _sent(ours, "/v3/spot/order/new")[0]["amount"] == "200"
    ours.create_order("BTC/USDT", "market", "buy", 2)  # the option: amount is the cost
    assert _sent(ours, "/v3/spot/order/new")[1]["amount"] == "2"


def test_method_options_are_read_like_ccxt():
    ours, _ = twins(options={"createOrder": {"createMarketBuyOrderRequiresPrice": False}})
    ours.create_order("BTC/USDT", "market", "buy", 3, 100)
    assert _sent(ours, "/v3/spot/order/new")[0]["amount"] == "3"


# ---------------------------------------------------------------- markets from a cache
def _cached_markets() -> tuple[dict[str, Any], dict[str, Any]]:
    """Markets and currencies as a ccxt.digifinex instance loaded them (no keys of ours)."""
    _, theirs = twins()
    return copy.deepcopy(theirs.markets), copy.deepcopy(theirs.currencies)


def _fresh(**config: Any) -> dfx_unified.digifinex:
    exchange = dfx_unified.digifinex({"apiKey": "k", "secret": "s", "enableRateLimit": False, **config})
    return with_canned(exchange)


@pytest.mark.parametrize("how", ["set_markets", "constructor", "instance"])
def test_markets_from_a_ccxt_cache_send_the_wire_id(how):
    markets, currencies = _cached_markets()
    assert all(m.get("lowercaseId") is None for m in markets.values())  # ccxt's structure has it, empty
    if how == "constructor":
        exchange = _fresh(markets=markets, currencies=currencies)
    else:
        exchange = _fresh()
        if how == "set_markets":
            exchange.set_markets(markets, currencies)
        else:
            exchange.set_markets(_cached_markets()[0])
    exchange.fetch_ticker("BTC/USDT")
    exchange.create_order("BTC/USDT", "limit", "buy", 0.01, 9000)
    exchange.fetch_open_orders("BTC/USDT")
    assert _sent(exchange, "/v3/ticker") == [{"symbol": "btc_usdt"}]
    assert _sent(exchange, "/v3/spot/order/new")[0]["symbol"] == "btc_usdt"
    assert _sent(exchange, "/v3/spot/order/current") == [{"symbol": "btc_usdt"}]
    # nothing was loaded again: the cache was used as it is
    assert not _sent(exchange, "/v3/markets")


def test_a_swap_market_from_a_cache_is_served_by_ccxt_or_refused_before_sending():
    markets, currencies = _cached_markets()
    exchange = _fresh(markets=markets, currencies=currencies)
    ticker = exchange.fetch_ticker("BTC/USDT:USDT")  # ccxt's swap implementation
    assert ticker["symbol"] == "BTC/USDT:USDT"
    # ours on top of ccxt's swap fetch_orders: the finished ones
    assert [o["status"] for o in exchange.fetch_closed_orders("BTC/USDT:USDT")] == ["closed"]
    for call in (
        lambda: exchange.fetch_order_trades("1", "BTC/USDT:USDT"),
        lambda: exchange.create_market_buy_order_with_cost("BTC/USDT:USDT", 10),
        lambda: exchange.close_position("BTC/USDT:USDT"),
    ):
        before = len(exchange.fetch.calls)
        with pytest.raises(ccxt.BadSymbol, match="swap market"):
            call()
        assert len(exchange.fetch.calls) == before


def test_markets_with_odd_ids_are_refused_not_crashed():
    exchange = _fresh()
    exchange.set_markets([{"id": None, "symbol": "X/Y", "base": "X", "quote": "Y", "spot": True, "type": "spot"}])
    with pytest.raises(ccxt.BadSymbol):
        exchange.fetch_ticker("X/Y")


# ---------------------------------------------------------------- unified params consumed
@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda e: e.fetch_ticker("BTC/USDT", {"type": "spot"}), "/v3/ticker"),
        (lambda e: e.fetch_tickers(None, {"type": "spot"}), "/v3/ticker"),
        (lambda e: e.fetch_order_book("BTC/USDT", None, {"type": "spot", "marginMode": None}), "/v3/order_book"),
        (lambda e: e.fetch_trades("BTC/USDT", None, None, {"defaultType": "spot"}), "/v3/trades"),
        (lambda e: e.fetch_ohlcv("BTC/USDT", "1m", None, 2, {"until": 1_767_225_600_000, "paginate": False}), "/v3/kline"),
        (lambda e: e.fetch_balance({"type": "spot"}), "/v3/spot/assets"),
        (lambda e: e.fetch_balance({"margin": True}), "/v3/margin/assets"),
        (lambda e: e.fetch_open_orders("BTC/USDT", None, None, {"marginMode": "cross"}), "/v3/margin/order/current"),
        (lambda e: e.fetch_positions(None, {"type": "margin"}), "/v3/margin/positions"),
        (lambda e: e.fetch_deposit_address("USDT", {"network": "TRC20"}), "/v3/deposit/address"),
        (lambda e: e.create_order("BTC/USDT", "limit", "buy", 0.01, 9000, {"type": "spot"}), "/v3/spot/order/new"),
    ],
)
def test_unified_params_are_consumed_never_sent(call, path):
    ours, _ = twins()
    call(ours)
    [request] = _sent(ours, path)
    leaked = set(request) & (spec.UNIFIED_PARAMS - {"type"})
    assert not leaked
    if path != "/v3/spot/order/new":  # order/new documents its own `type` (buy/sell)
        assert "type" not in request
    else:
        assert request["type"] == "buy"


def test_fetch_tickers_type_swap_asks_the_swap_api():
    ours, _ = twins()
    tickers = ours.fetch_tickers(None, {"type": "swap"})
    assert set(tickers) == {"BTC/USDT:USDT"}
    assert not _sent(ours, "/v3/ticker")
    assert _sent(ours, "/swap/v2/public/tickers") == [{}]


# ---------------------------------------------------------------- currency_mark casing
def test_currency_mark_is_uppercase_as_in_the_reference():
    ours, _ = twins()
    ours.transfer("USDT", 10, "spot", "margin")
    ours.fetch_ledger("BTC")
    assert _sent(ours, "/v3/transfer")[0]["currency_mark"] == "USDT"
    assert _sent(ours, "/v3/spot/financelog")[0]["currency_mark"] == "BTC"
    ours.fetch_deposit_address("USDT")
    assert _sent(ours, "/v3/deposit/address")[0]["currency"] == "usdt"  # `currency` is lowercase there


# ---------------------------------------------------------------- cancel chunking
def test_cancel_of_45_ids_is_three_requests_of_at_most_20():
    v3 = copy.deepcopy(V3)
    ids = [f"{i:032x}" for i in range(45)]
    ours = _fresh()
    api = CannedAPI(v3=v3)
    ours.fetch = api
    ours.load_markets()

    answered: list[list[str]] = []

    def cancel_answer(url: str, method: str = "GET", headers: Any = None, body: Any = None) -> Any:
        if "/order/cancel" in url:
            chunk = dict(p.split("=", 1) for p in body.split("&"))["order_id"].replace("%2C", ",").split(",")
            answered.append(chunk)
            return {"code": 0, "success": chunk, "error": []}
        return api(url, method, headers, body)

    ours.fetch = cancel_answer
    result = ours.cancel_orders(ids, "BTC/USDT")
    assert [len(chunk) for chunk in answered] == [20, 20, 5]
    assert sorted(order_id for chunk in answered for order_id in chunk) == sorted(ids)
    assert [o["id"] for o in result] == ids and {o["status"] for o in result} == {"canceled"}


# ---------------------------------------------------------------- the weight table, pinned
def test_endpoint_weights_are_pinned():
    weights = {(e.method, e.path): e.weight for e in spec.ENDPOINTS}
    assert weights == {
        ("GET", "ping"): 1,
        ("GET", "time"): 1,
        ("GET", "markets"): 5,
        ("GET", "ticker"): 5,
        ("GET", "order_book"): 2,
        ("GET", "trades"): 2,
        ("GET", "kline"): 2,
        ("GET", "spot/symbols"): 5,
        ("GET", "margin/currencies"): 2,
        ("GET", "margin/symbols"): 5,
        ("GET", "trades/symbols"): 5,
        ("GET", "currencies"): 5,
        ("GET", "{market}/financelog"): 5,
        ("GET", "{market}/order"): 2,
        ("GET", "{market}/order/detail"): 2,
        ("GET", "{market}/order/current"): 2,
        ("GET", "{market}/order/history"): 5,
        ("GET", "{market}/mytrades"): 5,
        ("GET", "spot/assets"): 2,
        ("GET", "margin/assets"): 2,
        ("GET", "margin/positions"): 2,
        ("POST", "{market}/order/new"): 1,
        ("POST", "{market}/order/batch_new"): 5,
        ("POST", "{market}/order/cancel"): 1,
        ("POST", "transfer"): 2,
        ("POST", "margin/position/close"): 2,
        ("GET", "deposit/address"): 2,
        ("GET", "deposit/history"): 5,
        ("GET", "withdraw/history"): 5,
        ("POST", "withdraw/new"): 5,
        ("POST", "withdraw/cancel"): 2,
    }


# ---------------------------------------------------------------- networks
def test_every_ccxt_network_code_is_accepted():
    ours, theirs = twins()
    assert set(theirs.options["networks"]) <= set(ours.options["networks"])
    exchange = _fresh()  # no currencies loaded: the codes map through options['networks']
    assert exchange.chain_for_network("POLYGON", "USDT") == "Polygon"
    assert exchange.chain_for_network("ARBITRUM", "USDT") == "Arbitrum"


def test_withdraw_on_a_network_the_currency_lacks_is_refused_before_sending():
    ours, _ = twins()
    with pytest.raises(ccxt.BadRequest, match="no network ARBITRUM"):
        ours.withdraw("USDT", 20, "0xde709f2102306220921060314715629080e2fb77", {"network": "ARBITRUM"})
    assert not _sent(ours, "/v3/withdraw/new")
    ours.withdraw("USDT", 20, "TXLAQ63Xg1NAzckPwKHvzw7CSEmLMEqcdj", {"network": "TRX"})  # an alias of TRC20
    assert _sent(ours, "/v3/withdraw/new")[0]["chain"] == "TRC20"


def test_chain_names_are_learnt_from_currencies():
    v3 = copy.deepcopy(V3)
    v3["currencies"]["data"].append(
        {"currency": "usdt", "chain": "Polygon", "min_deposit_amount": 1, "min_withdraw_amount": 1, "deposit_status": 1,
         "withdraw_status": 1, "withdraw_fee_currency": "usdt", "min_withdraw_fee": 0.5, "withdraw_fee_rate": 0}
    )
    exchange = _fresh()
    exchange.fetch = CannedAPI(v3=v3)
    exchange.load_markets()
    assert "POLYGON" in exchange.currencies["USDT"]["networks"]
    exchange.withdraw("USDT", 20, "0xde709f2102306220921060314715629080e2fb77", {"network": "MATIC"})
    assert _sent(exchange, "/v3/withdraw/new")[0]["chain"] == "Polygon"
