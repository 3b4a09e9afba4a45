"""Engine: matching, partial fills, statuses, fees, balances, post-only, margin."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dfx_unified.sandbox import Engine, EngineError


def free(engine: Engine, uid: int, ccy: str, account: str = "1") -> Decimal:
    return engine.bal(uid, account, ccy)[0]


def best(engine: Engine, symbol: str, side: str) -> Decimal:
    order = engine.books[symbol].best(side)
    assert order is not None and order.price is not None
    return order.price


def test_limit_order_rests_then_fills_partially_and_fully(engine: Engine, user: tuple[str, int]) -> None:
    _, buyer = user
    _, _, seller = engine.create_api_key()
    price = str(best(engine, "BTC_USDT", "buy") + Decimal("1"))  # inside the spread: best bid
    bid_id = engine.place_order(buyer, "BTC_USDT", "buy", "0.01", price)
    row = engine.get_orders(buyer, "spot", [bid_id])[0]
    assert row["status"] == 0 and free(engine, buyer, "USDT") == Decimal(100000) - Decimal("0.01") * Decimal(price)

    engine.place_order(seller, "BTC_USDT", "sell", "0.004", price)
    assert engine.get_orders(buyer, "spot", [bid_id])[0]["status"] == 1
    engine.place_order(seller, "BTC_USDT", "sell", "0.006", price)
    row = engine.get_orders(buyer, "spot", [bid_id])[0]
    assert row["status"] == 2 and row["executed_amount"] == 0.01 and row["avg_price"] == float(price)
    # buyer received base minus the maker fee, charged in the received currency
    assert free(engine, buyer, "BTC") == Decimal(10) + Decimal("0.01") * (1 - Decimal("0.002"))
    trades = engine.my_trades(buyer, "spot")
    assert {t["fee_currency"] for t in trades} == {"BTC"} and all(t["is_maker"] for t in trades)
    seller_trades = engine.my_trades(seller, "spot")
    assert {t["fee_currency"] for t in seller_trades} == {"USDT"} and not any(t["is_maker"] for t in seller_trades)
    assert engine.state_summary()["conserved"]


def test_cancel_statuses_and_refund(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    _, _, other = engine.create_api_key()
    price = str(best(engine, "BTC_USDT", "buy") + Decimal("1"))
    a = engine.place_order(uid, "BTC_USDT", "buy", "0.01", price)
    b = engine.place_order(uid, "BTC_USDT", "buy", "0.01", price)
    engine.place_order(other, "BTC_USDT", "sell", "0.015", price)  # fills a, half of b
    result = engine.cancel_orders(uid, [a, b, "f" * 32])
    assert result == {"success": [b], "error": [a, "f" * 32]}
    assert engine.get_orders(uid, "spot", [b])[0]["status"] == 4
    c = engine.place_order(uid, "BTC_USDT", "buy", "0.01", price)
    assert engine.cancel_orders(uid, [c])["success"] == [c]
    assert engine.get_orders(uid, "spot", [c])[0]["status"] == 3
    assert engine.bal(uid, "1", "USDT")[1] == 0  # nothing stays locked
    assert engine.cancel_orders(other, [c])["error"] == [c]  # finished and foreign
    assert engine.state_summary()["conserved"]


def test_market_buy_spends_quote_and_market_sell_sells_base(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    oid = engine.place_order(uid, "BTC_USDT", "buy_market", "1000")
    row = engine.get_orders(uid, "spot", [oid])[0]
    assert row["status"] == 2 and row["cash_amount"] == 1000.0
    spent = Decimal(100000) - free(engine, uid, "USDT")
    assert Decimal(0) < spent <= Decimal(1000)
    sid = engine.place_order(uid, "BTC_USDT", "sell_market", "0.005")
    assert engine.get_orders(uid, "spot", [sid])[0]["executed_amount"] == 0.005
    assert engine.state_summary()["conserved"]


def test_post_only_that_would_take_is_cancelled(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    ask = best(engine, "BTC_USDT", "sell")
    oid = engine.place_order(uid, "BTC_USDT", "buy", "0.01", str(ask), post_only=True)
    row = engine.get_orders(uid, "spot", [oid])[0]
    assert row["status"] == 3 and row["executed_amount"] == 0
    assert free(engine, uid, "USDT") == Decimal(100000)


@pytest.mark.parametrize(
    ("symbol", "otype", "amount", "price", "code"),
    [
        ("NOPE_USDT", "buy", "1", "1", 20019),
        ("ADA_USDT", "buy", "10", "1", 20042),
        ("DOGE_USDT", "buy_market", "10", None, 20012),
        ("BTC_USDT", "hold", "1", "1", 20012),
        ("BTC_USDT", "buy", "0.01", "1.001", 20007),
        ("BTC_USDT", "buy", "0.0000001", "100", 20008),
        ("BTC_USDT", "buy", "0.00001", "60000", 20009),
        ("BTC_USDT", "buy", "0.0001", "10", 20010),
        ("BTC_USDT", "buy_market", "1", None, 20010),
        ("BTC_USDT", "buy", "100", "60000", 20011),
        ("BTC_USDT", "buy", "0.01", None, 10004),
        ("BTC_USDT", "buy", "-1", "1", 10004),
    ],
)
def test_order_validation_codes(
    engine: Engine, user: tuple[str, int], symbol: str, otype: str, amount: str, price: str | None, code: int
) -> None:
    _, uid = user
    with pytest.raises(EngineError) as err:
        engine.place_order(uid, symbol, otype, amount, price)
    assert err.value.code == code


def test_markets_only_pair_trades(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    assert engine.place_order(uid, "dgf_usdt", "buy", "200", "0.01")


def test_batch_is_all_or_nothing(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    good = {"type": "buy", "amount": "0.01", "price": "30000"}
    with pytest.raises(EngineError) as err:
        engine.place_batch(uid, "BTC_USDT", [good, {"type": "buy", "amount": "0.01", "price": "1.001"}])
    assert err.value.code == 20007
    with pytest.raises(EngineError) as err:
        engine.place_batch(uid, "BTC_USDT", [{"type": "buy", "amount": "1", "price": "60000"}] * 2)
    assert err.value.code == 20011  # each fits alone, both together do not
    assert engine.current_orders(uid, "spot") == []
    ids = engine.place_batch(uid, "BTC_USDT", [good, good])
    assert len(ids) == 2 and all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    with pytest.raises(EngineError):
        engine.place_batch(uid, "BTC_USDT", [good] * 11)


def test_order_detail_object_for_one_fill_list_otherwise(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    one = engine.place_order(uid, "ETH_USDT", "buy_market", "100")
    many = engine.place_order(uid, "BTC_USDT", "buy_market", "30000")  # walks several levels
    none = engine.place_order(uid, "BTC_USDT", "buy", "0.01", "30000")
    assert isinstance(engine.order_detail(uid, "spot", one)["detail"], dict)
    fills = engine.order_detail(uid, "spot", many)["detail"]
    assert (
        isinstance(fills, list)
        and len(fills) > 1
        and {"tid", "date", "executed_amount", "executed_price", "order_id"} <= set(fills[0])
    )
    assert engine.order_detail(uid, "spot", none)["detail"] == []
    with pytest.raises(EngineError) as err:
        engine.order_detail(uid, "margin", one)
    assert err.value.code == 20013


def test_transfers(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    engine.transfer(uid, "usdt", "100", "1", "3")
    assert free(engine, uid, "USDT", "3") == 100
    for args, code in [
        (("USDT", "1", "3", "2"), 20023),
        (("USDT", "1", "1", "1"), 20023),
        (("USDT", "1", "1", "9"), 20023),
        (("FOO", "1", "1", "2"), 20021),
        (("USDT", "0", "1", "2"), 20024),
        (("USDT", "abc", "1", "2"), 20024),
        (("USDT", "1000000", "1", "2"), 20026),
    ]:
        with pytest.raises(EngineError) as err:
            engine.transfer(uid, *args)
        assert err.value.code == code
    log = engine.financelog(uid, "otc")
    assert log["total"] == "1" and log["finance"][0]["type"] == 20


def test_margin_long_short_and_close(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    engine.place_order(uid, "BTC_USDT", "buy_market", "600", kind="margin")
    pos = engine.margin_positions(uid)
    row = pos["positions"][0]
    assert row["side"] == "long" and isinstance(pos["margin"], str) and isinstance(pos["unrealized_pnl"], str)
    assert set(row) == {
        "symbol",
        "leverage_ratio",
        "side",
        "amount",
        "entry_price",
        "unrealized_pnl",
        "liquidation_price",
        "liquidation_rate",
    }
    engine.close_position(uid, "BTC_USDT")
    assert engine.margin_positions(uid)["positions"] == []
    with pytest.raises(EngineError) as err:
        engine.close_position(uid, "BTC_USDT")
    assert err.value.code == 20030
    engine.place_order(uid, "ETH_USDT", "sell_market", "0.5", kind="margin")  # short: lent base sold
    assert engine.margin_positions(uid, "eth_usdt")["positions"][0]["side"] == "short"
    engine.close_position(uid, "ETH_USDT")
    assert engine.margin_positions(uid)["positions"] == []
    assert any(r["type"] == 30 for r in engine.financelog(uid, "margin")["finance"])
    with pytest.raises(EngineError) as err:
        engine.place_order(uid, "TRX_USDT", "buy", "100", "0.1", kind="margin")
    assert err.value.code == 20019
    assert engine.state_summary()["conserved"]


def test_history_windows(engine: Engine, user: tuple[str, int], clock) -> None:  # type: ignore[no-untyped-def]
    _, uid = user
    engine.place_order(uid, "BTC_USDT", "buy", "0.01", "30000")
    now = int(clock.now())
    assert len(engine.order_history(uid, "spot")) == 1
    with pytest.raises(EngineError) as err:
        engine.order_history(uid, "spot", start_time=now - 31 * 86400)
    assert err.value.code == 20015
    with pytest.raises(EngineError) as err:
        engine.order_history(uid, "spot", start_time=now, end_time=now - 1)
    assert err.value.code == 20022
    clock.advance(4 * 86400)
    assert engine.order_history(uid, "spot") == []  # default window is 3 days


def test_market_data_shapes(engine: Engine) -> None:
    tickers = engine.ticker()
    assert len(tickers) == len(engine.markets) and all(t["symbol"] == t["symbol"].lower() for t in tickers)
    book = engine.order_book("BTC_USDT", 3)
    assert len(book["bids"]) == 3 and book["bids"][0][0] < book["asks"][-1][0]
    assert len(engine.recent_trades("btc_usdt")) == 100
    rows = engine.kline("BTC_USDT", "60")
    assert len(rows) == 201 and len(rows[0]) == 6
    assert len(engine.kline("BTC_USDT", "1", start_time=0)) == 500
    with pytest.raises(EngineError):
        engine.kline("BTC_USDT", "7")


def test_same_seed_same_requests_same_state(clock) -> None:  # type: ignore[no-untyped-def]
    def run() -> dict:  # type: ignore[type-arg]
        from dfx_unified.sandbox import ManualClock

        c = ManualClock(clock.now())
        e = Engine(seed=3, clock=c)
        e.add_api_key("k", "s")
        uid = e.keys["k"].uid
        e.place_order(uid, "BTC_USDT", "buy_market", "5000")
        c.advance(60)
        e.place_order(uid, "ETH_USDT", "sell_market", "1")
        return e.state_summary()

    assert run() == run()
