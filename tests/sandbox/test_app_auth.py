"""HTTP: signatures, timestamps, recv window, keys and permissions."""

from __future__ import annotations

from typing import Any

import requests

from dfx_unified import signing
from dfx_unified.sandbox import ManualClock, SandboxServer


def order_body(sort: bool) -> str:
    params = {"symbol": "btc_usdt", "type": "buy", "amount": "0.01", "price": "30000"}
    items = sorted(params.items()) if sort else list(params.items())
    return signing.encode_params(items)


def post_raw(server: SandboxServer, path: str, body: str, headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
    return requests.post(f"{server.url}/v3/{path}", data=body, headers=headers, timeout=10).json()  # type: ignore[no-any-return]


def test_sorted_and_unsorted_signatures_verify(server: SandboxServer, client: Any) -> None:
    for sort in (True, False):
        body = order_body(sort)
        # no Content-Type header at all, as stock ccxt sends it
        answer = post_raw(server, "spot/order/new", body, client.headers(body))
        assert answer["code"] == 0 and len(answer["order_id"]) == 32


def test_query_and_body_are_signed_together(server: SandboxServer, client: Any) -> None:
    query, body = "symbol=btc_usdt", "type=buy&amount=0.01&price=30000"
    payload = signing.signature_payload(query, body)
    r = requests.post(f"{server.url}/v3/spot/order/new?{query}", data=body, headers=client.headers(payload), timeout=10)
    assert r.json()["code"] == 0


def test_query_wins_over_body(server: SandboxServer, client: Any) -> None:
    query, body = "symbol=btc_usdt&price=30000", "type=buy&amount=0.01&price=abc"
    payload = signing.signature_payload(query, body)
    r = requests.post(f"{server.url}/v3/spot/order/new?{query}", data=body, headers=client.headers(payload), timeout=10)
    assert r.json()["code"] == 0


def test_wrong_signature_missing_and_unknown_key(server: SandboxServer, client: Any, make_client: Any) -> None:
    body = order_body(False)
    bad = client.headers(body)
    bad[signing.HEADER_SIGN] = signing.sign("not-the-secret", body)
    assert post_raw(server, "spot/order/new", body, bad)["code"] == 10003
    missing = {k: v for k, v in client.headers(body).items() if k != signing.HEADER_KEY}
    assert post_raw(server, "spot/order/new", body, missing)["code"] == 10009
    assert make_client(server, key="nobody", secret="x").get("spot/assets")["code"] == 10002
    upper = client.headers(body)
    upper[signing.HEADER_SIGN] = upper[signing.HEADER_SIGN].upper()  # not case sensitive
    assert post_raw(server, "spot/order/new", body, upper)["code"] == 0


def test_timestamp_window_and_recv_window(server: SandboxServer, client: Any, clock: ManualClock) -> None:
    now = int(clock.now())

    def at(ts: int, **extra: str) -> int:
        headers = client.headers("", **extra)
        headers[signing.HEADER_TIMESTAMP] = str(ts)
        return requests.get(f"{server.url}/v3/spot/assets", headers=headers, timeout=10).json()["code"]  # type: ignore[no-any-return]

    assert at(now - 5) == 0
    assert at(now - 6) == 10008
    assert at(now + 1) == 0
    assert at(now + 2) == 10008
    assert at(now - 20, **{signing.HEADER_RECV_WINDOW: "30"}) == 0
    assert at(now - 20, **{signing.HEADER_RECV_WINDOW: "30000"}) == 0  # milliseconds
    assert at(now - 40, **{signing.HEADER_RECV_WINDOW: "30"}) == 10008
    assert at(now - 70, **{signing.HEADER_RECV_WINDOW: "3600"}) == 10008  # capped at 60 s
    headers = client.headers("")
    headers[signing.HEADER_TIMESTAMP] = "soon"
    assert requests.get(f"{server.url}/v3/spot/assets", headers=headers, timeout=10).json()["code"] == 10008


def test_permissions_and_expiry(server: SandboxServer, clock: ManualClock, make_client: Any) -> None:
    key, secret = server.create_api_key(["read"])
    reader = make_client(server, key, secret)
    assert reader.get("spot/assets")["code"] == 0
    assert (
        reader.post("spot/order/new", {"symbol": "btc_usdt", "type": "buy", "amount": "0.01", "price": "30000"})["code"] == 10006
    )
    assert reader.post("withdraw/cancel", {"withdraw_id": 1})["code"] == 10006
    key, secret = server.create_api_key(expires_at=clock.now() + 10)
    expiring = make_client(server, key, secret)
    assert expiring.get("spot/assets")["code"] == 0
    clock.advance(11)
    assert expiring.get("spot/assets")["code"] == 10011


def test_unknown_path_and_wrong_method(server: SandboxServer) -> None:
    assert requests.get(f"{server.url}/v3/spot/nothing", timeout=10).json()["code"] == 10009
    assert requests.post(f"{server.url}/v3/ticker", timeout=10).json()["code"] == 10001
    assert requests.get(f"{server.url}/v3/spot/order/new", timeout=10).json()["code"] == 10001
    assert requests.get(f"{server.url}/v3/otc/order", timeout=10).json()["code"] == 10009
