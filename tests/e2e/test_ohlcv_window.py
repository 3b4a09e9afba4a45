"""fetch_ohlcv's since/limit/until against the sandbox, for the sync and the async class.

The expected open times are worked out here from the calendar (datetime), not from
the adapter's own alignment helper: a candle of length P opens on a multiple of P
since the epoch, a weekly one on Monday 00:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

SYMBOL = "BTC/USDT"
LENGTH_S = {"1m": 60, "15m": 900, "1h": 3600, "4h": 14400, "1d": 86400, "1w": 604800}


def expected_open(ms: int, timeframe: str) -> int:
    """Open time (ms) of the candle that contains `ms`, from the calendar."""
    moment = dt.datetime.fromtimestamp(ms / 1000, tz=dt.timezone.utc)
    if timeframe == "1w":
        monday = (moment - dt.timedelta(days=moment.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
        return int(monday.timestamp()) * 1000
    length = LENGTH_S[timeframe]
    return int(moment.timestamp()) // length * length * 1000


def some_past_moment(timeframe: str, candles_back: int) -> int:
    """A time `candles_back` candles ago, deliberately 37% into its candle (not aligned)."""
    length_ms = LENGTH_S[timeframe] * 1000
    now_ms = int(time.time() * 1000)
    return expected_open(now_ms, timeframe) - candles_back * length_ms + length_ms * 37 // 100


@pytest.mark.parametrize("timeframe", ["1m", "15m", "1h", "4h", "1d", "1w"])
def test_unaligned_since_returns_the_full_limit_from_the_candle_containing_since(account, timeframe):
    client, _ = account
    since = some_past_moment(timeframe, 60)
    candles = client.fetch_ohlcv(SYMBOL, timeframe, since=since, limit=24)
    length_ms = LENGTH_S[timeframe] * 1000
    first = expected_open(since, timeframe)
    assert [c[0] for c in candles] == [first + i * length_ms for i in range(24)]


@pytest.mark.parametrize("timeframe", ["1m", "1h", "1d"])
def test_aligned_since_starts_exactly_there(account, timeframe):
    client, _ = account
    since = expected_open(some_past_moment(timeframe, 40), timeframe)
    candles = client.fetch_ohlcv(SYMBOL, timeframe, since=since, limit=10)
    assert candles[0][0] == since
    assert len(candles) == 10


@pytest.mark.parametrize("timeframe", ["1m", "1h"])
def test_limit_wins_over_a_far_until(account, timeframe):
    client, _ = account
    length_ms = LENGTH_S[timeframe] * 1000
    since = some_past_moment(timeframe, 1500)
    until = since + 1200 * length_ms  # far more than 500 candles after since
    candles = client.fetch_ohlcv(SYMBOL, timeframe, since=since, limit=30, params={"until": until})
    first = expected_open(since, timeframe)
    assert [c[0] for c in candles] == [first + i * length_ms for i in range(30)]


def test_until_before_the_limit_ends_the_window(account):
    client, _ = account
    length_ms = 3600_000
    since = some_past_moment("1h", 100)
    until = expected_open(since, "1h") + 10 * length_ms + 1  # inside the 11th candle
    candles = client.fetch_ohlcv(SYMBOL, "1h", since=since, limit=100, params={"until": until})
    assert len(candles) == 11
    assert candles[-1][0] == expected_open(since, "1h") + 10 * length_ms


def test_since_and_until_over_500_candles_page_forward_without_gap_or_repeat(account):
    client, _ = account
    length_ms = 60_000
    since = some_past_moment("1m", 1400)
    until = since + 1234 * length_ms
    first = expected_open(since, "1m")
    page = client.fetch_ohlcv(SYMBOL, "1m", since=since, params={"until": until})
    # the first 500 from since, not the last 500 before until
    assert [c[0] for c in page] == [first + i * length_ms for i in range(500)]
    collected, cursor = [], since
    while True:
        page = client.fetch_ohlcv(SYMBOL, "1m", since=cursor, limit=500, params={"until": until})
        if not page:
            break
        collected += page
        cursor = page[-1][0] + length_ms
        if cursor > until:
            break
    last = expected_open(until, "1m")
    assert [c[0] for c in collected] == list(range(first, last + 1, length_ms))


def test_limit_without_since_ends_now(account):
    client, _ = account
    before = expected_open(int(time.time() * 1000), "1h")
    candles = client.fetch_ohlcv(SYMBOL, "1h", limit=7)
    after = expected_open(int(time.time() * 1000), "1h")
    assert len(candles) == 7
    assert candles[-1][0] in (before, after)  # the current candle (the hour may turn mid-call)
    assert [c[0] for c in candles] == [candles[-1][0] - (6 - i) * 3_600_000 for i in range(7)]
