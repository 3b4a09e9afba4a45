"""Fixtures for the sandbox tests: a manual clock, an engine, a running server."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
import requests

from dfx_unified import signing
from dfx_unified.sandbox import Engine, ManualClock, SandboxConfig, SandboxServer

START = 1_700_000_000.0


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def engine(clock: ManualClock) -> Engine:
    return Engine(seed=7, clock=clock)


@pytest.fixture
def user(engine: Engine) -> tuple[str, int]:
    """(api_key, uid) of a fresh funded account."""
    key, _, uid = engine.create_api_key()
    return key, uid


@pytest.fixture
def server(clock: ManualClock) -> Iterator[SandboxServer]:
    with SandboxServer(seed=7, clock=clock, config=SandboxConfig(withdraw_complete_seconds=None)) as srv:
        yield srv


class Client:
    """Signed requests against a sandbox with the manual clock's timestamps."""

    def __init__(self, server: SandboxServer, key: str | None = None, secret: str | None = None) -> None:
        self.server = server
        self.key = key or server.api_key
        self.secret = secret or server.secret

    def headers(self, payload: str, **extra: str) -> dict[str, str]:
        base = {
            signing.HEADER_KEY: self.key,
            signing.HEADER_TIMESTAMP: str(int(self.server.clock.now())),
            signing.HEADER_SIGN: signing.sign(self.secret, payload),
        }
        base.update(extra)
        return base

    def get(self, path: str, params: Mapping[str, Any] | None = None, **headers: str) -> dict[str, Any]:
        query = signing.encode_params(params or {})
        url = f"{self.server.url}/v3/{path}" + (f"?{query}" if query else "")
        return requests.get(url, headers=self.headers(query, **headers), timeout=10).json()  # type: ignore[no-any-return]

    def post(self, path: str, params: Mapping[str, Any] | None = None, **headers: str) -> dict[str, Any]:
        body = signing.encode_params(params or {})
        hdrs = self.headers(body, **headers)
        hdrs["Content-Type"] = signing.FORM_CONTENT_TYPE
        return requests.post(f"{self.server.url}/v3/{path}", data=body, headers=hdrs, timeout=10).json()  # type: ignore[no-any-return]

    def public(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return requests.get(f"{self.server.url}/v3/{path}", params=params, timeout=10).json()  # type: ignore[no-any-return]


@pytest.fixture
def client(server: SandboxServer) -> Client:
    return Client(server)


@pytest.fixture
def make_client() -> type[Client]:
    """The Client class, for tests that need clients with other keys."""
    return Client
