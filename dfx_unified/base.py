"""The unified surface shared by the sync and the async class (no I/O here)."""

from __future__ import annotations

from .account import AccountMixin
from .borrowing import BorrowingMixin
from .core import DigifinexCore, ImplicitAPI
from .funding import FundingMixin
from .guard import GuardMixin
from .market_data import MarketDataMixin
from .markets import MarketsMixin
from .orders import OrdersMixin


class DigifinexUnified(
    GuardMixin, OrdersMixin, AccountMixin, BorrowingMixin, FundingMixin, MarketDataMixin, MarketsMixin, DigifinexCore
):
    """All unified flows; the concrete classes bind them to sync or async methods."""


__all__ = ["DigifinexUnified", "ImplicitAPI"]
