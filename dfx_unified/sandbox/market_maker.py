"""The house market maker: seeded liquidity around the synthetic price path.

It owns a separate internal account (uid MM_UID), trades fee-free, is exempt from
the trading rules, and re-quotes lazily: whenever the engine is touched, every
`mm_step_seconds` step that elapsed since the last one is replayed (at most
`mm_catch_up_steps` of them, the most recent), so the same seed and the same
requests at the same times give the same books and fills.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from typing import TYPE_CHECKING

from dfx_unified.spec import OrderStatus

from .book import ZERO, Order, Trade
from .config import MM_UID, MarketDef, dec
from .history import path_price, unit_noise

if TYPE_CHECKING:
    from .engine import Engine

_SIZE_FACTOR = 1000  # each level holds about this many minimum amounts


class MarketMaker:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.step_index = -1
        self.open: dict[str, list[Order]] = {}

    def mid(self, m: MarketDef, t: float) -> Decimal:
        return path_price(self.engine.seed, m.symbol, dec(m.price), t, m.price_precision)

    def seed_history(self, genesis: float) -> None:
        """Synthetic prints over the configured span before the first start."""
        e = self.engine
        span = int(e.config.history_seconds)
        for m in e.markets.values():
            for t in range(int(genesis) - span, int(genesis), 60):
                self._print(m, float(t))

    def _print(self, m: MarketDef, t: float) -> None:
        """A wash print of the house with itself: moves the tape, not balances."""
        e = self.engine
        noise = unit_noise(e.seed, f"print/{m.symbol}", int(t))
        amount = (dec(m.minimum_amount) * (1 + int(abs(noise) * 20))).quantize(Decimal(1).scaleb(-m.amount_precision))
        e._trade_id += 1
        e.record_trade(Trade(e._trade_id, m.symbol, self.mid(m, t), amount, t, "buy" if noise >= 0 else "sell"))

    def advance(self, now: float, force: bool = False) -> bool:
        e = self.engine
        size = float(e.config.mm_step_seconds)
        target = math.floor((now - e.genesis) / size)
        if target <= self.step_index and not force:
            return False
        first = max(self.step_index + 1, target - int(e.config.mm_catch_up_steps) + 1)
        for index in range(first, target + 1):
            t = e.genesis + index * size
            for m in e.markets.values():
                self._requote(m, t)
                if index > 0:
                    self._print(m, t)
        self.step_index = max(self.step_index, target)
        return True

    def _requote(self, m: MarketDef, t: float) -> None:
        e = self.engine
        book = e.books[m.symbol]
        for order in self.open.get(m.symbol, []):
            if order.is_open:
                book.remove(order)
                e._finish(order, OrderStatus.CANCELLED if order.filled == ZERO else OrderStatus.PARTIAL_CANCELLED, t)
        mid = self.mid(m, t)
        spread = dec(e.config.mm_spread)
        tick = Decimal(1).scaleb(-m.price_precision)
        lot = Decimal(1).scaleb(-m.amount_precision)
        placed: list[Order] = []
        for level in range(1, int(e.config.mm_levels) + 1):
            for side in ("buy", "sell"):
                offset = mid * spread * level
                if side == "buy":
                    price = (mid - offset).quantize(tick, ROUND_DOWN)
                    price = min(price, mid - tick)
                else:
                    price = (mid + offset).quantize(tick, ROUND_UP)
                    price = max(price, mid + tick)
                if price <= ZERO:
                    continue
                noise = abs(unit_noise(e.seed, f"size/{m.symbol}/{side}/{level}", int(t)))
                qty = (dec(m.minimum_amount) * _SIZE_FACTOR * Decimal(str(1 + level * 0.5 + noise))).quantize(lot, ROUND_DOWN)
                order = e._prepare(MM_UID, m, "spot", side, qty, price, False, t)
                e._submit(order, None, t)
                if order.is_open:
                    placed.append(order)
        self.open[m.symbol] = placed
