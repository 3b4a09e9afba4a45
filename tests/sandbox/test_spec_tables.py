"""The sandbox writes what the client's tables read: statuses, ledger codes, states, periods (spec.py)."""

from __future__ import annotations

from datetime import datetime, timezone

import ccxt

from dfx_unified import spec
from dfx_unified.sandbox import Engine, ManualClock
from dfx_unified.sandbox.history import bucket_start

BTC_ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"


def test_timeframe_seconds_agree_with_ccxt() -> None:
    """ccxt's own timeframe parser is the independent oracle for the seconds table."""
    assert set(spec.TIMEFRAMES) == set(spec.TIMEFRAME_SECONDS)
    parser = ccxt.digifinex()
    for timeframe, seconds in spec.TIMEFRAME_SECONDS.items():
        assert parser.parse_timeframe(timeframe) == seconds, timeframe
    assert {spec.TIMEFRAMES[tf]: s for tf, s in spec.TIMEFRAME_SECONDS.items()} == spec.PERIOD_SECONDS
    assert {spec.TIMEFRAMES[tf]: tf for tf in spec.TIMEFRAMES} == spec.PERIOD_TIMEFRAMES


def test_candle_buckets_are_utc_and_weeks_start_on_monday() -> None:
    t = 1_700_000_000  # Tuesday 2023-11-14 22:13:20 UTC
    assert datetime.fromtimestamp(bucket_start(t, "1W"), timezone.utc) == datetime(2023, 11, 13, tzinfo=timezone.utc)
    assert datetime.fromtimestamp(bucket_start(t, "1D"), timezone.utc) == datetime(2023, 11, 14, tzinfo=timezone.utc)
    assert datetime.fromtimestamp(bucket_start(t, "240"), timezone.utc) == datetime(2023, 11, 14, 20, tzinfo=timezone.utc)
    monday = datetime(2023, 11, 20, tzinfo=timezone.utc).timestamp()
    assert bucket_start(monday, "1W") == monday and bucket_start(monday - 1, "1W") == monday - 7 * 86400


def test_named_codes_are_the_table_keys() -> None:
    assert set(spec.ORDER_STATUSES) == {str(s.value) for s in spec.OrderStatus}
    assert set(spec.LEDGER_TYPES) == {str(c.value) for c in spec.LedgerCode}
    assert {str(s.value) for s in spec.DepositState} <= set(spec.DEPOSIT_STATES)
    assert {str(s.value) for s in spec.WithdrawalState} <= set(spec.WITHDRAWAL_STATES)
    # the reference's numbers, written out once more here on purpose (an independent check)
    assert [s.value for s in spec.OrderStatus] == [0, 1, 2, 3, 4]
    assert spec.ORDER_STATUSES["1"] == "open" and spec.ORDER_STATUSES["4"] == "canceled"


def test_everything_the_sandbox_writes_is_in_the_client_tables(clock: ManualClock) -> None:
    """Deposits, fills, fees, transfers, withdrawals (sent and cancelled) and a margin close."""
    engine = Engine(seed=2, clock=clock)
    _, _, uid = engine.create_api_key()
    engine.deposit(uid, "USDT", "50")
    resting = engine.place_order(uid=uid, symbol="BTC_USDT", type="buy", amount="0.001", price="20000")
    engine.place_order(uid=uid, symbol="BTC_USDT", type="buy_market", amount="100")
    engine.place_order(uid=uid, symbol="BTC_USDT", type="sell_market", amount="0.0005")
    engine.cancel_orders(uid, [resting])
    engine.transfer(uid, "USDT", "100", "1", "2")
    engine.place_order(uid=uid, symbol="BTC_USDT", type="buy_market", amount="300", kind="margin")
    engine.close_position(uid, "BTC_USDT")
    sent = engine.withdraw(uid, "BTC", "0.01", BTC_ADDRESS)
    engine.complete_withdrawal(sent)
    clock.advance(61)
    engine.cancel_withdrawal(uid, engine.withdraw(uid, "BTC", "0.01", BTC_ADDRESS))

    ledger = [row for kind in ("spot", "margin") for row in engine.financelog(uid, kind, limit=1000)["finance"]]
    written = {str(row["type"]) for row in ledger}
    assert written == set(spec.LEDGER_TYPES)  # every code is exercised, and none is unknown
    statuses = {str(row["status"]) for kind in ("spot", "margin") for row in engine.order_history(uid, kind, limit=100)}
    assert statuses <= set(spec.ORDER_STATUSES) and {"2", "3"} <= statuses
    assert {spec.ORDER_STATUSES[s] for s in statuses} >= {"closed", "canceled"}
    states = {str(row["state"]) for row in engine.withdraw_history(uid)}
    assert states == {"3", "5"} and {spec.WITHDRAWAL_STATES[s] for s in states} == {"ok", "canceled"}
    assert {spec.DEPOSIT_STATES[str(row["state"])] for row in engine.deposit_history(uid)} == {"ok"}
