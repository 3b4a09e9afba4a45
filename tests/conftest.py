"""Shared fixtures: offline guard, cassette replay, exchanges with fake keys."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import vcr

import dfx_unified
import dfx_unified.async_support

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
# Fake credentials only. The signing vector of the reference uses this secret.
API_KEY = "0123456789abcd"
SECRET = "01234567890123456789abcd"

# Requests of one load_markets: the four v3 market lists, /currencies, and the swap
# instruments (ccxt.digifinex's own swap markets, inherited).
LOAD_MARKETS_REQUESTS = 6

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")):
        raise OSError(f"tests are offline: refused connection to {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing in the tests reaches the internet: only loopback connects."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


def cassette_vcr() -> vcr.VCR:
    return vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode="none",  # replay only: an unmatched request fails the test
        match_on=["method", "scheme", "host", "port", "path", "query", "body"],
        filter_headers=["ACCESS-KEY", "ACCESS-SIGN"],
        decode_compressed_response=True,
    )


@pytest.fixture
def replay() -> Any:
    """`with replay("reference/ticker.yaml") as cassette:` replays a cassette."""
    recorder = cassette_vcr()

    def use(name: str) -> Any:
        return recorder.use_cassette(name, allow_playback_repeats=False)

    return use


def make_exchange(**config: Any) -> dfx_unified.digifinex:
    return dfx_unified.digifinex({"apiKey": API_KEY, "secret": SECRET, "enableRateLimit": False, **config})


@pytest.fixture
def exchange() -> Iterator[dfx_unified.digifinex]:
    ex = make_exchange()
    yield ex
    ex.close()


@pytest.fixture
def public_exchange() -> Iterator[dfx_unified.digifinex]:
    ex = dfx_unified.digifinex({"enableRateLimit": False})
    yield ex
    ex.close()
