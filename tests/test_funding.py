"""Deposit addresses, deposit/withdrawal history, withdraw and cancel (cassettes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ccxt
import pytest

import dfx_unified
from dfx_unified.dates import history_zone, parse_history_date
from tests.trading_support import NOW_MS, NOW_S, LostWithdrawal, trading_exchange, trading_exchange_fixture

ex = trading_exchange_fixture

TRC20_ADDRESS = "TXYZtrc20addressxxxxxxxxxxxxxxxxxx"


# ---------------------------------------------------------------- addresses
def test_fetch_deposit_address_reference(ex, replay):
    with replay("reference/funding_deposit_address.yaml"):
        address = ex.fetch_deposit_address("BTC")
    assert address["currency"] == "BTC"
    assert address["address"] == "1PSRjPg53cX7hMRYAXGJnL8mqHtzmQgPUs"
    assert address["tag"] is None
    assert address["network"] == "BTC"  # empty chain: the coin's own network


@pytest.mark.parametrize(
    ("network", "expected"), [("TRC20", TRC20_ADDRESS), ("TRX", TRC20_ADDRESS), ("OMNI", "1OmniAddressxxxxxxxxxxxxxxxxxxxxx")]
)
def test_fetch_deposit_address_of_a_network(ex, replay, network, expected):
    with replay("quirks/funding_deposit_address_chains.yaml"):
        address = ex.fetch_deposit_address("USDT", {"network": network})
    assert address["address"] == expected


def test_fetch_deposit_address_without_network_takes_first(ex, replay):
    with replay("quirks/funding_deposit_address_chains.yaml"):
        address = ex.fetch_deposit_address("USDT")
    assert address["network"] == "ERC20"
    assert address["address"] == "0x1111111111111111111111111111111111111111"


def test_fetch_deposit_address_missing_network(ex, replay):
    with (
        replay("quirks/funding_deposit_address_chains.yaml"),
        pytest.raises(ccxt.InvalidAddress, match=r"BEP20.*available: ERC20, TRC20, OMNI"),
    ):
        ex.fetch_deposit_address("USDT", {"network": "BSC"})


def test_fetch_deposit_addresses_by_network(ex, replay):
    with replay("quirks/funding_deposit_address_chains.yaml"):
        addresses = ex.fetch_deposit_addresses_by_network("USDT")
    assert list(addresses) == ["ERC20", "TRC20", "OMNI"]
    assert addresses["TRC20"]["address"] == TRC20_ADDRESS
    assert addresses["OMNI"]["currency"] == "USDT"


# ---------------------------------------------------------------- history
def test_fetch_deposits_reference_shape(ex, replay):
    with replay("reference/funding_deposit_history.yaml"):
        deposits = ex.fetch_deposits("XRP")
    deposit = deposits[0]
    assert deposit["id"] == "1171"
    assert deposit["txid"] == "ed03094b84eafbe4bc16e7ef766ee959885ee5bcb265872baaa9c64e1cf86c2b"
    assert deposit["currency"] == "XRP"
    assert deposit["amount"] == 7.457467
    assert deposit["address"] == "rae93V8d2mdoUQHwBDBdM4NHCMehRJAsbm"
    assert deposit["status"] == "ok"  # state 3
    assert deposit["type"] == "deposit"
    assert deposit["network"] == "XRP"
    # 2020-04-20 11:23:00 in Asia/Singapore (UTC+8) is 03:23:00 UTC
    assert deposit["timestamp"] == 1587352980000
    assert deposit["datetime"] == "2020-04-20T03:23:00.000Z"
    assert deposit["updated"] == 1587360180000
    assert deposit["fee"] is None


def test_fetch_deposits_second_shape_and_since(ex, replay):
    since = parse_history_date("2023-11-14 00:00:00", "Asia/Singapore")
    with replay("quirks/funding_deposit_history.yaml") as cassette:
        deposits = ex.fetch_deposits("USDT", since)
    assert cassette.play_count == 1
    assert [d["id"] for d in deposits] == ["1202", "1203"]  # 1201 is older than since
    newest = deposits[1]
    assert newest["txid"] == "0xabc3"
    assert newest["status"] == "ok"  # 'safe'
    assert newest["network"] == "TRC20"
    assert newest["amount"] == 25.5
    assert newest["tag"] is None
    assert newest["fee"] == {"cost": 0.0, "currency": "USDT"}
    assert newest["updated"] - newest["timestamp"] == 300_000
    assert deposits[0]["status"] == "pending"  # 'confirm'


def test_unknown_state_is_not_invented(ex, replay):
    with replay("quirks/funding_deposit_history.yaml"):
        deposits = ex.fetch_deposits("USDT", parse_history_date("2023-11-13 00:00:00", "+08:00"))
    oldest = deposits[0]
    assert oldest["id"] == "1201"
    assert oldest["status"] is None
    assert oldest["info"]["state"] == "auditing"


def test_history_timezone_option(replay):
    exchange = trading_exchange(options={"historyTimezone": "UTC"})
    with replay("reference/funding_deposit_history.yaml"):
        deposit = exchange.fetch_deposits("XRP")[0]
    assert deposit["datetime"] == "2020-04-20T11:23:00.000Z"


def test_history_zone_forms():
    assert parse_history_date("2020-04-20 11:23:00", "+08:00") == parse_history_date("2020-04-20 11:23:00", "Asia/Shanghai")
    assert parse_history_date("2020-04-20 11:23:00", "-0530") == 1587401580000  # 16:53 UTC
    assert parse_history_date("", "UTC") is None
    assert parse_history_date("garbage", "UTC") is None
    with pytest.raises(ccxt.BadRequest):
        history_zone("Mars/Olympus")


def test_fetch_withdrawals_reference(ex, replay):
    with replay("reference/funding_withdraw_history.yaml"):
        withdrawals = ex.fetch_withdrawals()
    withdrawal = withdrawals[0]
    assert withdrawal["type"] == "withdrawal"
    assert withdrawal["status"] == "ok"  # 'safe'
    assert withdrawal["tag"] == "100040"
    assert withdrawal["fee"] == {"cost": 0.0, "currency": "XRP"}
    assert withdrawal["currency"] == "XRP"


def test_fetch_withdrawals_int_states_and_limit(ex, replay):
    with replay("quirks/funding_withdraw_history_states.yaml"):
        withdrawals = ex.fetch_withdrawals("USDT", None, 2)
    assert [(w["id"], w["status"]) for w in withdrawals] == [("900", "failed"), ("901", "pending")]
    assert withdrawals[1]["txid"] is None and withdrawals[1]["updated"] is None
    assert withdrawals[0]["network"] == "ERC20"


# ---------------------------------------------------------------- withdraw
def test_withdraw_reference(ex, replay):
    with replay("reference/funding_withdraw.yaml") as cassette:
        result = ex.withdraw("ETH", 0.05, "0xde709f2102306220921060314715629080e2fb77")
    assert cassette.play_count == 1
    assert result["id"] == "700"
    assert result["status"] == "pending"
    assert result["type"] == "withdrawal"
    assert result["amount"] == 0.05 and result["currency"] == "ETH"
    assert result["timestamp"] == NOW_MS
    assert result["info"] == {"code": 200, "withdraw_id": 700}


def test_withdraw_network_mapping_and_tag(ex, replay):
    with replay("quirks/funding_withdraw_network.yaml") as cassette:
        result = ex.withdraw("USDT", 25.5, TRC20_ADDRESS, "42", {"network": "TRX"})
    assert cassette.play_count == 1
    assert result["id"] == "701"
    assert result["network"] == "TRC20"
    assert result["tag"] == "42"


def test_withdraw_params_as_fourth_argument(ex, replay):
    with replay("quirks/funding_withdraw_network.yaml"):
        result = ex.withdraw("USDT", 25.5, TRC20_ADDRESS, {"tag": "42", "network": "TRC20"})
    assert result["id"] == "701"


@pytest.mark.parametrize("params", [{"internal": True}, {"type": "internal"}], ids=["internal", "type"])
def test_withdraw_internal(ex, replay, params):
    with replay("quirks/funding_withdraw_internal.yaml"):
        result = ex.withdraw("USDT", 10, "12345678", None, params)
    assert result["id"] == "702" and result["internal"] is True


def test_cancel_withdrawal(ex, replay):
    with replay("reference/funding_withdraw_cancel.yaml"):
        result = ex.cancel_withdrawal("700", "ETH")
    assert result["id"] == "700" and result["status"] == "canceled" and result["currency"] == "ETH"


def _withdraw_row(row_id: int, created: str, **changes: Any) -> dict[str, Any]:
    row = {
        "id": row_id,
        "currency": "usdt",
        "hash": "",
        "chain": "TRC20",
        "amount": 25.5,
        "address": TRC20_ADDRESS,
        "state": 1,
        "created_date": created,
        "finished_date": "",
    }
    row.update(changes)
    return row


def test_withdraw_reconciled_from_history(monkeypatch):
    exchange = trading_exchange(options={"reconcileDelay": 0})
    # NOW_S is 2023-11-15 06:13:20 in Asia/Singapore
    assert parse_history_date("2023-11-15 06:13:20", "Asia/Singapore") == NOW_S * 1000
    server = LostWithdrawal(
        [
            _withdraw_row(712, "2023-11-15 06:13:21"),
            _withdraw_row(711, "2023-11-15 06:13:21", amount=25.4),
            _withdraw_row(710, "2023-11-15 05:00:00"),  # earlier: not ours
        ]
    )
    monkeypatch.setattr(exchange, "fetch", server)
    result = exchange.withdraw("USDT", 25.5, TRC20_ADDRESS, None, {"network": "TRC20"})
    assert result["id"] == "712" and result["status"] == "pending"
    assert server.sent.count("POST withdraw/new") == 1
    assert "GET withdraw/history?currency=usdt&size=50&direct=next" in server.sent


def test_withdraw_outcome_unknown(monkeypatch):
    exchange = trading_exchange(options={"reconcileDelay": 0})
    server = LostWithdrawal([_withdraw_row(710, "2023-11-15 05:00:00")])
    monkeypatch.setattr(exchange, "fetch", server)
    with pytest.raises(dfx_unified.OutcomeUnknown):
        exchange.withdraw("USDT", 25.5, TRC20_ADDRESS, None, {"network": "TRC20"})
    assert server.sent.count("POST withdraw/new") == 1


class PagedHistory:
    """`exchange.fetch` stand-in for deposit/history paging by id (newest first)."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        # ids 2000..1401 newest first, one a minute back from 2023-11-15 06:00:00 (+08:00)
        base = parse_history_date("2023-11-15 06:00:00", "Asia/Singapore") // 1000
        self.rows = [
            {
                "id": 2000 - i,
                "currency": "usdt",
                "hash": f"0x{i}",
                "chain": "TRC20",
                "amount": 1,
                "address": "T",
                "state": 3,
                "created_date": _local(base - 60 * i),
                "finished_date": "",
            }
            for i in range(600)
        ]

    def __call__(self, url: str, method: str = "GET", headers: Any = None, body: Any = None) -> Any:
        self.urls.append(url.split("/v3/")[1])
        start = 0
        if "from=" in url:
            start_id = int(url.split("from=")[1].split("&")[0])
            start = next(i for i, row in enumerate(self.rows) if row["id"] == start_id)
        return {"code": 200, "data": self.rows[start : start + 500]}


def _local(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, history_zone("Asia/Singapore")).strftime("%Y-%m-%d %H:%M:%S")


def test_fetch_deposits_pages_back_until_since(monkeypatch):
    exchange = trading_exchange()
    server = PagedHistory()
    monkeypatch.setattr(exchange, "fetch", server)
    since = parse_history_date("2023-11-14 20:00:00", "Asia/Singapore")  # 600 minutes back: row id 1400 is older
    deposits = exchange.fetch_deposits("USDT", since)
    assert server.urls == [
        "deposit/history?currency=usdt&size=500&direct=next",
        "deposit/history?currency=usdt&size=500&direct=next&from=1501",
    ]
    assert len(deposits) == 600  # ids 1401..2000, the repeated 1501 counted once
    assert deposits[0]["id"] == "1401" and deposits[-1]["id"] == "2000"
    assert all(d["timestamp"] >= since for d in deposits)
