"""Clock refresh, connection reuse and closing, for both classes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

import dfx_unified
import dfx_unified.async_support
from dfx_unified.sandbox import ManualClock, SandboxConfig, SandboxServer


class LocalClock:
    """The client's own (wrong) clock, moved by the test."""

    def __init__(self, t: float) -> None:
        self.t = t

    def milliseconds(self) -> int:
        return int(self.t * 1000)


@pytest.fixture
def drifting() -> Iterator[tuple[SandboxServer, ManualClock]]:
    server_clock = ManualClock(1_767_225_600.0)
    with SandboxServer(seed=5, clock=server_clock, config=SandboxConfig(weight_budget=10**9)) as server:
        yield server, server_clock


def test_offset_measured_at_load_and_refreshed_periodically(drifting):
    server, server_clock = drifting
    local = LocalClock(server_clock.now() + 3600)  # our clock runs an hour ahead
    exchange = dfx_unified.digifinex({
        "apiKey": server.api_key, "secret": server.secret, "enableRateLimit": False,
        "urls": {"api": {"rest": server.url}},
        "options": {"adjustForTimeDifference": True, "timeDifferenceRefresh": 300},
    })
    exchange.milliseconds = local.milliseconds
    with exchange:
        exchange.load_markets()  # measures the offset in the same round as the markets
        assert exchange.options["timeDifference"] == pytest.approx(3_600_000, abs=1_000)
        exchange.fetch_balance()  # an hour off, yet accepted
        first = exchange.options["timeDifference"]
        # five minutes later the server's clock has gained 3 s on ours
        local.t += 301
        server_clock.advance(304)
        exchange.fetch_balance()
        assert exchange.options["timeDifference"] == pytest.approx(first - 3_000, abs=1_000)


def test_sync_reuses_one_connection_and_closes():
    with SandboxServer(seed=5) as server:
        exchange = dfx_unified.digifinex({"enableRateLimit": False, "urls": {"api": {"rest": server.url}}})
        with exchange:
            for _ in range(10):
                exchange.fetch_time()
            manager = exchange.session.adapters["http://"].poolmanager
            assert [pool.num_connections for pool in manager.pools._container.values()] == [1]
        assert len(manager.pools) == 0  # closed on exit


def test_async_one_session_and_context_manager():
    async def run(url):
        async with dfx_unified.async_support.digifinex({"enableRateLimit": False, "urls": {"api": {"rest": url}}}) as ex:
            await ex.fetch_time()
            session = ex.session
            await asyncio.gather(*(ex.fetch_time() for _ in range(5)))
            assert ex.session is session
        return ex

    with SandboxServer(seed=5) as server:
        exchange = asyncio.run(run(server.url))
    assert exchange.session is None
