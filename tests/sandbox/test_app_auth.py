"""HTTP: signatures, timestamps, recv window, keys and permissions."""

from __future__ import annotations

import functools
from typing import Any

import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from dfx_unified import signing
from dfx_unified.sandbox import Engine, EngineError, ManualClock, SandboxConfig, SandboxServer
from dfx_unified.sandbox.auth import authenticate


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


# ---------------------------------------------------------------- hostile auth headers
HOSTILE_TIMESTAMPS = [
    "nan",
    "NaN",
    "-nan",
    "inf",
    "Infinity",
    "-inf",
    "1e9999",
    "",
    " ",
    "0x6553f100",
    "1_700_000_000",
    "1700000000.0",
    "1700000000.5",
    "+1700000000",
    "-1700000000",
    "1700000000000",  # milliseconds
    "17000 00000",
    "\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660",  # Arabic-Indic digits of 1700000000
    "1.7e9",
    "1" * 5000,
]


def test_hostile_timestamps_place_nothing(server: SandboxServer, client: Any) -> None:
    """Issue 12: `ACCESS-TIMESTAMP: nan` passed the window check and placed orders."""
    assert int(server.clock.now()) == 1_700_000_000  # the stamps above are written around this time
    body = order_body(False)
    for stamp in (s for s in HOSTILE_TIMESTAMPS if s == s.strip()):  # HTTP trims blanks around a header value
        headers: dict[str, Any] = client.headers(body)
        headers[signing.HEADER_TIMESTAMP] = stamp.encode()  # raw UTF-8 bytes on the wire
        assert post_raw(server, "spot/order/new", body, headers)["code"] == 10008, stamp
    transfer = signing.encode_params({"currency_mark": "USDT", "num": "10", "from": "1", "to": "2"})
    headers = client.headers(transfer)
    headers[signing.HEADER_TIMESTAMP] = "nan"
    assert post_raw(server, "transfer", transfer, headers)["code"] == 10008
    assert client.get("spot/order/current")["data"] == []
    assert server.state()["accounts"][str(server.uid)]["balances"].get("2", {}).get("USDT", {}).get("total") == "10000"


def test_recv_window_header_is_a_strict_number(server: SandboxServer, client: Any, clock: ManualClock) -> None:
    now = int(clock.now())
    for window in ("nan", "inf", "1_0", "1e400", "abc"):
        headers = client.headers("", **{signing.HEADER_RECV_WINDOW: window})
        headers[signing.HEADER_TIMESTAMP] = str(now - 20)
        assert requests.get(f"{server.url}/v3/spot/assets", headers=headers, timeout=10).json()["code"] == 10004, window


def test_failed_authentication_spends_the_ip_weight(clock: ManualClock, make_client: Any) -> None:
    """Issue 12: refused before any spend, a key-guessing flood never met 10005."""
    with SandboxServer(seed=1, clock=clock, config=SandboxConfig(weight_budget=10)) as small:
        guesser = make_client(small, key="guess", secret="x")
        codes = [guesser.get("spot/assets")["code"] for _ in range(6)]  # weight 2 each
        assert codes == [10002] * 5 + [10005]
        good = make_client(small)
        assert good.get("spot/assets")["code"] == 10005  # the IP is banned, whatever the key
        clock.advance(121)
        bad_sign = make_client(small, secret="not-the-secret")
        assert [bad_sign.get("spot/assets")["code"] for _ in range(6)] == [10003] * 5 + [10005]


# Property: whatever the four auth headers hold, authenticate() lets a request through
# only with the right key, the right signature and a timestamp of ASCII digits inside
# the window; anything else is refused with a documented code, never another exception.
AUTH_CODES = {10002, 10003, 10004, 10006, 10008, 10009, 10011}
_hostile_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(list("0123456789+-.eE_ nNaAiIfFx\u0661\u00a0")), max_size=30),
    st.sampled_from(HOSTILE_TIMESTAMPS),
)


def _stamps(now: int) -> st.SearchStrategy[str]:
    near = st.integers(now - 100, now + 100)
    return st.one_of(
        near.map(str),
        near.map(lambda t: f"{t}.0"),
        near.map(lambda t: f" {t}"),
        near.map(lambda t: f"{t:_}"),
        _hostile_text,
    )


@functools.cache
def _auth_engine() -> tuple[Engine, str, str]:
    """One engine for every example (authentication changes nothing in it)."""
    engine = Engine(seed=3, clock=ManualClock(1_700_000_000))
    key, secret, _ = engine.create_api_key(("read",))
    return engine, key, secret


@settings(derandomize=True, database=None, max_examples=600, deadline=None)
@given(data=st.data())
def test_fuzzed_auth_headers_pass_only_when_exactly_valid(data: st.DataObject) -> None:
    engine, key, secret = _auth_engine()
    now = int(engine.clock.now())
    payload = "symbol=btc_usdt"
    valid = {
        signing.HEADER_KEY: key,
        signing.HEADER_TIMESTAMP: str(now),
        signing.HEADER_SIGN: signing.sign(secret, payload),
        signing.HEADER_RECV_WINDOW: "5",
    }
    fuzz = {
        signing.HEADER_KEY: _hostile_text,
        signing.HEADER_TIMESTAMP: _stamps(now),
        signing.HEADER_SIGN: _hostile_text,
        signing.HEADER_RECV_WINDOW: st.one_of(_hostile_text, st.sampled_from(["30", "30000", "0", "-5", "5.5"])),
    }
    headers: dict[str, str] = {}
    for name, value in valid.items():
        choice = data.draw(st.sampled_from(["valid", "fuzz", "absent"]), label=name)
        if choice == "valid":
            headers[name] = value
        elif choice == "fuzz":
            headers[name] = data.draw(fuzz[name], label=f"{name} value")
    try:
        info = authenticate(engine, headers, payload, "read", engine.clock.now(), 60.0)
    except EngineError as refused:
        assert refused.code in AUTH_CODES
        return
    assert info.key == key
    assert headers[signing.HEADER_KEY] == key and headers[signing.HEADER_SIGN].lower() == valid[signing.HEADER_SIGN]
    stamp = headers[signing.HEADER_TIMESTAMP]
    assert stamp.isascii() and stamp.isdigit() and now - 60 <= int(stamp) <= now + 1


def test_non_ascii_signature_is_a_wrong_signature(server: SandboxServer, client: Any) -> None:
    """Found by the fuzz above: hmac.compare_digest raised TypeError (an HTTP 50000) on non-ASCII text."""
    body = order_body(False)
    headers: dict[str, Any] = client.headers(body)
    headers[signing.HEADER_SIGN] = "\u00e9\u0661".encode()
    assert post_raw(server, "spot/order/new", body, headers)["code"] == 10003
