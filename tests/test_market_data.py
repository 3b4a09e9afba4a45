"""Tickers, order books, trades and candles, parsed field by field (cassettes)."""

from __future__ import annotations

import ccxt
import pytest

from tests.conftest import LOAD_MARKETS_REQUESTS


def test_fetch_ticker(exchange, replay):
    with replay("reference/ticker.yaml"):
        ticker = exchange.fetch_ticker("BTC/USDT")
    assert ticker["symbol"] == "BTC/USDT"
    assert ticker["timestamp"] == 1589874294000
    assert ticker["datetime"] == "2020-05-19T07:44:54.000Z"
    assert ticker["last"] == 9592.22 and ticker["close"] == 9592.22
    assert ticker["bid"] == 9592.03
    assert ticker["ask"] == 9592.23
    assert ticker["high"] == 9793.87
    assert ticker["low"] == 9476.24
    assert ticker["percentage"] == -1.91
    assert ticker["baseVolume"] == 40717.4461
    assert ticker["quoteVolume"] == 392447999.65374
    assert ticker["info"]["symbol"] == "btc_usdt"


def test_fetch_tickers_one_request_all_markets(exchange, replay):
    with replay("quirks/tickers.yaml") as cassette:
        tickers = exchange.fetch_tickers()
    assert cassette.play_count == LOAD_MARKETS_REQUESTS + 1  # load_markets, then one for all tickers
    assert set(tickers) == {"BTC/USDT", "OLD/USDT", "NEWCOIN/USDT"}
    assert tickers["BTC/USDT"]["last"] == 10000.5  # string numbers parsed
    assert tickers["BTC/USDT"]["bid"] == 10000
    assert tickers["OLD/USDT"]["percentage"] == -2
    # a pair that is in no market list still gets a symbol from its id
    assert tickers["NEWCOIN/USDT"]["last"] == 2


def test_fetch_tickers_symbol_filter(exchange, replay):
    with replay("quirks/tickers.yaml"):
        tickers = exchange.fetch_tickers(["OLD/USDT"])
    assert list(tickers) == ["OLD/USDT"]


def test_fetch_order_book(exchange, replay):
    with replay("reference/order_book.yaml"):
        book = exchange.fetch_order_book("BTC/USDT", 150)
    assert book["symbol"] == "BTC/USDT"
    assert book["timestamp"] == 1589874953000
    assert book["bids"] == [[9559.45, 1.3766], [9559.04, 0.0127]]
    assert book["asks"] == [[9563.34, 0.0087], [9563.45, 0.6312]]
    assert book["nonce"] is None


def test_order_book_sorted_whatever_the_wire_order(exchange, replay):
    with replay("quirks/order_book_unsorted.yaml"):
        book = exchange.fetch_order_book("BTC/USDT")
    assert book["bids"] == [[9559.45, 1.3766], [9559.04, 0.0127]]
    assert book["asks"] == [[9563.34, 0.0087], [9563.45, 0.6312]]


@pytest.mark.parametrize("limit", [0, 151, -1, 2.5, "10"])
def test_order_book_limit_validated_before_sending(exchange, replay, limit):
    with replay("reference/load_markets.yaml") as cassette:
        exchange.load_markets()
        with pytest.raises(ccxt.BadRequest, match="limit"):
            exchange.fetch_order_book("BTC/USDT", limit)
    assert cassette.play_count == LOAD_MARKETS_REQUESTS


def test_fetch_trades(exchange, replay):
    with replay("reference/trades.yaml"):
        trades = exchange.fetch_trades("BTC/USDT", limit=2)
    assert {t["id"] for t in trades} == {"2989995478", "2989995473"}
    assert [t["timestamp"] for t in trades] == sorted(t["timestamp"] for t in trades)
    by_id = {t["id"]: t for t in trades}
    first = by_id["2989995478"]
    assert first["timestamp"] == 1589875415000
    assert first["symbol"] == "BTC/USDT"
    assert first["side"] == "buy"
    assert first["price"] == 9661.05
    assert first["amount"] == 0.001
    assert first["cost"] == pytest.approx(9.66105)
    # the public feed does not say these: nothing is made up
    assert first["takerOrMaker"] is None
    assert first["type"] is None
    assert first["order"] is None
    assert first["fee"]["cost"] is None


def test_fetch_ohlcv_reorders_columns_and_maps_times(exchange, replay):
    with replay("reference/kline.yaml"):
        candles = exchange.fetch_ohlcv("BTC/USDT", "15m", since=1589426100000, limit=2)
    # wire: [ts, vol, close, high, low, open] -> [ms, open, high, low, close, volume]
    assert candles == [
        [1589426100000, 9307.96, 9349.99, 9305.86, 9342.7, 621.4565],
        [1589427000000, 9342.23, 9344.25, 9318.26, 9333.71, 378.1678],
    ]


def test_fetch_ohlcv_until_maps_to_end_time(exchange, replay):
    with replay("reference/kline_until.yaml"):
        candles = exchange.fetch_ohlcv("BTC/USDT", "1w", params={"until": 1589427000999})
    assert [c[0] for c in candles] == [1589426100000, 1589427000000]


def test_every_reference_timeframe_is_supported(exchange):
    assert exchange.timeframes == {
        "1m": "1",
        "5m": "5",
        "15m": "15",
        "30m": "30",
        "1h": "60",
        "4h": "240",
        "12h": "720",
        "1d": "1D",
        "1w": "1W",
    }


def test_unknown_timeframe_refused_before_sending(exchange, replay):
    with replay("reference/load_markets.yaml") as cassette:
        exchange.load_markets()
        with pytest.raises(ccxt.BadRequest, match="timeframe"):
            exchange.fetch_ohlcv("BTC/USDT", "2h")
    assert cassette.play_count == LOAD_MARKETS_REQUESTS


@pytest.mark.parametrize(
    ("since", "until"),
    [(-1, None), (float("nan"), None), ("yesterday", None), (1.5, None), (True, None), (None, float("inf")),
     (1_589_500_000_000, 1_589_400_000_000)],
)
def test_bad_ohlcv_windows_refused_before_sending(exchange, replay, since, until):
    with replay("reference/load_markets.yaml") as cassette:
        exchange.load_markets()
        with pytest.raises(ccxt.BadRequest):
            exchange.fetch_ohlcv("BTC/USDT", "1h", since=since, limit=5, params={} if until is None else {"until": until})
    assert cassette.play_count == LOAD_MARKETS_REQUESTS  # the market lists, nothing more
