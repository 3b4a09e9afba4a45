"""Trading rules: indicators, 30-minute bans, the 24-hour escalation, cancels in a ban."""

from __future__ import annotations

import pytest

from dfx_unified.sandbox import Engine, EngineError, ManualClock


def place_unfilled(engine: Engine, uid: int, key: str, n: int) -> list[str]:
    return [engine.place_order(uid, "BTC_USDT", "buy", "0.0001", "30000", api_key=key) for _ in range(n)]


def refused_code(engine: Engine, uid: int, key: str) -> int:
    with pytest.raises(EngineError) as err:
        engine.place_order(uid, "BTC_USDT", "buy", "0.0001", "30000", api_key=key)
    return err.value.code


def test_fw_trips_after_49_unfilled_orders(engine: Engine, user: tuple[str, int]) -> None:
    key, uid = user
    ids = place_unfilled(engine, uid, key, 50)
    ind = engine.trading_indicators(key, "btc_usdt")
    assert ind["orders"] == 50 and ind["FW"] == "0.00000000" and ind["banned_until"] is None
    assert refused_code(engine, uid, key) == 20020
    ind = engine.trading_indicators(key, "BTC_USDT")
    assert ind["banned_until"] == engine.clock.now() + 1800 and ind["ban_code"] == 20020
    # cancels and reads still work during the ban; other symbols are banned too (per key)
    assert engine.cancel_orders(uid, ids[:5])["success"] == ids[:5]
    assert len(engine.current_orders(uid, "spot")) == 45
    with pytest.raises(EngineError) as err:
        engine.place_order(uid, "ETH_USDT", "buy", "0.01", "1000", api_key=key)
    assert err.value.code == 20020
    # placements without a key (python helper) and other keys are not affected
    other, _, _ = engine.create_api_key(uid=uid)
    assert engine.place_order(uid, "BTC_USDT", "buy", "0.0001", "30000", api_key=other)


def test_cr_trips_on_quick_cancels(engine: Engine, user: tuple[str, int]) -> None:
    key, uid = user
    for _ in range(4):  # fills keep FR and FW healthy
        engine.place_order(uid, "BTC_USDT", "sell_market", "0.05", api_key=key)
    for _ in range(96):
        oid = engine.place_order(uid, "BTC_USDT", "buy", "0.0001", "30000", api_key=key)
        engine.cancel_orders(uid, [oid])
    ind = engine.trading_indicators(key, "BTC_USDT")
    assert (ind["orders"], ind["filled_orders"], ind["quick_cancels"]) == (100, 4, 96)
    assert ind["CR"] == "0.96000000" and ind["FR"] == "0.04000000"
    assert refused_code(engine, uid, key) == 20020


def test_slow_cancels_do_not_count(engine: Engine, user: tuple[str, int], clock: ManualClock) -> None:
    key, uid = user
    oid = engine.place_order(uid, "BTC_USDT", "buy", "0.0001", "30000", api_key=key)
    clock.advance(6)
    engine.cancel_orders(uid, [oid])
    assert engine.trading_indicators(key, "BTC_USDT")["quick_cancels"] == 0


def test_window_is_ten_minutes(engine: Engine, user: tuple[str, int], clock: ManualClock) -> None:
    key, uid = user
    place_unfilled(engine, uid, key, 50)
    clock.advance(600)
    assert engine.trading_indicators(key, "BTC_USDT")["orders"] == 0
    assert place_unfilled(engine, uid, key, 1)


def test_third_ban_in_three_hours_lasts_a_day(engine: Engine, user: tuple[str, int], clock: ManualClock) -> None:
    key, uid = user
    codes = []
    for _ in range(3):
        place_unfilled(engine, uid, key, 50)
        codes.append(refused_code(engine, uid, key))
        clock.advance(1801)
    assert codes == [20020, 20020, 20018]
    assert refused_code(engine, uid, key) == 20018  # 30 minutes later: still banned
    clock.advance(24 * 3600 - 1801)
    assert place_unfilled(engine, uid, key, 1)
