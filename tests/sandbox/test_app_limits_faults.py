"""HTTP: weight budget, 10005 bans with Retry-After, fault injection."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from dfx_unified.sandbox import AdminError, ManualClock, SandboxConfig, SandboxServer


@pytest.fixture
def small(clock: ManualClock) -> Iterator[SandboxServer]:
    with SandboxServer(seed=1, clock=clock, config=SandboxConfig(weight_budget=10, weights={"time": 3})) as srv:
        yield srv


def ping(server: SandboxServer) -> requests.Response:
    return requests.get(f"{server.url}/v3/ping", timeout=10)


def exhaust(server: SandboxServer) -> requests.Response:
    for _ in range(10):
        assert ping(server).json()["code"] == 0
    return ping(server)


def test_budget_ban_and_escalation(small: SandboxServer, clock: ManualClock) -> None:
    refused = exhaust(small)
    assert refused.json()["code"] == 10005 and refused.headers["Retry-After"] == "120"
    clock.advance(60)
    banned = ping(small)
    assert banned.json()["code"] == 10005 and banned.headers["Retry-After"] == "60"
    clock.advance(60)
    assert ping(small).json()["code"] == 0
    durations = []
    for _ in range(3):
        clock.advance(61)
        durations.append(int(exhaust(small).headers["Retry-After"]))
        clock.advance(durations[-1])
    assert durations == [120, 120, 600]  # bans 2, 3 then the 4th in 24 h
    clock.advance(24 * 3600)
    assert int(exhaust(small).headers["Retry-After"]) == 120


def test_weights_are_per_endpoint_and_overridable(small: SandboxServer) -> None:
    for _ in range(3):
        assert requests.get(f"{small.url}/v3/time", timeout=10).json()["code"] == 0
    assert requests.get(f"{small.url}/v3/time", timeout=10).json()["code"] == 10005  # 4 * 3 > 10


def test_key_budget_is_separate_from_refusals(small: SandboxServer, make_client: Any) -> None:
    client = make_client(small)
    for _ in range(5):
        assert client.get("spot/assets")["code"] == 0  # weight 2 each
    assert client.get("spot/assets")["code"] == 10005
    small.reset_limits()
    assert client.get("spot/assets")["code"] == 0


def test_fault_delay_and_reset_after_commit(server: SandboxServer, client: Any) -> None:
    server.inject_fault("spot/order/new", "reset", when="after")
    with pytest.raises(requests.ConnectionError):
        client.post("spot/order/new", {"symbol": "btc_usdt", "type": "buy", "amount": "0.01", "price": "30000"})
    assert len(client.get("spot/order/current")["data"]) == 1  # committed before the drop
    server.inject_fault("spot/order/new", "reset", when="before")
    with pytest.raises(requests.ConnectionError):
        client.post("spot/order/new", {"symbol": "btc_usdt", "type": "buy", "amount": "0.01", "price": "30000"})
    assert len(client.get("spot/order/current")["data"]) == 1  # nothing committed
    server.inject_fault("*", "delay", delay=0.05, when="after")
    assert client.get("spot/assets")["code"] == 0


def test_fault_502_malformed_rate_limit_and_skew(server: SandboxServer, client: Any) -> None:
    server.inject_fault("ticker", "http_502", times=2)
    for _ in range(2):
        r = requests.get(f"{server.url}/v3/ticker", timeout=10)
        assert r.status_code == 502 and "<html>" in r.text
    assert requests.get(f"{server.url}/v3/ticker", timeout=10).json()["code"] == 0
    server.inject_fault("spot/order/new", "malformed_json")
    r = requests.post(
        f"{server.url}/v3/spot/order/new",
        data="symbol=btc_usdt&type=buy&amount=0.01&price=30000",
        headers=client.headers("symbol=btc_usdt&type=buy&amount=0.01&price=30000"),
        timeout=10,
    )
    with pytest.raises(json.JSONDecodeError):
        json.loads(r.text)
    assert len(client.get("spot/order/current")["data"]) == 1  # committed
    server.inject_fault("ping", "rate_limit", delay=7)
    r = requests.get(f"{server.url}/v3/ping", timeout=10)
    assert r.json()["code"] == 10005 and r.headers["Retry-After"] == "7"
    server.inject_fault("spot/assets", "clock_skew", delay=30)
    assert client.get("spot/assets")["code"] == 10008
    assert client.get("spot/assets")["code"] == 0
    server.inject_fault("*", "http_502")
    server.clear_faults()
    assert requests.get(f"{server.url}/v3/ping", timeout=10).status_code == 200


def test_admin_routes(server: SandboxServer, client: Any, clock: ManualClock, make_client: Any) -> None:
    start = clock.now()
    admin = server.admin_client()
    made = admin.create_api_key(["read", "trade"])
    assert made.uid > 1_000_001 and len(made.secret) > 20
    assert make_client(server, made.api_key, made.secret).get("spot/assets")["code"] == 0
    before = client.get("spot/assets")["list"]
    assert admin.deposit("BTC", "1", api_key=server.api_key) > 0
    after = client.get("spot/assets")["list"]
    btc = [next(r["free"] for r in rows if r["currency"] == "BTC") for rows in (before, after)]
    assert btc[1] - btc[0] == 1
    with pytest.raises(AdminError) as refused:
        admin.deposit("FOO", "1", uid=server.uid)
    assert (refused.value.status, refused.value.code) == (400, 20021)
    wid = client.post(
        "withdraw/new", {"currency": "btc", "amount": "0.01", "address": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"}
    )["withdraw_id"]
    assert admin.complete_withdrawal(wid) == wid
    assert client.post("withdraw/cancel", {"withdraw_id": wid})["code"] == 20039
    assert admin.add_fault("ping", "http_502")["kind"] == "http_502"
    assert [f["path"] for f in admin.faults()] == ["ping"]
    admin.clear_faults()
    assert admin.faults() == []
    assert admin.advance_clock(10) == clock.now() == start + 10
    assert admin.set_clock(start + 100) == clock.now() == admin.clock() == start + 100
    rules = admin.trading_rules(server.api_key, "BTC_USDT")
    assert rules["orders"] == 0 and rules["FR"] == "0.00000000"
    state = admin.state()
    assert state["conserved"] and str(server.uid) in state["accounts"]
    assert state["accounts"][str(made.uid)]["balances"]["1"]["USDT"]["total"] == "100000"


def test_admin_reset_limits(small: SandboxServer) -> None:
    assert exhaust(small).json()["code"] == 10005
    small.admin_client().reset_limits()
    assert ping(small).json()["code"] == 0
