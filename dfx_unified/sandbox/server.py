"""Run the sandbox in-process: its own event loop in a daemon thread, 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable
from types import TracebackType
from typing import Any

from aiohttp import web

from .app import Sandbox, build_app
from .clock import Clock, SystemClock
from .config import SandboxConfig
from .engine import PERMISSIONS, Engine
from .faults import Fault
from .limits import WeightLimiter
from .store import Store


def open_engine(seed: int, clock: Clock, config: SandboxConfig, state_path: str | None) -> tuple[Engine, Store | None]:
    """A fresh engine, or the one a state file describes (journal replayed)."""
    if state_path is None:
        return Engine(seed, clock, config), None
    store = Store(state_path)
    meta = store.load_meta()
    if meta is None:
        engine = Engine(seed, clock, config)
        store.save_meta({"seed": seed, "genesis": engine.genesis, "config": config.to_json()})
    else:
        engine = Engine(int(meta["seed"]), clock, SandboxConfig.from_json(meta["config"]), genesis=float(meta["genesis"]))
        engine.replay(store.entries())
    engine._journal = store.append
    return engine, store


class SandboxServer:
    """The DigiFinex v3 sandbox on http://host:port (port 0 picks a free one)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int = 42,
        state_path: str | None = None,
        clock: Clock | None = None,
        config: SandboxConfig | None = None,
    ) -> None:
        self.host, self.port, self.seed = host, port, seed
        self.clock: Clock = clock or SystemClock()
        self.config = config or SandboxConfig()
        self.engine, self._store = open_engine(seed, self.clock, self.config, state_path)
        self.limiter = WeightLimiter(self.clock, self.config.weight_budget, self.config.weight_window_seconds)
        self.sandbox = Sandbox(
            self.engine, self.limiter, weights=dict(self.config.weights), recv_window_max=self.config.recv_window_max_seconds
        )
        self.api_key, self.secret, self.uid = self._ready_key()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    def _ready_key(self) -> tuple[str, str, int]:
        """The first key of the first account (created on a fresh state)."""
        for info in self.engine.keys.values():
            return info.key, info.secret, info.uid
        return self.engine.create_api_key(PERMISSIONS)

    # ------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> SandboxServer:
        if self._thread is not None:
            return self
        ready = threading.Event()
        failure: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._open())
            except BaseException as exc:  # report bind errors to start()
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._close())
            loop.close()

        self._thread = threading.Thread(target=serve, name="dfx-sandbox", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self

    async def _open(self) -> None:
        self._runner = web.AppRunner(build_app(self.sandbox), access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def _close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def stop(self) -> None:
        if self._thread is not None and self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._thread, self._loop = None, None
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # ------------------------------------------------------------ python helpers
    def create_api_key(
        self, permissions: Iterable[str] = PERMISSIONS, uid: int | None = None, expires_at: float | None = None
    ) -> tuple[str, str]:
        """A key on a new funded account (or on `uid`); returns (api_key, secret)."""
        key, secret, _ = self.engine.create_api_key(permissions, uid=uid, expires_at=expires_at)
        return key, secret

    def deposit(self, currency: str, amount: Any, account: str = "spot", api_key: str | None = None) -> int:
        """Credit a deposit to the ready account (or the account of `api_key`)."""
        info = self.engine.key_info(api_key or self.api_key)
        assert info is not None, "unknown api key"
        return self.engine.deposit(info.uid, currency, str(amount), account)

    def complete_withdrawal(self, withdraw_id: int) -> int:
        return self.engine.complete_withdrawal(withdraw_id)

    def inject_fault(self, path: str, kind: str, *, times: int = 1, delay: float = 0.0, when: str = "before") -> Fault:
        return self.sandbox.faults.add(path, kind, times=times, delay=delay, when=when)

    def clear_faults(self) -> None:
        self.sandbox.faults.clear()

    def trading_indicators(self, api_key: str, symbol: str) -> dict[str, Any]:
        return self.engine.trading_indicators(api_key, symbol)

    def reset_limits(self) -> None:
        self.limiter.reset()

    def state(self) -> dict[str, Any]:
        return self.engine.state_summary()
