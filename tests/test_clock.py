"""fetch_time, fetch_status and the 10008 resync."""

from __future__ import annotations

import ccxt
import pytest


def test_fetch_time_in_milliseconds(public_exchange, replay):
    with replay("reference/time.yaml"):
        assert public_exchange.fetch_time() == 1589873762000


def test_fetch_status_from_ping(public_exchange, replay):
    with replay("reference/ping.yaml"):
        status = public_exchange.fetch_status()
    assert status["status"] == "ok"
    assert status["info"] == {"msg": "pong", "code": 0}


def test_fetch_status_reports_error_when_ping_fails(public_exchange, replay):
    public_exchange.options["maxRetries"] = 0
    with replay("quirks/ping_502.yaml"):
        status = public_exchange.fetch_status()
    assert status["status"] == "error"
    assert "502" in status["info"]


def test_10008_resyncs_clock_once_and_resends(exchange, replay):
    with replay("quirks/resync_10008.yaml") as cassette:
        response = exchange.private_spot_get_spot_assets()
    assert cassette.play_count == 3  # rejected, /time, accepted
    assert response["list"][0]["currency"] == "BTC"
    # the offset now maps our clock onto the server's (1589873762 s)
    offset = exchange.options["timeDifference"]
    assert abs((exchange.milliseconds() - offset) - 1589873762000) < 60_000


def test_10008_twice_raises_invalid_nonce(exchange, replay):
    with replay("quirks/resync_10008_twice.yaml") as cassette, pytest.raises(ccxt.InvalidNonce, match="10008"):
        exchange.private_spot_get_spot_assets()
    assert cassette.play_count == 3
