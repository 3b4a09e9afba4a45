"""Order and my-trade parsing: exchange rows to unified orders and trades (no I/O).

parse_orders and parse_order (with `_fast_order`, the same result built directly on
fastpath numbers), parse_my_trade, and `_unified_trade` (one fill as a unified trade,
shared with fetch_order_trades). Order types and statuses map through spec's tables.
"""

from __future__ import annotations

from typing import Any

from ccxt.base.precise import Precise

from .. import fastpath, spec
from ..flow import gives_way_to_ccxt


def unknown_fee() -> dict[str, Any]:
    """The fee of an order whose rows say none: a fee structure of unknowns (ccxt's
    shape: `order['fee']` is a dict, `order['fees']` a list, never None)."""
    return {"cost": None, "currency": None}


def _nonzero(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        zero = fastpath.is_zero(value)  # Precise.string_eq(value, "0") without the objects
    except ValueError:
        zero = Precise.string_eq(value, "0")  # raises as it always did
    return None if zero else value


def _fast_nonzero(value: Any) -> str | None:
    """_nonzero(safe_string(value)) for the fast path: ValueError (fall back) on text
    Precise refuses. A float is zero for Precise exactly when it equals 0 (its text is
    its repr); inf and nan pass here and raise where their text is parsed later."""
    if type(value) is float:
        return None if value == 0 else repr(value)
    text = fastpath.text(value)
    return None if text is None or fastpath.is_zero(text) else text


class OrderParsingMixin:
    # ------------------------------------------------------------ parsing
    @gives_way_to_ccxt
    def parse_orders(
        self,
        orders: Any,
        market: dict[str, Any] | None = None,
        since: int | None = None,
        limit: int | None = None,
        params: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        """ccxt's parse_orders without its per-row extend(order, params) copy when
        params is empty (the copy then equals the order); same sort and filters."""
        if params or type(orders) is not list:
            return super().parse_orders(orders, market, since, limit, params or {})  # type: ignore[misc, no-any-return]
        parse = self.parse_order
        results = self.sort_by([parse(row, market) for row in orders], "timestamp")  # type: ignore[attr-defined]
        symbol = self.safe_string(market, "symbol")  # type: ignore[attr-defined]
        return self._filter_symbol_since_limit(results, symbol, since, limit)  # type: ignore[attr-defined, no-any-return]

    def _row_market(self, row: dict[str, Any], market: dict[str, Any] | None) -> tuple[dict[str, Any] | None, str | None]:
        """The market of a row's own `symbol` when loaded (else `market`) and the unified symbol.

        A pair missing from the loaded markets still parses (symbol from the id).
        """
        market_id = row.get("symbol")
        row_market = self.market_by_any_id(market_id) if market_id else None  # type: ignore[attr-defined]
        if row_market is not None:
            market = row_market
        symbol = market["symbol"] if market else self.symbol_for_id(market_id)  # type: ignore[attr-defined]
        return market, symbol

    @gives_way_to_ccxt
    def parse_order(self, order: dict[str, Any], market: dict[str, Any] | None = None) -> dict[str, Any]:
        """One order row of order, order/current, order/history or order/detail."""
        market, symbol = self._row_market(order, market)
        raw_type = str(order.get("type") or "").lower()
        order_type, side = spec.ORDER_TYPES.get(raw_type, (None, None))
        raw_status = order.get("status")
        status = spec.ORDER_STATUSES.get(str(raw_status)) if raw_status is not None else None
        created = order.get("created_date")
        timestamp = int(float(created) * 1000) if created not in (None, "", 0, "0") else None
        finished = order.get("finished_date")
        last_trade = int(float(finished) * 1000) if finished not in (None, "", 0, "0") else None
        fast = self._fast_order(order, market, symbol, raw_type, order_type, side, status, timestamp, last_trade)
        if fast is not None:
            return fast
        wire_amount = self.safe_string(order, "amount")  # type: ignore[attr-defined]
        filled = self.safe_string(order, "executed_amount")  # type: ignore[attr-defined]
        average = _nonzero(self.safe_string(order, "avg_price"))  # type: ignore[attr-defined]
        price = _nonzero(self.safe_string(order, "price"))  # type: ignore[attr-defined]
        cost = None
        if filled is not None and average is not None:
            cost = Precise.string_mul(filled, average)
        elif filled is not None and Precise.string_eq(filled, "0"):
            cost = "0"
        amount: str | None = wire_amount
        remaining: str | None = None
        if raw_type == "buy_market":
            # the wire amount of a market buy is quote currency: it is the cost, and the
            # base amount is known only once the order is finished (= what was filled)
            cash = _nonzero(self.safe_string(order, "cash_amount"))  # type: ignore[attr-defined]
            cost = cash if cash is not None else wire_amount
            amount = filled if status in ("closed", "canceled") else None
        elif wire_amount is not None and filled is not None:
            remaining = Precise.string_sub(wire_amount, filled)
            if status in ("closed", "canceled"):
                # nothing rests on the book once finished
                remaining = "0" if status == "closed" else remaining
        return self.safe_order(  # type: ignore[attr-defined, no-any-return]
            {
                "id": self.safe_string(order, "order_id"),  # type: ignore[attr-defined]
                "clientOrderId": None,
                "timestamp": timestamp,
                "datetime": self.iso8601(timestamp),  # type: ignore[attr-defined]
                "lastTradeTimestamp": last_trade,
                "symbol": symbol,
                "type": order_type,
                "side": side,
                "price": price,
                "amount": amount,
                "cost": cost,
                "average": average,
                "filled": filled,
                "remaining": remaining,
                "status": status,
                "postOnly": None,
                "timeInForce": None,
                "fee": unknown_fee(),
                "trades": [],
                "info": order,
            },
            market,
        )

    def _fast_order(
        self,
        order: dict[str, Any],
        market: dict[str, Any] | None,
        symbol: str | None,
        raw_type: str,
        order_type: str | None,
        side: str | None,
        status: str | None,
        timestamp: int | None,
        last_trade: int | None,
    ) -> dict[str, Any] | None:
        """parse_order's safe_order result built directly: the same derivations as the
        generic path below, on fastpath Decimals (exact, as Precise), then safe_order's
        own (fastpath.order_numbers) and its fixed fields for an order without trades
        or fees. None (the generic path runs) when numbers are not floats, the market
        has a contract size or is inverse, or some text is not a plain number."""
        if not self._fast():  # type: ignore[attr-defined]
            return None
        if market is not None and (market.get("contractSize") is not None or market.get("inverse") is True):
            return None
        text = fastpath.text
        try:
            wire_amount: fastpath.Field = text(order.get("amount"))
            filled = text(order.get("executed_amount"))
            average = _fast_nonzero(order.get("avg_price"))
            price = _fast_nonzero(order.get("price"))
            cost: fastpath.Field = None
            if filled is not None and average is not None:
                cost = fastpath.product(filled, average)
            elif filled is not None and fastpath.is_zero(filled):
                cost = "0"
            amount: fastpath.Field = wire_amount
            remaining: fastpath.Field = None
            if raw_type == "buy_market":
                cash = _fast_nonzero(order.get("cash_amount"))
                cost = cash if cash is not None else wire_amount
                amount = filled if status in ("closed", "canceled") else None
            elif wire_amount is not None and filled is not None:
                remaining = fastpath.difference(wire_amount, filled)  # type: ignore[arg-type]
                if status == "closed":
                    remaining = "0"
            numbers = fastpath.order_numbers(amount, remaining, filled, cost, average, price, status, order_type)
        except (ValueError, OverflowError):
            return None
        price_n, amount_n, cost_n, average_n, filled_n, remaining_n = numbers
        # safe_order: safe_integer of the times, iso8601 of the timestamp, IOC for a
        # market order, 'fees' [] and every other field None (the row has none of them)
        return {
            "id": text(order.get("order_id")),
            "clientOrderId": None,
            "timestamp": None if timestamp is None else int(float(timestamp)),
            "datetime": fastpath.iso8601(timestamp),
            "lastTradeTimestamp": None if last_trade is None else int(float(last_trade)),
            "symbol": symbol,
            "type": order_type,
            "side": side,
            "price": price_n,
            "amount": amount_n,
            "cost": cost_n,
            "average": average_n,
            "filled": filled_n,
            "remaining": remaining_n,
            "status": status,
            "postOnly": None,
            "timeInForce": "IOC" if order_type == "market" else None,
            "fee": unknown_fee(),
            "trades": [],
            "info": order,
            "fees": [unknown_fee()],
            "lastUpdateTimestamp": None,
            "reduceOnly": None,
            "stopPrice": None,
            "triggerPrice": None,
            "takeProfitPrice": None,
            "stopLossPrice": None,
        }

    def parse_my_trade(self, trade: dict[str, Any], market: dict[str, Any] | None = None) -> dict[str, Any]:
        """One row of /mytrades (`side` carries the order type: buy, sell_market, ...)."""
        market, symbol = self._row_market(trade, market)
        raw_side = str(trade.get("side") or "").lower()
        order_type, side = spec.ORDER_TYPES.get(raw_side, (None, raw_side or None))
        maker = trade.get("is_maker")
        if isinstance(maker, str):
            maker = {"true": True, "1": True, "false": False, "0": False}.get(maker.lower())
        taker_or_maker = None if maker is None else ("maker" if maker else "taker")
        timestamp = self.safe_timestamp(trade, "timestamp")  # type: ignore[attr-defined]
        fee_cost = self.safe_string(trade, "fee")  # type: ignore[attr-defined]
        fee_currency = trade.get("fee_currency")
        fee = None
        if fee_cost is not None:
            fee = {
                "cost": fee_cost,
                "currency": self.safe_currency_code(fee_currency) if fee_currency else None,  # type: ignore[attr-defined]
            }
        return self._unified_trade(
            trade,
            market,
            trade_id=self.safe_string(trade, "id"),  # type: ignore[attr-defined]
            order_id=self.safe_string(trade, "order_id"),  # type: ignore[attr-defined]
            timestamp=timestamp,
            symbol=symbol,
            order_type=order_type,
            side=side,
            price=self.safe_string(trade, "price"),  # type: ignore[attr-defined]
            amount=self.safe_string(trade, "amount"),  # type: ignore[attr-defined]
            taker_or_maker=taker_or_maker,
            fee=fee,
        )

    def _unified_trade(
        self,
        info: dict[str, Any],
        market: dict[str, Any] | None,
        *,
        trade_id: str | None,
        order_id: str | None,
        timestamp: int | None,
        symbol: str | None,
        order_type: str | None,
        side: str | None,
        price: str | None,
        amount: str | None,
        taker_or_maker: str | None = None,
        fee: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """safe_trade of one fill (order detail or mytrades row); the cost is left to safe_trade."""
        return self.safe_trade(  # type: ignore[attr-defined, no-any-return]
            {
                "id": trade_id,
                "info": info,
                "timestamp": timestamp,
                "datetime": self.iso8601(timestamp),  # type: ignore[attr-defined]
                "symbol": symbol,
                "order": order_id,
                "type": order_type,
                "side": side,
                "takerOrMaker": taker_or_maker,
                "price": price,
                "amount": amount,
                "cost": None,
                "fee": fee,
            },
            market,
        )
