"""Every path of spec.ENDPOINTS_BY_PATH answers its documented success code."""

from __future__ import annotations

from typing import Any

from dfx_unified import spec
from dfx_unified.sandbox import SandboxServer

PARAMS: dict[str, dict[str, Any]] = {
    "order_book": {"symbol": "btc_usdt"},
    "trades": {"symbol": "btc_usdt"},
    "kline": {"symbol": "btc_usdt", "period": "1D"},
    "deposit/address": {"currency": "usdt"},
    "margin/position/close": {"symbol": "btc_usdt"},
    "transfer": {"currency_mark": "USDT", "num": "1", "from": "1", "to": "2"},
    "withdraw/new": {"currency": "usdt", "chain": "TRC20", "amount": "20", "address": "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7"},
}


def test_every_endpoint(server: SandboxServer, client: Any) -> None:
    spot = client.post("spot/order/new", {"symbol": "btc_usdt", "type": "buy", "amount": "0.01", "price": "30000"})["order_id"]
    client.post("margin/order/new", {"symbol": "btc_usdt", "type": "buy_market", "amount": "100"})
    margin = client.post("margin/order/new", {"symbol": "btc_usdt", "type": "buy", "amount": "0.01", "price": "30000"})[
        "order_id"
    ]
    wid = client.post("withdraw/new", PARAMS["withdraw/new"])["withdraw_id"]
    batch = '[{"type":"buy","amount":0.01,"price":30000},{"type":"buy","amount":0.01,"price":30001,"post_only":1}]'
    for (method, path), endpoint in spec.ENDPOINTS_BY_PATH.items():
        kind = path.split("/", 1)[0]
        params = dict(PARAMS.get(path, {}))
        if path.endswith("/order") or path.endswith("/order/detail") or path.endswith("/order/cancel"):
            params["order_id"] = spot if kind == "spot" else margin
        if path.endswith("order/new"):
            params.update({"symbol": "btc_usdt", "type": "buy", "amount": "0.01", "price": "30000"})
        if path.endswith("batch_new"):
            params.update({"symbol": "btc_usdt", "list": batch})
        if path == "withdraw/cancel":
            params["withdraw_id"] = wid
        if endpoint.access == "public":
            body = client.public(path, params)
        elif method == "GET":
            body = client.get(path, params)
        else:
            body = client.post(path, params)
        assert body["code"] == endpoint.success_codes[0], (path, body)
    assert server.state()["conserved"]
