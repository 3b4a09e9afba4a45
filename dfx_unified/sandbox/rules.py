"""API trading rules ("API Trading Rules" of the reference, spec.TRADING_RULES).

Pure functions over the orders one API key placed on one symbol; the engine keeps
the orders and the ban records and calls these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from dfx_unified import spec

from .book import ZERO, Order

RULES = spec.TRADING_RULES
_QUANT = Decimal("0.00000001")


@dataclass(frozen=True)
class Indicators:
    orders: int
    filled_orders: int
    quick_cancels: int
    filled_amount: Decimal
    order_amount: Decimal

    @property
    def fr(self) -> Decimal:
        return Decimal(self.filled_orders) / self.orders if self.orders else ZERO

    @property
    def fw(self) -> Decimal:
        return self.filled_amount / self.order_amount if self.order_amount else ZERO

    @property
    def cr(self) -> Decimal:
        return Decimal(self.quick_cancels) / self.orders if self.orders else ZERO

    def value(self, name: str) -> Decimal:
        return {"FR": self.fr, "FW": self.fw, "CR": self.cr}[name]

    def triggered(self) -> list[str]:
        """Names of the indicators that trip their rule (exact ratios, no rounding)."""
        hits = []
        for name, (op, threshold, min_orders) in RULES["triggers"].items():
            if self.orders <= min_orders:
                continue
            v, limit = self.value(name), Decimal(threshold)
            if (op == "<" and v < limit) or (op == ">" and v > limit):
                hits.append(name)
        return hits


def order_base_amount(order: Order) -> Decimal:
    """Order amount in base; a market buy counts its filled base (its amount is quote)."""
    if order.type == "buy_market":
        return order.filled
    return order.amount


def is_quick_cancel(order: Order) -> bool:
    quick = order.finished - order.created <= RULES["quick_cancel_seconds"]
    return order.status == spec.OrderStatus.CANCELLED and order.filled == ZERO and quick


def compute(orders: Iterable[Order], now: float) -> Indicators:
    """Indicators over the orders placed in (now - window, now]."""
    since = now - RULES["window_seconds"]
    window = [o for o in orders if o.created > since]
    return Indicators(
        orders=len(window),
        filled_orders=sum(1 for o in window if o.filled > ZERO),
        quick_cancels=sum(1 for o in window if is_quick_cancel(o)),
        filled_amount=sum((o.filled for o in window), ZERO),
        order_amount=sum((order_base_amount(o) for o in window), ZERO),
    )


@dataclass(frozen=True)
class Ban:
    start: float
    until: float
    escalated: bool  # the 24-hour ban (answers 20018 instead of 20020)


def new_ban(history: Sequence[Ban], now: float) -> Ban:
    """The ban to impose now, given earlier bans of the same key."""
    recent = [b for b in history if b.start > now - RULES["escalation_window_seconds"]]
    escalated = len(recent) + 1 >= RULES["escalate_after_bans"]
    seconds = RULES["escalated_ban_seconds"] if escalated else RULES["ban_seconds"]
    return Ban(now, now + seconds, escalated)


def active_ban(history: Sequence[Ban], now: float) -> Ban | None:
    live = [b for b in history if b.until > now]
    return max(live, key=lambda b: b.until) if live else None


def fmt_ratio(value: Decimal) -> str:
    return format(value.quantize(_QUANT, rounding=ROUND_HALF_EVEN), "f")


def report(ind: Indicators, ban: Ban | None) -> dict[str, Any]:
    return {
        "orders": ind.orders,
        "filled_orders": ind.filled_orders,
        "quick_cancels": ind.quick_cancels,
        "filled_amount": str(ind.filled_amount),
        "order_amount": str(ind.order_amount),
        "FR": fmt_ratio(ind.fr),
        "FW": fmt_ratio(ind.fw),
        "CR": fmt_ratio(ind.cr),
        "banned_until": ban.until if ban else None,
        "ban_code": (20018 if ban.escalated else 20020) if ban else None,
    }
