"""Balances, ledger, margin positions, position close and transfers (cassettes)."""

from __future__ import annotations

import ccxt
import pytest

import dfx_unified
from tests.trading_support import NOW_MS, NOW_S, LostTransfer, trading_exchange, trading_exchange_fixture

ex = trading_exchange_fixture


# ---------------------------------------------------------------- balance
def test_fetch_balance_spot_reference(ex, replay):
    with replay("reference/account_spot_assets.yaml") as cassette:
        balance = ex.fetch_balance()
    assert cassette.requests[0].path == "/v3/spot/assets"
    assert balance["BTC"] == {"free": 4723846.89208129, "used": -4723846.89208129, "total": 0.0}
    assert balance["free"]["BTC"] == 4723846.89208129
    assert balance["total"]["BTC"] == 0


def test_fetch_balance_string_numbers(ex, replay):
    with replay("quirks/account_spot_assets_strings.yaml"):
        balance = ex.fetch_balance()
    assert balance["USDT"] == {"free": 750.5, "used": 249.75, "total": 1000.25}
    assert balance["BTC"] == {"free": 0.1, "used": 0.2, "total": 0.3}  # exact: Precise, not float subtraction


@pytest.mark.parametrize("params", [{"marginMode": "cross"}, {"type": "margin"}], ids=["marginMode", "type"])
def test_fetch_balance_margin(ex, replay, params):
    with replay("reference/account_margin_assets.yaml") as cassette:
        balance = ex.fetch_balance(params)
    assert cassette.requests[0].path == "/v3/margin/assets"
    assert balance["BTC"]["free"] == 4723846.89208129
    # info is the answer's rows, the shape ccxt.digifinex gives
    assert balance["info"] == [{"currency": "BTC", "free": 4723846.89208129, "total": 0}]


# ---------------------------------------------------------------- ledger
def test_fetch_ledger_type_mapping(ex, replay):
    with replay("quirks/account_financelog.yaml"):
        entries = ex.fetch_ledger(None, None, 10)
    assert [e["type"] for e in entries] == ["transfer", "trade", "fee", "99"]  # unknown code kept raw
    assert [e["direction"] for e in entries] == ["out", "in", "out", "in"]
    assert [e["amount"] for e in entries] == [100, 0.01, 0.5, 1.25]
    assert [e["after"] for e in entries] == [900, 0.51, 899.5, 900.75]
    assert [e["before"] for e in entries] == [1000, 0.5, 900, 899.5]
    assert [e["currency"] for e in entries] == ["USDT", "BTC", "USDT", "USDT"]
    assert entries[0]["timestamp"] == (NOW_S - 300) * 1000
    assert entries[0]["account"] == "spot"
    assert entries[3]["info"]["type"] == 99


def test_fetch_ledger_margin_data_list(ex, replay):
    with replay("quirks/account_financelog_margin_list.yaml") as cassette:
        entries = ex.fetch_ledger("USDT", NOW_MS - 3_600_000, None, {"until": NOW_MS, "marginMode": "cross"})
    assert cassette.play_count == 1
    assert len(entries) == 1 and entries[0]["account"] == "margin" and entries[0]["type"] == "transfer"


def test_fetch_ledger_otc_top_level_list(ex, replay):
    with replay("quirks/account_financelog_otc.yaml") as cassette:
        entries = ex.fetch_ledger(params={"type": "otc"})
    assert cassette.requests[0].path == "/v3/otc/financelog"
    assert entries[0]["amount"] == 1.25 and entries[0]["account"] == "otc"


# ---------------------------------------------------------------- positions
def test_fetch_positions_reference(ex, replay):
    with replay("reference/account_positions.yaml"):
        positions = ex.fetch_positions()
    position = positions[0]
    assert position["symbol"] == "BTC/USDT"
    assert position["side"] == "long"
    assert position["contracts"] == 3
    assert position["entryPrice"] == 40
    assert position["leverage"] == 3
    assert position["unrealizedPnl"] == 55
    assert position["liquidationPrice"] == 25.999999999999996
    assert position["marginMode"] == "cross"
    assert position["info"]["envelope"] == {"margin": "20", "margin_rate": 1, "unrealized_pnl": "55"}


