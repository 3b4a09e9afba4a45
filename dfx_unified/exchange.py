"""`dfx_unified.digifinex`: the synchronous class.

A subclass of ccxt.digifinex: spot and margin run our flows (bound below), the
swap API and the methods we don't own stay ccxt's own, inherited.
"""

from __future__ import annotations

import time
from typing import Any

import ccxt

from .base import DigifinexUnified, ImplicitAPI
from .core import _logger
from .flow import bind, ccxt_answer, run_sync, sync_method


class digifinex(DigifinexUnified, ImplicitAPI, ccxt.digifinex):  # noqa: N801 (ccxt naming)
    """DigiFinex v3 spot and margin through ccxt's unified API (blocking)."""

    ccxt_class = ccxt.digifinex

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        super().__init__(config or {})
        self.logger = _logger

    def throttle(self, cost: float | None = None) -> None:
        delay = self._throttle_delay(cost)
        if delay > 0:
            time.sleep(delay)

    def request(
        self,
        path: str,
        api: Any = "public",
        method: str = "GET",
        params: dict[str, Any] | None = None,
        config: dict[str, Any] | None = None,
    ) -> Any:
        """Implicit API calls of the v3 endpoints take the same pipeline as unified ones
        (10008 resync, ban pause, retries of retry-safe requests); others (swap) take
        ccxt's."""
        answer = ccxt_answer(path)
        if answer is not None:
            return answer
        if self._is_own_endpoint(path, api, method):
            return run_sync(self, self._call(path, params, method))
        return self.fetch2(path, api, method, params or {}, config or {})

    def load_markets(self, reload: bool = False, params: dict[str, Any] | None = None) -> Any:
        return run_sync(self, self._load_markets_flow(reload, params))

    def __enter__(self) -> digifinex:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


bind(digifinex, sync_method)
