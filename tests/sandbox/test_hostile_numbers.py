"""Issue 12, "Extreme decimals": every number entering the sandbox is strict and bounded.

Each test names the defect it pins; the fuzz at the end drives the engine's money
commands with hostile number texts.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from dfx_unified import signing
from dfx_unified.sandbox import (
    ADMIN_TOKEN_HEADER,
    AdminError,
    Engine,
    EngineError,
    ManualClock,
    SandboxConfig,
    SandboxServer,
)
from dfx_unified.sandbox import handlers as sandbox_handlers
from dfx_unified.sandbox.responses import json_response

ORDER = {"symbol": "btc_usdt", "type": "buy", "amount": "0.01", "price": "30000"}


def strict_json(response: requests.Response) -> Any:
    """The body as JSON, refusing NaN / Infinity (Python's json accepts them)."""

    def refuse(name: str) -> Any:
        raise AssertionError(f"not JSON: {name} in {response.text[:200]}")

    return json.loads(response.text, parse_constant=refuse)


def open_orders(client: Any) -> list[Any]:
    return client.get("spot/order/current")["data"]  # type: ignore[no-any-return]


def balance(client: Any, currency: str) -> float:
    return next(r["total"] for r in client.get("spot/assets")["list"] if r["currency"] == currency)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("price", "1e999999999"),  # was 50000: decimal overflow
        ("amount", "1e999999999"),
        ("price", "1e-400"),
        ("amount", "1_0"),  # was accepted as 10
        ("price", "\u0663\u0660\u0660\u0660\u0660"),  # Arabic-Indic 30000: was accepted
        ("price", "nan"),
        ("amount", "Infinity"),
        ("price", "30000 "),  # ok: blanks around are trimmed
        ("amount", "0x10"),
    ],
)
def test_order_numbers_are_strict(client: Any, field: str, value: str) -> None:
    answer = client.post("spot/order/new", {**ORDER, field: value})
    if value.strip() != value:
        assert answer["code"] == 0
        return
    assert answer["code"] == 10004  # "Illegal request parameters": the reference has no code for a malformed number
    assert open_orders(client) == []


def test_deep_batch_lists_are_refused_not_crashes(client: Any) -> None:
    """A 100,000-deep nested batch_new list answered 50000 (RecursionError)."""
    for depth in (100_000, 4_000):  # over the length cap; under it but deeper than the JSON parser recurses
        answer = client.post("spot/order/batch_new", {"symbol": "btc_usdt", "list": "[" * depth + "]" * depth})
        assert answer["code"] == 10004, depth
    nested = json.dumps([{"type": "buy", "amount": {"x": "1"}, "price": "30000"}])
    assert client.post("spot/order/batch_new", {"symbol": "btc_usdt", "list": nested})["code"] == 10004
    literal = '[{"type": "buy", "amount": NaN, "price": 30000}]'
    assert client.post("spot/order/batch_new", {"symbol": "btc_usdt", "list": literal})["code"] == 10004
    huge = '[{"type": "buy", "amount": 1e999999999, "price": 30000}]'  # a JSON number, not text
    assert client.post("spot/order/batch_new", {"symbol": "btc_usdt", "list": huge})["code"] == 10004
    assert open_orders(client) == []
    ok = json.dumps([{"type": "buy", "amount": 0.01, "price": 30000, "post_only": True}])
    assert client.post("spot/order/batch_new", {"symbol": "btc_usdt", "list": ok})["code"] == 0
    assert len(open_orders(client)) == 1


def test_transfer_amount_out_of_range_is_invalid_amount(client: Any) -> None:
    """`transfer num=1e-400` was accepted."""
    before = balance(client, "USDT")
    for num in ("1e-400", "1e400", "1_0", "\u0661", "nan", "-inf"):
        answer = client.post("transfer", {"currency_mark": "USDT", "num": num, "from": "1", "to": "2"})
        assert answer["code"] == 20024, num  # "Invalid amount", the reference's code for this field
    assert balance(client, "USDT") == before


