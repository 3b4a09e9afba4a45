"""Deposits, withdrawals (address book, fees, frequency and daily limits), ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dfx_unified.sandbox import Engine, EngineError, ManualClock, SandboxConfig

TRC20 = "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7"
XRP = "rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh"


def code_of(fn, *args, **kwargs) -> int:  # type: ignore[no-untyped-def]
    with pytest.raises(EngineError) as err:
        fn(*args, **kwargs)
    return err.value.code


def test_deposit_rows_and_addresses(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    dep = engine.deposit(uid, "btc", "0.5")
    rows = engine.deposit_history(uid, currency="BTC")
    assert rows[-1]["id"] == dep and rows[-1]["state"] == 3 and rows[-1]["amount"] == 11.0 - 10.5
    assert set(rows[-1]) == {"id", "currency", "hash", "chain", "amount", "address", "state", "created_date", "finished_date"}
    assert len(rows[-1]["created_date"]) == 19
    assert [r["chain"] for r in engine.deposit_address(uid, "usdt")] == ["ERC20", "TRC20"]
    assert engine.deposit_address(uid, "xrp")[0]["addressTag"] == str(uid)
    assert code_of(engine.deposit, uid, "FOO", "1") == 20021
    assert code_of(engine.deposit_address, uid, "FOO") == 20021
    newest = engine.deposit_history(uid, direct="next", size=1)
    assert newest[0]["id"] == dep
    assert engine.financelog(uid, "spot", currency_mark="BTC")["finance"][0]["type"] == 1


def test_withdraw_checks(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    w = engine.withdraw
    assert code_of(w, uid, "USDT", "20", "Tnotwhitelisted", "TRC20") == 20038
    assert code_of(w, uid, "USDT", "20", TRC20, "ERC20") == 20037
    assert code_of(w, uid, "USDT", "20", TRC20, "") == 20037
    assert code_of(w, uid, "XRP", "30", XRP, "", "wrongtag") == 20037
    assert code_of(w, uid, "FOO", "1", TRC20) == 20021
    assert code_of(w, uid, "USDT", "1", TRC20, "TRC20") == 20024  # below the minimum
    assert code_of(w, uid, "USDT", "100000", TRC20, "TRC20") == 20041
    assert code_of(w, uid, "DGF", "1000", "0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c") == 20034
    assert code_of(w, uid, "BTC", "10", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq") == 20041
    wid = w(uid, "XRP", "30", XRP, "", "100040")
    row = engine.withdraw_history(uid)[-1]
    assert row["id"] == wid and row["fee"] == 0.25 and row["state"] == 1 and row["memo"] == "100040"
    assert engine.bal(uid, "1", "XRP")[0] == Decimal("10000") - Decimal("30.25")


def test_insufficient_and_fee_rate(clock: ManualClock) -> None:
    engine = Engine(seed=1, clock=clock, config=SandboxConfig(funds={"BTC": "0.5"}))
    _, _, uid = engine.create_api_key()
    addr = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    assert code_of(engine.withdraw, uid, "BTC", "0.5", addr) == 20011  # amount + fee > balance
    wid = engine.withdraw(uid, "BTC", "0.4", addr)
    assert engine.withdrawals[wid].fee == Decimal("0.0005")  # max(min fee, 0.4 * 0.001)


def test_frequency_limits_and_cancel(engine: Engine, user: tuple[str, int], clock: ManualClock) -> None:
    _, uid = user
    ids = [engine.withdraw(uid, "USDT", "10", TRC20, "TRC20") for _ in range(3)]
    assert code_of(engine.withdraw, uid, "USDT", "10", TRC20, "TRC20") == 20040
    clock.advance(61)
    engine.withdraw(uid, "USDT", "10", TRC20, "TRC20")
    before = engine.bal(uid, "1", "USDT")[0]
    assert engine.cancel_withdrawal(uid, ids[0]) == ids[0]
    assert engine.bal(uid, "1", "USDT")[0] == before + 11  # amount and fee refunded
    assert code_of(engine.cancel_withdrawal, uid, ids[0]) == 20039
    assert code_of(engine.cancel_withdrawal, uid, 99999) == 20033
    engine.complete_withdrawal(ids[1])
    assert code_of(engine.cancel_withdrawal, uid, ids[1]) == 20039
    states = {r["id"]: r["state"] for r in engine.withdraw_history(uid)}
    assert states[ids[0]] == 5 and states[ids[1]] == 3 and states[ids[2]] == 1
    clock.advance(600)  # the configured delay completes the rest
    assert {r["state"] for r in engine.withdraw_history(uid)} == {3, 5}
    assert engine.state_summary()["conserved"]


def test_hundred_per_day(engine: Engine, user: tuple[str, int], clock: ManualClock) -> None:
    _, uid = user
    for i in range(100):
        engine.withdraw(uid, "TRX", "10", TRC20)
        if i % 3 == 2:
            clock.advance(61)
    assert code_of(engine.withdraw, uid, "TRX", "10", TRC20) == 20040


def test_internal_withdrawal(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    _, _, other = engine.create_api_key()
    wid = engine.withdraw(uid, "BTC", "1", str(other), type="internal")
    assert engine.bal(other, "1", "BTC")[0] == 11
    assert engine.withdraw_history(uid)[-1]["state"] == 3
    assert code_of(engine.cancel_withdrawal, uid, wid) == 20036
    assert code_of(engine.withdraw, uid, "BTC", "1", "424242", type="internal") == 20038
    assert engine.state_summary()["conserved"]


def test_history_paging(engine: Engine, user: tuple[str, int]) -> None:
    _, uid = user
    rows = engine.deposit_history(uid)
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    first = rows[0]["id"]
    assert engine.deposit_history(uid, start=first + 2, size=2)[0]["id"] == first + 2
    assert code_of(engine.deposit_history, uid, size=501) == 10004
