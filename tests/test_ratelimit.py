"""The weight budget, 10005 bans and retries of retry-safe requests."""

from __future__ import annotations

import ccxt
import pytest

from dfx_unified import spec
from dfx_unified.ratelimit import WeightBudget
from tests.conftest import LOAD_MARKETS_REQUESTS


def _simulate(budget: WeightBudget, weights: list[int]) -> list[tuple[float, int]]:
    """Send each request as soon as the budget allows; returns (send time, weight)."""
    now = 0.0
    sent = []
    for weight in weights:
        now += budget.reserve(weight, now)
        sent.append((now, weight))
    return sent


def _max_in_any_window(sent: list[tuple[float, int]], window: float) -> int:
    most = 0
    for i, (start, _) in enumerate(sent):
        most = max(most, sum(w for t, w in sent[i:] if t < start + window))
    return most


def test_never_more_than_the_budget_in_any_rolling_window():
    budget = WeightBudget(capacity=100, window_seconds=60)
    sent = _simulate(budget, [1, 5, 2, 1, 5] * 200)
    assert _max_in_any_window(sent, 60) <= 100


def test_sustains_the_budget_for_minutes():
    budget = WeightBudget(capacity=1200 * 0.97, window_seconds=60)
    sent = _simulate(budget, [2] * 6000)  # more than five minutes' worth
    duration = sent[-1][0]
    rate_per_minute = sum(w for _, w in sent) / duration * 60
    assert duration > 300
    assert rate_per_minute >= 0.95 * 1200
    assert _max_in_any_window(sent, 60) <= 1200


def test_concurrent_reservations_get_distinct_slots():
    budget = WeightBudget(capacity=10, window_seconds=60)
    delays = [budget.reserve(5, 0.0) for _ in range(4)]  # four tasks ask at once
    assert delays == [0.0, 0.0, 60.0, 60.0]


def test_weights_come_from_the_table_and_options(exchange):
    assert exchange.calculate_rate_limiter_cost(["public", "spot"], "GET", "ticker", {}, {}) == 5
    assert exchange.calculate_rate_limiter_cost(["private", "spot"], "POST", "spot/order/new", {}, {}) == 1
    exchange.options["weights"] = {"ticker": 9, "{market}/order/new": 3}
    assert exchange.calculate_rate_limiter_cost(["public", "spot"], "GET", "ticker", {}, {}) == 9
    assert exchange.calculate_rate_limiter_cost(["private", "spot"], "POST", "margin/order/new", {}, {}) == 3


def test_every_endpoint_has_a_positive_weight():
    assert all(endpoint.weight > 0 for endpoint in spec.ENDPOINTS)


def test_10005_pauses_with_the_server_hint_and_says_when(exchange, replay):
    with replay("quirks/ban_10005.yaml") as cassette:
        exchange.load_markets()
        before = exchange.milliseconds()
        with pytest.raises(ccxt.RateLimitExceeded) as info:
            exchange.fetch_ticker("BTC/USDT")
        resume_at = info.value.resume_at
        assert before + 119_000 <= resume_at <= exchange.milliseconds() + 121_000
        assert f"resume_at={resume_at}" in str(info.value)
        # while paused nothing is sent: the cassette has no second ticker answer
        with pytest.raises(ccxt.RateLimitExceeded, match="not sent"):
            exchange.fetch_ticker("BTC/USDT")
    assert cassette.play_count == LOAD_MARKETS_REQUESTS + 1


def test_10005_without_hint_uses_the_documented_ban_time(exchange, replay):
    with replay("quirks/ban_10005_no_hint.yaml"):
        exchange.load_markets()
        before = exchange.milliseconds()
        with pytest.raises(ccxt.RateLimitExceeded) as info:
            exchange.fetch_ticker("BTC/USDT")
    first_ban_seconds = spec.RATE_BAN_SECONDS[0][1]
    assert first_ban_seconds == 120
    assert before + 119_000 <= info.value.resume_at <= exchange.milliseconds() + 121_000


def test_reads_retry_on_5xx_and_garbled_bodies(public_exchange, replay):
    public_exchange.options.update({"maxRetries": 2, "retryDelay": 0})
    with replay("quirks/time_502_then_ok.yaml") as cassette:
        assert public_exchange.fetch_time() == 1589873762000
    assert cassette.play_count == 3


def test_retries_off_switch(public_exchange, replay):
    public_exchange.options.update({"maxRetries": 0})
    with replay("quirks/time_502_then_ok.yaml") as cassette, pytest.raises(ccxt.ExchangeNotAvailable):
        public_exchange.fetch_time()
    assert cassette.play_count == 1
