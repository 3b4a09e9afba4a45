"""Run the sandbox in-process: its own event loop in a daemon thread, 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web

from .admin_client import AdminClient
from .admin_token import is_loopback, new_admin_token, remove_token_file, write_token_file
from .app import Sandbox, build_app
from .clock import Clock, SystemClock
from .config import SandboxConfig
from .engine import PERMISSIONS, Engine
from .faults import Fault
from .limits import WeightLimiter
from .store import Store

log = logging.getLogger(__name__)


def exposure_warning(host: str, port: int) -> str | None:
    """The warning for serving on a non-loopback address (None on loopback)."""
    if is_loopback(host):
        return None
    shown = host or "every interface"
    return (
        f"WARNING: the dfx-unified sandbox is binding {shown}:{port}, which is not a loopback address. "
        "Anyone who can reach it can trade and withdraw with the sandbox keys, and with the admin token "
        "mint keys, move funds and change the clock. Bind 127.0.0.1 unless this is what you want."
    )


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
    """The DigiFinex v3 sandbox on http://host:port (port 0 picks a free one).

    Admin routes need `admin_token` (generated unless given) in the X-DFX-Admin-Token
    header; `admin_client()` returns an AdminClient that sends it. With
    `write_token_file=True` (the `dfx-unified sandbox` command) the token is also
    written to `admin_token_path(host, port)` (mode 0600) while the server runs, so
    other tools on this machine find it. Binding a non-loopback address logs a
    warning and prints it on stderr.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int = 42,
        state_path: str | None = None,
        clock: Clock | None = None,
        config: SandboxConfig | None = None,
        *,
        admin_token: str | None = None,
        write_token_file: bool = False,
    ) -> None:
        self.host, self.port, self.seed = host, port, seed
        self._admin_token = admin_token or new_admin_token()
        self._write_token_file = write_token_file
        self.token_path: Path | None = None
        self.clock: Clock = clock or SystemClock()
        self.config = config or SandboxConfig()
        self.engine, self._store = open_engine(seed, self.clock, self.config, state_path)
        self.limiter = WeightLimiter(self.clock, self.config.weight_budget, self.config.weight_window_seconds)
        self.sandbox = Sandbox(
            self.engine,
            self.limiter,
            weights=dict(self.config.weights),
            recv_window_max=self.config.recv_window_max_seconds,
            admin_token=self._admin_token,
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

    def __repr__(self) -> str:
        return f"SandboxServer(url={self.url!r}, seed={self.seed})"

    # ------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def admin_token(self) -> str:
        """The token admin routes require in the X-DFX-Admin-Token header."""
        return self._admin_token

    def admin_client(self, timeout: float = 10.0) -> AdminClient:
        """An AdminClient for this server's admin routes, token included."""
        return AdminClient(self.url, self._admin_token, timeout=timeout)

    def startup_lines(self) -> list[str]:
        """What `dfx-unified sandbox` prints once listening: URL, key, secret, admin token."""
        lines = [self.url, f"api_key: {self.api_key}", f"secret: {self.secret}", f"admin_token: {self._admin_token}"]
        if self.token_path is not None:
            lines.append(f"admin_token_file: {self.token_path}")
        return lines

    def start(self) -> SandboxServer:
        if self._thread is not None:
            return self
        warning = exposure_warning(self.host, self.port)
        if warning is not None:
            log.warning("%s", warning)
            print(warning, file=sys.stderr, flush=True)
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
        if self._write_token_file:
            try:
                self.token_path = write_token_file(self.host, self.port, self._admin_token)
            except OSError:
                self.stop()
                raise
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
        if self.token_path is not None:
            remove_token_file(self.token_path, self._admin_token)
            self.token_path = None
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
