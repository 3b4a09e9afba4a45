"""`dfx_unified.async_support.digifinex`: the asyncio twin of `dfx_unified.digifinex`.

Same flows, driven with awaits; independent requests (the four market lists and
the currencies of load_markets, for example) run concurrently.
"""

from __future__ import annotations

import asyncio
from typing import Any

from ccxt.async_support.base.exchange import Exchange

from ..base import DigifinexUnified, ImplicitAPI
from ..core import _logger
from ..flow import async_method, bind, run_async


class digifinex(DigifinexUnified, Exchange, ImplicitAPI):  # noqa: N801 (ccxt naming)
    """DigiFinex v3 spot and margin through ccxt's unified API (asyncio)."""

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
        """Implicit API calls take the same pipeline as unified ones."""
        return await run_async(self, self._call(path, params, method))

    async def load_markets_helper(self, reload: bool = False, params: dict[str, Any] | None = None) -> Any:
        return await run_async(self, self._load_markets_flow(reload, params))


bind(digifinex, async_method)

__all__ = ["digifinex"]
