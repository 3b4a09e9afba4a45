"""The trading rules as numbers, and the additive sums the indicators are computed from.

FR (filling ratio), FW (filling weight) and CR (cancellation ratio) over a set of
orders are ratios of sums (`_Sums`); one tracked order (`_Order`) contributes its own
sums, a (key, symbol) bucket (`_Bucket`) keeps running totals. Pure arithmetic on
Decimals, no clock and no I/O: the tracker (tracker.py) decides with these.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from .. import spec

RULES = spec.TRADING_RULES
WINDOW_SECONDS: float = float(RULES["window_seconds"])
QUICK_CANCEL_SECONDS: float = float(RULES["quick_cancel_seconds"])
# name -> (comparison, threshold, minimum orders: the rule needs count > minimum)
TRIGGERS: dict[str, tuple[str, Decimal, int]] = {
    name: (op, Decimal(threshold), int(min_orders)) for name, (op, threshold, min_orders) in RULES["triggers"].items()
}
# The exchange's own ban answers: code -> ban length in seconds.
BAN_CODES: dict[int, float] = {20020: float(RULES["ban_seconds"]), 20018: float(RULES["escalated_ban_seconds"])}

ZERO = Decimal(0)
_QUANT = Decimal("0.00000001")  # ratios are reported with 8 decimals, as the sandbox does
Amount = Decimal | str | float | int | None


def to_decimal(value: Any) -> Decimal | None:
    """A finite Decimal from an API value, or None when it is not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def format_ratio(value: Decimal) -> str:
    # fixed point ('0.00000000', not '0E-8'); same rounding as the sandbox's report
    return f"{value.quantize(_QUANT, rounding=ROUND_HALF_EVEN):f}"



class _Sums:
    """The additive parts of the three indicators over a set of orders."""

    __slots__ = ("amount", "filled", "filled_orders", "orders", "quick")

    def __init__(
        self, orders: int = 0, filled_orders: int = 0, quick: int = 0, filled: Decimal = ZERO, amount: Decimal = ZERO
    ) -> None:
        self.orders = orders
        self.filled_orders = filled_orders
        self.quick = quick
        self.filled = filled  # base executed
        self.amount = amount  # base ordered (a market buy counts its filled base)

    def add(self, other: _Sums, sign: int = 1) -> None:
        self.orders += sign * other.orders
        self.filled_orders += sign * other.filled_orders
        self.quick += sign * other.quick
        self.filled += sign * other.filled
        self.amount += sign * other.amount

    def plus(self, other: _Sums) -> _Sums:
        out = self.copy()
        out.add(other)
        return out

    def minus(self, other: _Sums) -> _Sums:
        out = self.copy()
        out.add(other, -1)
        return out

    def copy(self) -> _Sums:
        return _Sums(self.orders, self.filled_orders, self.quick, self.filled, self.amount)

    def ratio(self, name: str) -> Decimal:
        # The sandbox's definitions, zero when the denominator is zero.
        if name == "FR":
            return Decimal(self.filled_orders) / self.orders if self.orders else ZERO
        if name == "FW":
            return self.filled / self.amount if self.amount else ZERO
        return Decimal(self.quick) / self.orders if self.orders else ZERO

    def trips(self) -> list[str]:
        """The indicators whose rule holds over exactly these orders."""
        hits = []
        for name, (op, limit, min_orders) in TRIGGERS.items():
            if self.orders <= min_orders:
                continue
            value = self.ratio(name)
            if (op == "<" and value < limit) or (op == ">" and value > limit):
                hits.append(name)
        return hits

    def describe(self, name: str) -> str:
        op, limit, min_orders = TRIGGERS[name]
        detail = {
            "FR": f"{self.filled_orders} of {self.orders} orders filled",
            "FW": f"filled {self.filled} of {self.amount} ordered",
            "CR": f"{self.quick} of {self.orders} orders cancelled unfilled within {QUICK_CANCEL_SECONDS:g} s",
        }[name]
        return f"{name}={format_ratio(self.ratio(name))} {op} {limit} with {self.orders} orders (> {min_orders}; {detail})"


def worst_orders(count: int, amount: Decimal = ZERO) -> _Sums:
    """`count` orders in the worst state for every indicator: unfilled, cancelled at once.

    Each one raises the order count, adds no fill (FR and FW fall) and is a quick
    cancel (CR rises), so adding it can only bring every trigger closer.
    """
    return _Sums(count, 0, count, ZERO, amount)


class _Order:
    __slots__ = ("amount", "cancelled", "filled", "id", "key", "placed", "quick", "symbol")

    def __init__(self, key: str, symbol: str, order_id: str | None, placed: float, amount: Decimal | None) -> None:
        self.key = key
        self.symbol = symbol
        self.id = order_id
        self.placed = placed  # guard clock when the placement was answered
        self.amount = amount  # base; None for a market buy (its base amount is its fill)
        self.filled = ZERO  # the largest executed amount seen
        self.cancelled: float | None = None
        self.quick = False  # counted as cancelled unfilled within 5 s

    def sums(self) -> _Sums:
        return _Sums(
            1,
            1 if self.filled > ZERO else 0,
            1 if self.quick else 0,
            self.filled,
            self.amount if self.amount is not None else self.filled,
        )


class _Bucket:
    """The tracked orders of one (api key, symbol), oldest first, with running sums."""

    __slots__ = ("inflight", "orders", "totals", "warned")

    def __init__(self) -> None:
        self.orders: deque[_Order] = deque()
        self.totals = _Sums()
        self.inflight: dict[int, _Sums] = {}  # token -> worst-case sums of the request
        self.warned: frozenset[str] = frozenset()  # what was last logged (no log floods)

    def inflight_sums(self) -> _Sums:
        total = _Sums()
        for sums in self.inflight.values():
            total.add(sums)
        return total


def _total(amounts: Sequence[Amount]) -> Decimal:
    return sum((to_decimal(a) or ZERO for a in amounts), ZERO)


def _maybe_quick(row: Mapping[str, Any]) -> bool:
    """Could this cancelled row be a quick cancel? Unknown dates mean it could.

    The dates are whole seconds: a true span of at most 5 s shows as at most 5.
    """
    created, finished = to_decimal(row.get("created_date")), to_decimal(row.get("finished_date"))
    if created is None or finished is None or created <= 0 or finished <= 0:
        return True
    return finished - created < Decimal(str(QUICK_CANCEL_SECONDS)) + 1
