"""`dfx_unified.async_support.digifinex`: the asyncio twin of `dfx_unified.digifinex`.

Same flows, driven with awaits; independent requests (the four market lists and
the currencies of load_markets, for example) run concurrently. A subclass of
ccxt.async_support.digifinex: the swap API stays ccxt's own, inherited.
"""

from __future__ import annotations

import asyncio
from typing import Any

import ccxt.async_support

from ..base import DigifinexUnified, ImplicitAPI
from ..core import _logger
from ..flow import async_method, bind, ccxt_answer, run_async


class digifinex(DigifinexUnified, ImplicitAPI, ccxt.async_support.digifinex):  # noqa: N801 (ccxt naming)
    """DigiFinex v3 spot and margin through ccxt's unified API (asyncio)."""

    ccxt_class = ccxt.async_support.digifinex

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        super().__init__(config or {})
        self.logger = _logger

    async def throttle(self, cost: float | None = None) -> None:
        delay = self._throttle_delay(cost)
        if delay > 0:
            await asyncio.sleep(delay)

    async def request(
        self,
        path: str,
        api: Any = "public",
        method: str = "GET",
        params: dict[str, Any] | None = None,
        config: dict[str, Any] | None = None,
    ) -> Any:
        """Implicit API calls of the v3 endpoints take the same pipeline as unified ones; others (swap) take ccxt's."""
        answer = ccxt_answer(path)
        if answer is not None:
            return answer
        if self._is_own_endpoint(path, api, method):
            return await run_async(self, self._call(path, params, method))
        return await self.fetch2(path, api, method, params or {}, config or {})

    async def load_markets_helper(self, reload: bool = False, params: dict[str, Any] | None = None) -> Any:
        return await run_async(self, self._load_markets_flow(reload, params))


bind(digifinex, async_method)

__all__ = ["digifinex"]
