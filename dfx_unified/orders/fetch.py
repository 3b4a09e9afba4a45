"""Reading orders and fills: fetch_orders_by_ids, fetch_order, open orders, the order
history (paged backwards by end_time), closed orders, order trades and my trades.

History endpoints reach back spec.HISTORY_MAX_DAYS days (checked by `_history_window`).
"""

from __future__ import annotations

from typing import Any

from ccxt.base import errors as ccxt_errors

from .. import spec
from ..flow import Flow, Gather, LoadMarkets, ccxt_for_contracts, subflow, unified
from ..market_data import check_limit
from .parsing import OrderParsingMixin

DAY_MS = 24 * 3600 * 1000


class OrderFetchMixin(OrderParsingMixin):
    # ------------------------------------------------------------ fetch
    @unified
    def fetch_orders_by_ids(self, ids: list[str], symbol: str | None = None, params: dict[str, Any] | None = None) -> Flow:
        """Orders by id (GET /v3/{market}/order; 20 ids a request, several gathered).

        :param list ids: order ids
        :param str symbol: unified symbol (optional)
        :param dict params: 'marginMode' / 'margin' / 'type' for margin orders
        :returns list: unified orders the exchange knows (unknown ids are absent)
        """
        if not isinstance(ids, (list, tuple)) or not ids:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} fetch_orders_by_ids needs a non-empty list of ids")
        yield LoadMarkets()
        market = self.checked_market(symbol) if symbol is not None else None  # type: ignore[attr-defined]
        kind, params = self._market_kind(params, market)  # type: ignore[attr-defined]
        id_list = [str(i) for i in ids]
        size = spec.FETCH_ORDER_IDS_MAX
        chunks = [id_list[i : i + size] for i in range(0, len(id_list), size)]
        calls = tuple(self._call(f"{kind}/order", {"order_id": ",".join(c), **params}) for c in chunks)  # type: ignore[attr-defined]
        responses = yield Gather(calls)
        rows = [row for response in responses for row in (response.get("data") or [])]
        return [self.parse_order(row, market) for row in rows]

    @unified
    @ccxt_for_contracts("symbol")
    def fetch_order(self, id: str, symbol: str | None = None, params: dict[str, Any] | None = None) -> Flow:
        """One order by id (GET /v3/{market}/order).

        :param str id: order id
        :param str symbol: unified symbol (optional)
        :param dict params: 'marginMode' / 'margin' / 'type' for margin orders
        :returns dict: a unified order; OrderNotFound when the exchange has none
        """
        orders = yield from subflow(self, "fetch_orders_by_ids", [id], symbol, params)
        for order in orders:
            if order["id"] == str(id):
                return order
        raise ccxt_errors.OrderNotFound(f"{spec.EXCHANGE_ID} order {id} not found")

    @unified
    @ccxt_for_contracts("symbol")
    def fetch_open_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: dict[str, Any] | None = None
    ) -> Flow:
        """Open orders (GET /v3/{market}/order/current).

        :param str symbol: unified symbol, or None for every pair
        :param int since: ms, filtered client-side
        :param int limit: filtered client-side
        :param dict params: 'marginMode' / 'margin' / 'type' for margin orders
        :returns list: unified orders (pairs missing from the markets still parse)
        """
        yield LoadMarkets()
        market = self.checked_market(symbol) if symbol is not None else None  # type: ignore[attr-defined]
        kind, params = self._market_kind(params, market)  # type: ignore[attr-defined]
        request: dict[str, Any] = {"symbol": self.wire_id(market)} if market else {}  # type: ignore[attr-defined]
        response = yield from self._call(f"{kind}/order/current", {**request, **params})  # type: ignore[attr-defined]
        return self.parse_orders(response.get("data") or [], market, since, limit)  # type: ignore[attr-defined]

    def _history_window(self, since: Any, until: Any, what: str) -> tuple[int | None, int | None]:
        """since/until (ms) checked against the 30-day reach of history endpoints."""
        now = self.milliseconds()  # type: ignore[attr-defined]
        oldest = now - spec.HISTORY_MAX_DAYS * DAY_MS
        for name, value in (("since", since), ("until", until)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} {what} {name} must be a timestamp in ms, got {value!r}")
        if since is not None and since < oldest:
            raise ccxt_errors.BadRequest(
                f"{spec.EXCHANGE_ID} {what} reaches back {spec.HISTORY_MAX_DAYS} days at most: since {int(since)} "
                f"({self.iso8601(int(since))}) is before {oldest} ({self.iso8601(oldest)})"  # type: ignore[attr-defined]
            )
        if until is not None and until < oldest:
            raise ccxt_errors.BadRequest(
                f"{spec.EXCHANGE_ID} {what} reaches back {spec.HISTORY_MAX_DAYS} days at most: "
                f"until {int(until)} is before {oldest}"
            )
        if since is not None and until is not None and until < since:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} {what} until {until} is before since {since}")
        return (None if since is None else int(since), None if until is None else int(until))

    @unified
    @ccxt_for_contracts("symbol")
    def fetch_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: dict[str, Any] | None = None
    ) -> Flow:
        """Orders of the last 30 days, open and finished (GET /v3/{market}/order/history).

        :param str symbol: unified symbol, or None for every pair
        :param int since: ms, at most 30 days back (the server defaults to 3 days)
        :param int limit: orders wanted; more than 100 pages backwards by end_time
        :param dict params: 'until' (ms), 'paginate' (bool: fetch every page),
            'marginMode' / 'margin' / 'type' for margin orders
        :returns list: unified orders, oldest first, de-duplicated by id
        """
        params = dict(params or {})
        until = params.pop("until", None)
        paginate = bool(params.pop("paginate", False))
        if limit is not None and not (isinstance(limit, int) and not isinstance(limit, bool) and limit >= 1):
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} fetch_orders limit must be a whole number >= 1, got {limit!r}")
        since, until = self._history_window(since, until, "order history")
        yield LoadMarkets()
        market = self.checked_market(symbol) if symbol is not None else None  # type: ignore[attr-defined]
        kind, params = self._market_kind(params, market)  # type: ignore[attr-defined]
        page_size = min(limit or spec.ORDER_HISTORY_LIMIT_MAX, spec.ORDER_HISTORY_LIMIT_MAX)
        many = paginate or (limit is not None and limit > spec.ORDER_HISTORY_LIMIT_MAX)
        request: dict[str, Any] = {}
        if market:
            request["symbol"] = self.wire_id(market)  # type: ignore[attr-defined]
        request["limit"] = page_size
        if since is not None:
            request["start_time"] = since // 1000
        end_time = None if until is None else until // 1000
        rows: dict[str, dict[str, Any]] = {}
        while True:
            page_request = dict(request)
            if end_time is not None:
                page_request["end_time"] = end_time
            response = yield from self._call(f"{kind}/order/history", {**page_request, **params})  # type: ignore[attr-defined]
            page = response.get("data") or []
            fresh = 0
            for row in page:
                order_id = str(row.get("order_id"))
                if order_id not in rows:
                    rows[order_id] = row
                    fresh += 1
            if not many or len(page) < page_size:
                break
            if limit is not None and len(rows) >= limit:
                break
            times = [int(r["created_date"]) for r in page if r.get("created_date") is not None]
            if not times:
                break
            oldest = min(times)
            if since is not None and oldest * 1000 < since:
                break
            # same end_time again only while it brings new orders (ties in one second)
            next_end = oldest if fresh and oldest != end_time else oldest - 1
            if end_time is not None and next_end > end_time:
                next_end = end_time - 1
            end_time = next_end
        orders = self.parse_orders(list(rows.values()), market, since, None)  # type: ignore[attr-defined]
        if limit is not None and len(orders) > limit:
            # without since the newest orders are wanted; with since the first after it
            orders = orders[:limit] if since is not None else orders[-limit:]
        return orders

    @unified
    def fetch_closed_orders(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: dict[str, Any] | None = None
    ) -> Flow:
        """Finished orders (closed or canceled) of the last 30 days (GET /v3/{market}/order/history).

        :param str symbol: unified symbol, or None
        :param int since: ms
        :param int limit: orders wanted after filtering
        :param dict params: as fetch_orders
        :returns list: unified orders with status 'closed' or 'canceled'
        """
        orders = yield from subflow(self, "fetch_orders", symbol, since, limit, params)
        return [o for o in orders if o["status"] in ("closed", "canceled")]

    @unified
    def fetch_order_trades(
        self,
        id: str,
        symbol: str | None = None,
        since: int | None = None,
        limit: int | None = None,
        params: dict[str, Any] | None = None,
    ) -> Flow:
        """Fills of one order (GET /v3/{market}/order/detail).

        `detail` comes as one object (reference) or as a list of fills (live): both parse.

        :param str id: order id
        :param str symbol: unified symbol (optional)
        :param int since: ms, filtered client-side
        :param int limit: filtered client-side
        :param dict params: 'marginMode' / 'margin' / 'type' for margin orders
        :returns list: unified trades with `order` set
        """
        yield LoadMarkets()
        market = self.checked_market(symbol) if symbol is not None else None  # type: ignore[attr-defined]
        kind, params = self._market_kind(params, market)  # type: ignore[attr-defined]
        response = yield from self._call(f"{kind}/order/detail", {"order_id": str(id), **params})  # type: ignore[attr-defined]
        data = response.get("data") or {}
        if isinstance(data, list):
            data = data[0] if data else {}
        detail = data.get("detail")
        fills = detail if isinstance(detail, list) else ([detail] if isinstance(detail, dict) and detail else [])
        if market is None:
            market = self.market_by_any_id(data.get("symbol"))  # type: ignore[attr-defined]
        symbol_out = market["symbol"] if market else self.symbol_for_id(data.get("symbol"))  # type: ignore[attr-defined]
        order_type, side = spec.ORDER_TYPES.get(str(data.get("type", "")).lower(), (None, None))
        trades = []
        for fill in fills:
            date = fill.get("date")
            timestamp = int(float(date) * 1000) if date is not None else None
            trades.append(
                self._unified_trade(
                    fill,
                    market,
                    trade_id=self.safe_string(fill, "tid"),  # type: ignore[attr-defined]
                    order_id=self.safe_string(fill, "order_id") or self.safe_string(data, "order_id") or str(id),  # type: ignore[attr-defined]
                    timestamp=timestamp,
                    symbol=symbol_out,
                    order_type=order_type,
                    side=side,
                    price=self.safe_string(fill, "executed_price"),  # type: ignore[attr-defined]
                    amount=self.safe_string(fill, "executed_amount"),  # type: ignore[attr-defined]
                )
            )
        trades = self.sort_by(trades, "timestamp")  # type: ignore[attr-defined]
        return self.filter_by_since_limit(trades, since, limit)  # type: ignore[attr-defined]

    @unified
    @ccxt_for_contracts("symbol")
    def fetch_my_trades(
        self, symbol: str | None = None, since: int | None = None, limit: int | None = None, params: dict[str, Any] | None = None
    ) -> Flow:
        """Our fills of the last 30 days (GET /v3/{market}/mytrades).

        :param str symbol: unified symbol, or None
        :param int since: ms (start_time)
        :param int limit: 1..500 (server default 50)
        :param dict params: 'until' (ms, end_time), 'marginMode' / 'margin' / 'type'
        :returns list: unified trades, oldest first
        """
        params = dict(params or {})
        until = params.pop("until", None)
        limit = check_limit(limit, spec.MY_TRADES_LIMIT_MAX, "my trades")
        since, until = self._history_window(since, until, "my trades")
        yield LoadMarkets()
        market = self.checked_market(symbol) if symbol is not None else None  # type: ignore[attr-defined]
        kind, params = self._market_kind(params, market)  # type: ignore[attr-defined]
        request: dict[str, Any] = {}
        if market:
            request["symbol"] = self.wire_id(market)  # type: ignore[attr-defined]
        if limit is not None:
            request["limit"] = limit
        if since is not None:
            request["start_time"] = since // 1000
        if until is not None:
            request["end_time"] = until // 1000
        response = yield from self._call(f"{kind}/mytrades", {**request, **params})  # type: ignore[attr-defined]
        rows = response.get("list") or response.get("data") or []
        return self.parse_trades(rows, market, since, limit)  # type: ignore[attr-defined]
