"""Orders, trades and one price-time-priority book per symbol (no balances here)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from decimal import Decimal

from dfx_unified.spec import LedgerCode, OrderStatus

ZERO = Decimal(0)


@dataclass
class Order:
    id: str
    seq: int
    uid: int
    api_key: str | None
    symbol: str
    kind: str  # 'spot' or 'margin'
    type: str  # buy, sell, buy_market, sell_market
    price: Decimal | None
    amount: Decimal  # as requested: quote for market buys, base otherwise
    created: float
    post_only: bool = False
    close_base: Decimal | None = None  # market buy by base amount (position close)
    filled: Decimal = ZERO  # base executed
    cash: Decimal = ZERO  # quote executed
    status: OrderStatus = OrderStatus.OPEN
    finished: float = 0.0
    lock_currency: str = ""
    lock_left: Decimal = ZERO
    collateral_rate: Decimal = ZERO  # margin sells: quote locked per base unit
    ledger_type: LedgerCode = LedgerCode.FILL  # of the fill legs (MARGIN_CLOSE for position closes)
    trade_ids: list[int] = field(default_factory=list)

    @property
    def side(self) -> str:
        return "buy" if self.type.startswith("buy") else "sell"

    @property
    def is_market(self) -> bool:
        return self.type.endswith("_market")

    @property
    def is_open(self) -> bool:
        return self.status in (OrderStatus.OPEN, OrderStatus.PARTIAL)

    @property
    def remaining(self) -> Decimal:
        """Base amount still to trade (limit orders and market sells)."""
        return self.amount - self.filled


@dataclass
class Trade:
    id: int
    symbol: str
    price: Decimal
    amount: Decimal
    time: float
    taker_side: str
    maker_order: str | None = None
    taker_order: str | None = None
    maker_fee: Decimal = ZERO
    maker_fee_currency: str = ""
    taker_fee: Decimal = ZERO
    taker_fee_currency: str = ""


class Book:
    """Resting limit orders of one symbol; best first on each side."""

    def __init__(self) -> None:
        self.bids: list[Order] = []  # price desc, seq asc
        self.asks: list[Order] = []  # price asc, seq asc

    @staticmethod
    def _key(order: Order) -> tuple[Decimal, int]:
        assert order.price is not None
        return (-order.price if order.side == "buy" else order.price, order.seq)

    def side(self, side: str) -> list[Order]:
        return self.bids if side == "buy" else self.asks

    def add(self, order: Order) -> None:
        bisect.insort(self.side(order.side), order, key=self._key)

    def remove(self, order: Order) -> None:
        orders = self.side(order.side)
        for i, o in enumerate(orders):
            if o is order:
                del orders[i]
                return

    def best(self, side: str) -> Order | None:
        orders = self.side(side)
        return orders[0] if orders else None

    def levels(self, side: str, limit: int) -> list[tuple[Decimal, Decimal]]:
        """Aggregated (price, remaining base) for the first `limit` price levels."""
        out: list[tuple[Decimal, Decimal]] = []
        for o in self.side(side):
            assert o.price is not None
            if out and out[-1][0] == o.price:
                out[-1] = (o.price, out[-1][1] + o.remaining)
            elif len(out) < limit:
                out.append((o.price, o.remaining))
            else:
                break
        return out
