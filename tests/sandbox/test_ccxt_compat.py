"""Stock ccxt.digifinex works against the sandbox unchanged (sorted signing, no
Content-Type on POST, swap instruments asked for during load_markets)."""

from __future__ import annotations

from collections.abc import Iterator

import ccxt
import pytest

from dfx_unified.sandbox import SandboxServer


@pytest.fixture
def live_server() -> Iterator[SandboxServer]:
    with SandboxServer(seed=5) as srv:  # system clock: ccxt stamps with real time
        yield srv


def test_stock_ccxt_round_trip(live_server: SandboxServer) -> None:
    ex = ccxt.digifinex({"apiKey": live_server.api_key, "secret": live_server.secret, "enableRateLimit": False})
    ex.urls["api"]["rest"] = live_server.url
    markets = ex.load_markets()
    assert "BTC/USDT" in markets and "ADA/USDT" in markets
    assert ex.fetch_ticker("BTC/USDT")["last"] > 0
    assert len(ex.fetch_tickers()) >= 9
    assert ex.fetch_order_book("BTC/USDT", 5)["bids"]
    assert ex.fetch_trades("BTC/USDT")
    assert len(ex.fetch_ohlcv("BTC/USDT", "1h", limit=5)) > 0
    assert ex.fetch_balance()["USDT"]["free"] == 100000
    order = ex.create_order("BTC/USDT", "limit", "buy", 0.01, 30000)
    assert ex.fetch_order(order["id"], "BTC/USDT")["status"] == "open"
    assert [o["id"] for o in ex.fetch_open_orders("BTC/USDT")] == [order["id"]]
    assert ex.cancel_order(order["id"], "BTC/USDT")["status"] == "canceled"
    filled = ex.create_order("BTC/USDT", "market", "buy", 0.01, 70000)
    assert ex.fetch_order(filled["id"], "BTC/USDT")["status"] == "closed"
    assert ex.fetch_my_trades("BTC/USDT")
    margin = ex.create_order("ETH/USDT", "limit", "buy", 0.1, 1000, {"marginMode": "cross"})
    assert ex.cancel_order(margin["id"], "ETH/USDT", {"marginMode": "cross"})["status"] == "canceled"
    ex.create_order("ETH/USDT", "market", "buy", 0.1, 5000, {"marginMode": "cross"})
    assert ex.fetch_positions(params={"marginMode": "cross"})[0]["side"] == "long"
    assert ex.fetch_balance({"type": "margin"})["USDT"]["total"] > 0
    assert ex.transfer("USDT", 10, "spot", "margin")["status"] == "ok"
    withdrawal = ex.withdraw("USDT", 20, "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", params={"chain": "TRC20"})
    assert withdrawal["id"]
    assert ex.fetch_withdrawals("USDT")[0]["status"] == "pending"
    assert ex.fetch_deposits("BTC")[0]["status"] == "ok"
    assert ex.fetch_deposit_address("BTC")["address"]
    assert ex.fetch_ledger("USDT")
    assert live_server.state()["conserved"]
