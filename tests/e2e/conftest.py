"""End-to-end fixtures: an in-process sandbox on 127.0.0.1 and clients of both classes.

Every test gets its own funded account (a new API key), so tests don't see each
other's orders while sharing one server per module.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

import dfx_unified
import dfx_unified.async_support
from dfx_unified.sandbox import SandboxConfig, SandboxServer

# Every test here comes from 127.0.0.1, and the sandbox budgets weight per IP as the
# exchange does: a module's worth of tests would trip the 1200/min ban. The budget
# itself is tested in test_rate_budget.py with the documented figure.
UNMETERED = 10**9


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(seed=11, config=SandboxConfig(weight_budget=UNMETERED)) as server:
        yield server


class BlockingAsync:
    """Runs an async exchange's coroutines to completion, so one scenario drives both."""

    def __init__(self, exchange: Any) -> None:
        self._exchange = exchange
        self._loop = asyncio.new_event_loop()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._exchange, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attribute(*args, **kwargs)
            if asyncio.iscoroutine(result):
                return self._loop.run_until_complete(result)
            return result

        return call

    def close(self) -> None:
        self._loop.run_until_complete(self._exchange.close())
        self._loop.close()


def make_client(kind: str, url: str, key: str, secret: str, **config: Any) -> Any:
    settings = {"apiKey": key, "secret": secret, "enableRateLimit": False, "urls": {"test": {"rest": url}}, **config}
    if kind == "sync":
        exchange = dfx_unified.digifinex(settings)
        exchange.set_sandbox_mode(True)
        return exchange
    exchange = dfx_unified.async_support.digifinex(settings)
    exchange.set_sandbox_mode(True)
    return BlockingAsync(exchange)


@pytest.fixture(params=["sync", "async"])
def account(request: pytest.FixtureRequest, sandbox: SandboxServer) -> Iterator[tuple[Any, str]]:
    """(client, api_key) of a fresh funded account, for the sync and the async class."""
    key, secret = sandbox.create_api_key()
    client = make_client(request.param, sandbox.url, key, secret)
    try:
        yield client, key
    finally:
        client.close()
