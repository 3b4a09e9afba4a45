"""dfx_unified: DigiFinex v3 spot and margin through ccxt's unified interface.

    import dfx_unified
    exchange = dfx_unified.digifinex({"apiKey": KEY, "secret": SECRET})

`dfx_unified.async_support.digifinex` is the asyncio twin; `dfx_unified.sandbox`
is a local DigiFinex v3 server for offline trading and tests.
"""

from __future__ import annotations

from .errors import OutcomeUnknown, TradingRulesGuardError
from .exchange import digifinex

__version__ = "0.1.0"
exchanges = ["digifinex"]

__all__ = ["OutcomeUnknown", "TradingRulesGuardError", "__version__", "digifinex", "exchanges"]