def test_withdraw_and_history_numbers(client: Any) -> None:
    address = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    for amount in ("1e999999999", "0.0\u0661"):
        assert client.post("withdraw/new", {"currency": "btc", "amount": amount, "address": address})["code"] == 20024
    assert client.post("withdraw/cancel", {"withdraw_id": "\u0667\u0660\u0661"})["code"] == 20033
    assert client.get("withdraw/history", {"size": "1_0"})["code"] == 10004
    assert client.get("spot/order/history", {"limit": "1e1"})["code"] == 10004
    assert client.public("order_book", {"symbol": "btc_usdt", "limit": "\u0665"})["code"] == 10004


def test_admin_deposit_out_of_range_keeps_balances_json(server: SandboxServer, client: Any) -> None:
    """A deposit of 1e400 made balances answer `Infinity`; 1e999999999 answered HTTP 500."""
    admin = server.admin_client()
    before = balance(client, "BTC")
    for amount in ("1e400", "1e999999999", "1_0", "NaN"):
        with pytest.raises(AdminError) as refused:
            admin.deposit("BTC", amount)
        assert (refused.value.status, refused.value.code) == (400, 20024), amount
    for raw in ('{"currency": "BTC", "amount": 1e400}', '{"currency": "BTC", "amount": Infinity}'):
        answer = requests.post(
            f"{server.url}/sandbox/deposit",
            data=raw,
            headers={ADMIN_TOKEN_HEADER: server.admin_token, "Content-Type": "application/json"},
            timeout=10,
        )
        assert answer.status_code == 400 and answer.json()["code"] in (10004, 20024)
    assets = requests.get(
        f"{server.url}/v3/spot/assets", headers=client.headers(""), timeout=10
    )  # read as strict JSON: no Infinity anywhere
    assert next(r["total"] for r in strict_json(assets)["list"] if r["currency"] == "BTC") == before
    assert admin.deposit("BTC", "0.5") > 0
    assert balance(client, "BTC") == before + 0.5


def test_key_expiry_must_be_a_time(server: SandboxServer, client: Any, clock: ManualClock) -> None:
    """A key made with `expires_at: "soon"` answered 50000 on every call, forever."""
    admin = server.admin_client()
    keys = server.state()["keys"]
    for bad in ("soon", "nan", "1e400"):
        answer = requests.post(
            f"{server.url}/sandbox/keys",
            json={"expires_at": bad},
            headers={ADMIN_TOKEN_HEADER: server.admin_token},
            timeout=10,
        )
        assert (answer.status_code, answer.json()["code"]) == (400, 10004), bad
    assert server.state()["keys"] == keys
    with pytest.raises(EngineError) as refused:
        server.engine.create_api_key(expires_at="soon")  # type: ignore[arg-type]
    assert refused.value.code == 10004
    made = admin.create_api_key(expires_at=clock.now() + 30)
    assert signed_get(server, made.api_key, made.secret) == 0
    clock.advance(31)
    assert signed_get(server, made.api_key, made.secret) == 10011


def signed_get(server: SandboxServer, key: str, secret: str) -> int:
    headers = {
        signing.HEADER_KEY: key,
        signing.HEADER_TIMESTAMP: str(int(server.clock.now())),
        signing.HEADER_SIGN: signing.sign(secret, ""),
    }
    return requests.get(f"{server.url}/v3/spot/assets", headers=headers, timeout=10).json()["code"]  # type: ignore[no-any-return]


def test_fault_delay_must_be_finite(server: SandboxServer, client: Any) -> None:
    """A fault with `delay: NaN` never answered."""
    token = {ADMIN_TOKEN_HEADER: server.admin_token, "Content-Type": "application/json"}
    for raw in ('{"kind": "delay", "delay": NaN}', '{"kind": "delay", "delay": "nan"}', '{"kind": "delay", "delay": 1e400}'):
        answer = requests.post(f"{server.url}/sandbox/faults", data=raw, headers=token, timeout=10)
        assert (answer.status_code, answer.json()["code"]) == (400, 10004), raw
    for kwargs in ({"delay": float("nan")}, {"delay": float("inf")}, {"delay": -1.0}, {"times": 0}):
        with pytest.raises(ValueError):
            server.inject_fault("*", "delay", **kwargs)  # type: ignore[arg-type]
    assert server.sandbox.faults.pending() == []
    assert client.get("spot/assets")["code"] == 0
    server.inject_fault("spot/assets", "clock_skew", delay=-30)  # a skew may point back
    assert client.get("spot/assets")["code"] == 10008


