"""Public market data end to end, for the sync and the async class."""

from __future__ import annotations

import time

import ccxt
import pytest


def test_markets_currencies_and_clock(account):
    client, _ = account
    markets = client.load_markets()
    assert {"BTC/USDT", "ETH/USDT", "LTC/USDT", "TRX/USDT", "ETH/BTC"} <= set(markets)
    assert markets["BTC/USDT"]["margin"] is True and markets["TRX/USDT"]["margin"] is False
    assert markets["DOGE/USDT"]["orderTypes"] == ["limit"]
    assert markets["ADA/USDT"]["active"] is False  # listed, no API trading
    assert markets["DGF/USDT"]["info"]["sources"] == ["markets"]  # only in /markets
    assert len(client.fetch_markets()) == len(markets)
    currencies = client.fetch_currencies()
    assert set(currencies["USDT"]["networks"]) == {"ERC20", "TRC20"}
    assert currencies["DGF"]["withdraw"] is False
    assert abs(client.fetch_time() - time.time() * 1000) < 5_000
    assert client.fetch_status()["status"] == "ok"
    offset = client.load_time_difference()
    assert abs(offset) < 5_000


def test_ticker_book_trades(account):
    client, _ = account
    ticker = client.fetch_ticker("BTC/USDT")
    assert ticker["symbol"] == "BTC/USDT"
    assert 0 < ticker["bid"] < ticker["ask"]
    tickers = client.fetch_tickers(["BTC/USDT", "ETH/USDT"])
    assert set(tickers) == {"BTC/USDT", "ETH/USDT"}
    book = client.fetch_order_book("BTC/USDT", 5)
    assert 0 < len(book["bids"]) <= 5 and 0 < len(book["asks"]) <= 5
    assert book["bids"][0][0] < book["asks"][0][0]
    assert [b[0] for b in book["bids"]] == sorted((b[0] for b in book["bids"]), reverse=True)
    assert [a[0] for a in book["asks"]] == sorted(a[0] for a in book["asks"])
    trades = client.fetch_trades("BTC/USDT", limit=10)
    assert 0 < len(trades) <= 10
    assert all(t["symbol"] == "BTC/USDT" and t["side"] in ("buy", "sell") for t in trades)
    assert all(t["takerOrMaker"] is None for t in trades)


@pytest.mark.parametrize("timeframe", ["1m", "5m", "15m", "30m", "1h", "4h", "12h", "1d", "1w"])
def test_ohlcv_every_timeframe(account, timeframe):
    client, _ = account
    candles = client.fetch_ohlcv("BTC/USDT", timeframe, limit=5)
    assert 0 < len(candles) <= 5
    for _ts, o, h, low, c, v in candles:
        assert low <= min(o, c) <= max(o, c) <= h
        assert v >= 0
    assert [c[0] for c in candles] == sorted(c[0] for c in candles)


def test_bad_input_refused_before_sending(account, sandbox):
    client, _ = account
    client.load_markets()
    with pytest.raises(ccxt.BadRequest):
        client.fetch_order_book("BTC/USDT", 151)
    with pytest.raises(ccxt.BadSymbol):
        client.fetch_ticker("NOPE/USDT")
