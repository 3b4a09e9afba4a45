"""Replay of the sessions recorded against the sandbox (cassettes/sandbox/).

Expected values are read from the recorded responses themselves, not from the code
under test: the unified results must carry what the wire said.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import yaml

import dfx_unified
from tests.conftest import API_KEY, SECRET
from tests.sandbox_scenarios import CLOCK_START, SCENARIOS, freeze_client_clock

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes" / "sandbox"


def recorded(name: str, path: str) -> list[dict]:
    """The JSON bodies the sandbox answered on `path`, in order."""
    data = yaml.safe_load((CASSETTES / f"{name}.yaml").read_text())
    return [
        json.loads(i["response"]["body"]["string"])
        for i in data["interactions"]
        if urlsplit(i["request"]["uri"]).path == f"/v3/{path}"
    ]


def run(replay, name: str) -> dict:
    exchange = dfx_unified.digifinex({"apiKey": API_KEY, "secret": SECRET, "enableRateLimit": False})
    exchange.set_sandbox_mode(True)
    freeze_client_clock(exchange, lambda: CLOCK_START)
    try:
        with replay(f"sandbox/{name}.yaml") as cassette:
            result = SCENARIOS[name](exchange)
        assert cassette.all_played
    finally:
        exchange.close()
    return result


def test_cassettes_carry_no_credentials():
    for path in CASSETTES.glob("*.yaml"):
        text = path.read_text()
        for header in ("ACCESS-KEY", "ACCESS-SIGN", "ACCESS-TIMESTAMP"):
            assert header not in text, (path.name, header)


def test_every_scenario_has_a_cassette():
    assert {p.stem for p in CASSETTES.glob("*.yaml")} == set(SCENARIOS)


def test_public(replay):
    result = run(replay, "public")
    ticker = recorded("public", "ticker")[0]["ticker"][0]
    assert (result["ticker"]["last"], result["ticker"]["bid"], result["ticker"]["ask"]) == (
        ticker["last"], ticker["buy"], ticker["sell"]
    )
    book = recorded("public", "order_book")[0]
    assert result["book"]["bids"][0] == max(book["bids"])
    assert result["book"]["asks"][0] == min(book["asks"])
    wire = recorded("public", "kline")[0]["data"]
    assert [c[0] for c in result["candles"]] == [row[0] * 1000 for row in wire][-3:]


def test_spot_lifecycle(replay):
    result = run(replay, "spot_lifecycle")
    order_id = recorded("spot_lifecycle", "spot/order/new")[0]["order_id"]
    assert result["created"]["id"] == result["fetched"]["id"] == order_id
    assert result["fetched"]["status"] == "open"
    assert [o["id"] for o in result["open"]] == [order_id]
    assert recorded("spot_lifecycle", "spot/order/cancel")[0]["success"] == [order_id]
    assert result["canceled"]["status"] == "canceled"
    assert [(o["id"], o["status"]) for o in result["closed"]] == [(order_id, "canceled")]


def test_fill(replay):
    result = run(replay, "fill")
    bid_id, sell_id = (r["order_id"] for r in recorded("fill", "spot/order/new"))
    assert (result["bid"]["id"], result["sell"]["id"]) == (bid_id, sell_id)
    row = recorded("fill", "spot/order")[0]["data"][0]
    assert row["status"] == 2 and result["filled"]["status"] == "closed"
    assert result["filled"]["filled"] == row["executed_amount"]
    assert result["filled"]["average"] == row["avg_price"]
    assert [t["order"] for t in result["fills"]] == [bid_id] * len(result["fills"])
    wire_trades = recorded("fill", "spot/mytrades")[0]["list"]
    assert sorted(t["id"] for t in result["mine"]) == sorted(str(t["id"]) for t in wire_trades)


def test_margin(replay):
    result = run(replay, "margin")
    assert (result["transfer"]["fromAccount"], result["transfer"]["toAccount"], result["transfer"]["amount"]) == (
        "spot", "margin", 200
    )
    wire = recorded("margin", "margin/positions")[0]["positions"]
    assert [(p["symbol"], p["side"]) for p in result["positions"]] == [("BTC/USDT", w["side"]) for w in wire]
    assert result["positions"][0]["contracts"] == float(wire[0]["amount"])
    assert [p for p in result["after"] if p["contracts"]] == []


def test_funding(replay):
    result = run(replay, "funding")
    rows = recorded("funding", "deposit/address")[0]["data"]
    assert {r["chain"]: r["address"] for r in rows} == {k: v["address"] for k, v in result["addresses"].items()}
    withdraw_id = recorded("funding", "withdraw/new")[0]["withdraw_id"]
    assert result["withdrawal"]["id"] == str(withdraw_id)
    assert [w["status"] for w in result["history"]] == ["pending"]
    assert result["canceled"]["status"] == "canceled"
    assert [w["status"] for w in result["after"]] == ["canceled"]