def test_clock_moves_only_to_finite_times(server: SandboxServer, clock: ManualClock) -> None:
    admin = server.admin_client()
    now = clock.now()
    for change in ({"advance": "nan"}, {"set": "1e400"}, {"advance": "1e30"}, {"set": -5}):
        with pytest.raises(AdminError) as refused:
            admin.request("POST", "clock", change)
        assert refused.value.code == 10004, change
    assert clock.now() == now


def test_answers_are_never_nan_or_infinity(server: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A non-finite float in an answer is a sandbox bug: the envelope 50000, never invalid JSON."""
    with pytest.raises(ValueError):
        json_response({"total": float("inf")})
    monkeypatch.setitem(sandbox_handlers.HANDLERS, "ping", lambda ctx: {"code": 0, "value": float("nan")})
    answer = requests.get(f"{server.url}/v3/ping", timeout=10)
    assert strict_json(answer) == {"code": 50000, "msg": "Exception error"}


# ---------------------------------------------------------------- fuzz
_numberish = st.one_of(
    st.text(alphabet=st.sampled_from(list("0123456789+-.eE_ nNaAiIfFx\u0661\u00a0")), max_size=24),
    st.sampled_from(["1e999999999", "1e-400", "1e30", "1e-30", "0.01", "30000", "1" * 41, "NaN", "-0", "0e99999"]),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
)
MONEY_CODES = {10004, 20007, 20008, 20009, 20010, 20011, 20020, 20024, 20026, 20037, 20038, 20040, 20041}


@functools.cache
def _fuzz_engine() -> tuple[Engine, int]:
    engine = Engine(seed=5, clock=ManualClock(1_700_000_000))
    _, _, uid = engine.create_api_key()
    return engine, uid


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(
    command=st.sampled_from(["order", "transfer", "deposit", "withdraw"]),
    first=_numberish,
    second=_numberish,
)
def test_fuzzed_amounts_are_bounded_or_refused(command: str, first: str, second: str) -> None:
    """Whatever the number texts, a money command succeeds with bounded values or answers a documented code."""
    engine, uid = _fuzz_engine()
    try:
        if command == "order":
            engine.place_order(uid=uid, symbol="BTC_USDT", type="buy", amount=first, price=second)
        elif command == "transfer":
            engine.transfer(uid, "USDT", first, "1", "2")
        elif command == "deposit":
            engine.deposit(uid, "USDT", first)
        else:
            engine.withdraw(uid, "BTC", first, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
    except EngineError as refused:
        assert refused.code in MONEY_CODES
    for free, locked in (engine.bal(uid, acct, ccy) for acct in ("1", "2") for ccy in ("USDT", "BTC")):
        for value in (free, locked):
            assert value.is_finite() and abs(value) < Decimal("1e32")
    json.dumps(engine.spot_assets(uid), allow_nan=False)


@pytest.mark.parametrize(
    "fields",
    [
        {"funds": {"USDT": "1e999999999"}},
        {"margin_funds": {"USDT": "nan"}},
        {"taker_fee": "1_0"},
        {"mm_step_seconds": float("inf")},
    ],
)
def test_configuration_numbers_are_strict(fields: dict[str, Any]) -> None:
    """`--funds USDT=1e999999999` (or a --config file) is refused when the sandbox is built."""
    with pytest.raises(ValueError, match="SandboxConfig"):
        SandboxConfig(**fields)
    config = SandboxConfig()
    for name, value in fields.items():
        setattr(config, name, value)  # as the CLI sets flags after construction
    with pytest.raises(ValueError, match="SandboxConfig"):
        Engine(seed=1, clock=ManualClock(), config=config)
