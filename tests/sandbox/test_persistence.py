"""A sandbox killed with SIGKILL comes back from its state file with nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from dfx_unified import signing
from dfx_unified.sandbox.admin_client import AdminClient
from dfx_unified.sandbox.admin_token import ADMIN_TOKEN_ENV

ROOT = Path(__file__).resolve().parents[2]


def start(state: Path) -> tuple[subprocess.Popen[str], str, str, str]:
    """`dfx-unified sandbox` in a subprocess; its admin token file goes to $XDG_RUNTIME_DIR (the test's)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "dfx_unified", "sandbox", "--port", "0", "--state", str(state)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    key = proc.stdout.readline().split(": ", 1)[1].strip()
    secret = proc.stdout.readline().split(": ", 1)[1].strip()
    return proc, url, key, secret


def call(url: str, key: str, secret: str, method: str, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    text = signing.encode_params(params or {})
    headers = {
        signing.HEADER_KEY: key,
        signing.HEADER_TIMESTAMP: str(int(time.time())),
        signing.HEADER_SIGN: signing.sign(secret, text),
    }
    if method == "GET":
        r = requests.get(f"{url}/v3/{path}" + (f"?{text}" if text else ""), headers=headers, timeout=10)
    else:
        r = requests.post(f"{url}/v3/{path}", data=text, headers=headers, timeout=10)
    return r.json()  # type: ignore[no-any-return]


def user_view(url: str, key: str, secret: str, uid: str) -> dict[str, Any]:
    state = AdminClient(url).state()
    return {
        "account": state["accounts"][uid],
        "keys": state["keys"],
        "withdrawals": call(url, key, secret, "GET", "withdraw/history"),
        "orders": call(url, key, secret, "GET", "spot/order/history", {"limit": 100}),
        "assets": call(url, key, secret, "GET", "spot/assets"),
        "positions": call(url, key, secret, "GET", "margin/positions"),
    }


def test_sigkill_restart_keeps_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the admin calls below find each sandbox's token in the file it writes there
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.delenv(ADMIN_TOKEN_ENV, raising=False)
    state = tmp_path / "sandbox.db"
    proc, url, key, secret = start(state)
    try:
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0")
        resting = call(
            url, key, secret, "POST", "spot/order/new", {"symbol": "btc_usdt", "type": "buy", "amount": "0.01", "price": "20000"}
        )
        assert resting["code"] == 0
        assert (
            call(url, key, secret, "POST", "spot/order/new", {"symbol": "eth_usdt", "type": "buy_market", "amount": "500"})[
                "code"
            ]
            == 0
        )
        assert (
            call(url, key, secret, "POST", "margin/order/new", {"symbol": "btc_usdt", "type": "buy_market", "amount": "300"})[
                "code"
            ]
            == 0
        )
        assert (
            call(url, key, secret, "POST", "transfer", {"currency_mark": "USDT", "num": "50", "from": "1", "to": "3"})["code"]
            == 0
        )
        wd = {"currency": "usdt", "chain": "TRC20", "amount": "20", "address": "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7"}
        assert call(url, key, secret, "POST", "withdraw/new", wd)["code"] == 200
        made = AdminClient(url).create_api_key()
        uid = "1000001"  # the ready account is the first user account
        before = user_view(url, key, secret, uid)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    proc, url2, key2, secret2 = start(state)
    try:
        assert (key2, secret2) == (key, secret)
        after = user_view(url2, key, secret, uid)
        assert after == before
        assert call(url2, made.api_key, made.secret, "GET", "spot/assets")["code"] == 0
        order = call(url2, key, secret, "GET", "spot/order", {"order_id": resting["order_id"]})
        assert order["data"][0]["status"] == 0
        assert AdminClient(url2).state()["conserved"]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