def test_fetch_positions_side_vocabularies(ex, replay):
    with replay("quirks/account_positions_sides.yaml"):
        positions = ex.fetch_positions()
    by_symbol = {p["symbol"]: p for p in positions}
    assert by_symbol["BTC/USDT"]["side"] == "long"  # go_long
    assert by_symbol["LTC/USDT"]["side"] == "short"  # go_short
    assert by_symbol["XRP/USDT"]["side"] is None  # empty: no position
    assert by_symbol["ETH/USDT"]["side"] == "short"  # pair not in the markets still parses
    assert by_symbol["BTC/USDT"]["contracts"] == 0.5 and by_symbol["LTC/USDT"]["contracts"] == 10
    assert by_symbol["LTC/USDT"]["unrealizedPnl"] == -5 and by_symbol["BTC/USDT"]["leverage"] == 3
    assert by_symbol["BTC/USDT"]["info"]["unrealized_roe"] == "0.01"
    assert by_symbol["BTC/USDT"]["info"]["envelope"] == {"margin": 120.5, "margin_rate": "0.8", "unrealized_pnl": -3}


def test_fetch_positions_symbols_filter(ex, replay):
    with replay("quirks/account_positions_sides.yaml"):
        positions = ex.fetch_positions(["BTC/USDT", "LTC/USDT"])
    assert [p["symbol"] for p in positions] == ["BTC/USDT", "LTC/USDT"]


def test_fetch_position_flat_when_none_listed(ex, replay):
    with replay("quirks/account_position_one.yaml"):
        position = ex.fetch_position("LTC/USDT")
    assert position["symbol"] == "LTC/USDT"
    assert position["side"] is None and position["contracts"] == 0


def test_close_position(ex, replay):
    with replay("reference/account_position_close.yaml") as cassette:
        order = ex.close_position("BTC/USDT")
    assert cassette.play_count == 1
    assert order["symbol"] == "BTC/USDT" and order["type"] == "market" and order["reduceOnly"] is True
    assert order["id"] is None and order["timestamp"] == NOW_MS
    assert order["info"] == {"code": 0}


def test_close_position_without_position(ex, replay):
    with (
        replay("quirks/account_position_close_20030.yaml"),
        pytest.raises(ccxt.BadRequest, match="no open margin position on LTC/USDT"),
    ):
        ex.close_position("LTC/USDT")


# ---------------------------------------------------------------- transfer
def test_transfer_spot_to_margin(ex, replay):
    with replay("reference/account_transfer.yaml") as cassette:
        transfer = ex.transfer("USDT", 100.5, "spot", "margin")
    assert cassette.play_count == 1
    assert transfer == {
        "info": {"code": 0},
        "id": None,
        "timestamp": NOW_MS,
        "datetime": "2023-11-14T22:13:20.000Z",
        "currency": "USDT",
        "amount": 100.5,
        "fromAccount": "spot",
        "toAccount": "margin",
        "status": "ok",
    }


def test_transfer_by_account_ids(ex, replay):
    with replay("reference/account_transfer_otc.yaml"):
        transfer = ex.transfer("BTC", "0.25", 3, "1")
    assert transfer["fromAccount"] == "otc" and transfer["toAccount"] == "spot" and transfer["amount"] == 0.25


def test_transfer_reconciled_from_financelog(monkeypatch):
    exchange = trading_exchange(options={"reconcileDelay": 0})
    server = LostTransfer(
        [
            {"currency_mark": "usdt", "type": 20, "num": "-100.5", "balance": "899.5", "time": NOW_S},
            {"currency_mark": "usdt", "type": 10, "num": "-100.5", "balance": "799", "time": NOW_S},
        ]
    )
    monkeypatch.setattr(exchange, "fetch", server)
    transfer = exchange.transfer("USDT", 100.5, "spot", "margin")
    assert transfer["status"] == "ok" and transfer["amount"] == 100.5
    assert server.sent.count("POST transfer") == 1
    assert f"GET spot/financelog?currency_mark=USDT&start_time={NOW_S - 2}" in server.sent


def test_transfer_outcome_unknown(monkeypatch):
    exchange = trading_exchange(options={"reconcileDelay": 0})
    server = LostTransfer([{"currency_mark": "usdt", "type": 20, "num": "-7", "balance": "1", "time": NOW_S}])
    monkeypatch.setattr(exchange, "fetch", server)
    with pytest.raises(dfx_unified.OutcomeUnknown):
        exchange.transfer("USDT", 100.5, "spot", "margin")
    assert server.sent.count("POST transfer") == 1
