"""Order creation: create_order, create_market_buy_order_with_cost, create_orders.

A placement goes through `_call_once`: never re-sent, and reconciled against the open
and recent orders when the answer is lost (`_reconcile_orders`). The ids already
handed back are remembered, so that reconcile never returns an order twice.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from ccxt.base import errors as ccxt_errors
from ccxt.base.precise import Precise

from .. import spec
from ..flow import Flow, Gather, LoadMarkets, ccxt_for_contracts, subflow, unified
from .parsing import OrderParsingMixin, unknown_fee
from .validation import OrderRequestMixin

# How many order ids an exchange object remembers as "already returned" (reconcile
# must never hand back an order the caller already has).
KNOWN_IDS_MAX = 2000
# A reconciled order may carry a created_date a little before our request second:
# clocks differ and created_date is truncated to whole seconds.
RECONCILE_SLACK_SECONDS = 2
# Reconcile reads history from this far before the request (the brief's 10 s).
RECONCILE_HISTORY_SECONDS = 10


def _first_order_symbol(arguments: dict[str, Any]) -> Any:
    """create_orders' market: the first order's symbol (ccxt routes a batch by it)."""
    orders = arguments.get("orders")
    first = orders[0] if isinstance(orders, list) and orders else None
    return first.get("symbol") if isinstance(first, dict) else None


class OrderCreateMixin(OrderRequestMixin, OrderParsingMixin):
    # ------------------------------------------------------------ bookkeeping
    def _known_order_ids(self) -> OrderedDict[str, None]:
        known: OrderedDict[str, None] | None = self.__dict__.get("_dfx_known_order_ids")
        if known is None:
            known = OrderedDict()
            self.__dict__["_dfx_known_order_ids"] = known
        return known

    def _remember_order_ids(self, ids: list[str]) -> None:
        known = self._known_order_ids()
        for order_id in ids:
            if order_id:
                known[str(order_id)] = None
                known.move_to_end(str(order_id))
        while len(known) > KNOWN_IDS_MAX:
            known.popitem(last=False)

    # ------------------------------------------------------------ placed orders
    def _placed_order(self, order_id: str, built: dict[str, Any], timestamp: int, info: Any) -> dict[str, Any]:
        """The unified order for what we just sent (the exchange answers only an id)."""
        is_market = built["type"] == "market"
        market_buy = is_market and built["side"] == "buy"
        return self.safe_order(  # type: ignore[attr-defined, no-any-return]
            {
                "id": str(order_id),
                "clientOrderId": None,
                "timestamp": timestamp,
                "datetime": self.iso8601(timestamp),  # type: ignore[attr-defined]
                "lastTradeTimestamp": None,
                "symbol": built["market"]["symbol"],
                "type": built["type"],
                "side": built["side"],
                "price": built["price"],
                "amount": built["amount"],
                # a market buy spends this much quote; otherwise nothing is known yet
                "cost": built["cost"] if market_buy else None,
                "average": None,
                # the answer carries only an id: fills so far are unknown, not zero
                "filled": None,
                "remaining": None,
                # order/new answers only an id: a market order may have filled, a
                # post-only one been refused; the state is not known (ccxt says None too)
                "status": None,
                "postOnly": built["postOnly"],
                "timeInForce": "PO" if built["postOnly"] else ("IOC" if is_market else "GTC"),
                "fee": unknown_fee(),
                "trades": [],
                "info": info,
            },
            built["market"],
        )

    # ------------------------------------------------------------ reconcile
    def _recent_order_rows(self, kind: str, market: dict[str, Any], sent_s: int, checked: list[str]) -> Flow:
        symbol_id = self.wire_id(market)  # type: ignore[attr-defined]
        current, history = yield Gather(
            (
                self._call(f"{kind}/order/current", {"symbol": symbol_id}),  # type: ignore[attr-defined]
                self._call(  # type: ignore[attr-defined]
                    f"{kind}/order/history",
                    {"symbol": symbol_id, "start_time": sent_s - RECONCILE_HISTORY_SECONDS},
                ),
            )
        )
        rows: dict[str, dict[str, Any]] = {}
        current_rows = (current or {}).get("data") or []
        history_rows = (history or {}).get("data") or []
        for row in list(current_rows) + list(history_rows):
            order_id = row.get("order_id")
            if order_id and str(order_id) not in rows:
                rows[str(order_id)] = row
        checked.append(
            f"{kind}/order/current and {kind}/order/history of {symbol_id} since {sent_s - RECONCILE_HISTORY_SECONDS}: "
            f"{len(current_rows)} + {len(history_rows)} rows"
        )
        return rows

    def _row_matches(self, row: dict[str, Any], request: dict[str, Any], sent_s: int) -> bool:
        if str(row.get("symbol", "")).lower() != str(request["symbol"]).lower():
            return False
        if str(row.get("type", "")).lower() != request["type"]:
            return False
        if str(row.get("order_id")) in self._known_order_ids():
            return False
        created = row.get("created_date")
        try:
            if created is None or int(float(created)) < sent_s - RECONCILE_SLACK_SECONDS:
                return False
        except (TypeError, ValueError):
            return False
        amounts = [self.safe_string(row, key) for key in ("amount", "cash_amount")]  # type: ignore[attr-defined]
        if request["type"] != "buy_market":
            amounts = amounts[:1]  # cash_amount is meaningful for market buys only
        if not any(a is not None and Precise.string_eq(a, request["amount"]) for a in amounts):
            return False
        if "price" in request:
            row_price = self.safe_string(row, "price")  # type: ignore[attr-defined]
            if row_price is None or not Precise.string_eq(row_price, request["price"]):
                return False
        return True

    def _reconcile_orders(self, built_list: list[dict[str, Any]], sent_s: int) -> Any:
        """Reconcile factory for order/new and batch_new: finds every sent order or None."""

        def reconcile(checked: list[str]) -> Flow:
            first = built_list[0]
            rows = yield from self._recent_order_rows(first["kind"], first["market"], sent_s, checked)
            taken: set[str] = set()
            found: list[dict[str, Any]] = []
            for index, built in enumerate(built_list):
                matches = [
                    row
                    for order_id, row in rows.items()
                    if order_id not in taken and self._row_matches(row, built["request"], sent_s)
                ]
                if len(matches) != 1:
                    checked.append(
                        f"order {index} ({built['request']['type']} {built['request']['amount']}"
                        f" @ {built['request'].get('price', 'market')}): {len(matches)} matching rows"
                    )
                    return None
                taken.add(str(matches[0]["order_id"]))
                found.append(self.parse_order(matches[0], first["market"]))
            checked.append(f"found {', '.join(o['id'] for o in found)}")
            self._remember_order_ids([o["id"] for o in found])
            return found

        return reconcile

    # ------------------------------------------------------------ create
    @unified
    @ccxt_for_contracts("symbol")
    def create_order(
        self,
        symbol: str,
        type: str,
        side: str,
        amount: float,
        price: float | None = None,
        params: dict[str, Any] | None = None,
    ) -> Flow:
        """Create a limit or market order, spot or margin.

        POST /v3/{market}/order/new (never re-sent; reconciled if the answer is lost).

        :param str symbol: unified symbol, e.g. 'BTC/USDT'
        :param str type: 'limit' or 'market'
        :param str side: 'buy' or 'sell'
        :param float amount: base amount (for a market buy see options['createMarketBuyOrderRequiresPrice'])
        :param float price: limit price; for a market buy, cost = amount * price
        :param dict params: 'postOnly' (bool), 'timeInForce' ('GTC' | 'PO'), 'cost' (market buy:
            quote to spend), 'marginMode' / 'margin' / 'type' to trade on margin,
            'createMarketBuyOrderRequiresPrice' and 'fetchOrderAfterCreate' (override the
            options of the same names for this call; never sent)
        :returns dict: a unified order. order/new answers only an id, so status,
            filled and remaining are None (a market order may have filled at once, a
            post-only one been refused) unless options['fetchOrderAfterCreate'] is True:
            then the order is read back (one GET {market}/order, weight 2) and returned
            as the exchange lists it
        """
        fetch_after, params = self.handle_option_bool_and_params(  # type: ignore[attr-defined]
            dict(params or {}), "createOrder", "fetchOrderAfterCreate", False
        )
        yield LoadMarkets()
        built = self._order_request(symbol, type, side, amount, price, params)
        kind = built["kind"]
        sent_ms = self.milliseconds()  # type: ignore[attr-defined]
        sent_s = self._server_seconds()  # type: ignore[attr-defined]
        response = yield from self._call_once(  # type: ignore[attr-defined]
            f"{kind}/order/new",
            built["request"],
            reconcile=self._reconcile_orders([built], sent_s),
            what="create_order",
        )
        if isinstance(response, list):  # reconciled: the order as the exchange lists it
            return response[0]
        order_id = str(response.get("order_id"))
        self._remember_order_ids([order_id])
        placed = self._placed_order(order_id, built, sent_ms, response)
        if fetch_after:
            return (yield from self._read_back([placed], kind))[0]
        return placed

    def _read_back(self, placed: list[dict[str, Any]], kind: str) -> Flow:
        """The just-placed orders as the exchange lists them (status, fills); an order
        it does not list (yet) stays as placed."""
        listed = yield from subflow(self, "fetch_orders_by_ids", [o["id"] for o in placed], None, {"type": kind})
        by_id = {order["id"]: order for order in listed}
        return [by_id.get(order["id"], order) for order in placed]

    @unified
    def create_market_buy_order_with_cost(self, symbol: str, cost: float, params: dict[str, Any] | None = None) -> Flow:
        """Market buy spending `cost` of the quote currency (POST /v3/{market}/order/new).

        :param str symbol: unified symbol
        :param float cost: quote currency to spend
        :param dict params: as create_order
        :returns dict: a unified order
        """
        yield LoadMarkets()
        self.checked_market(symbol)  # type: ignore[attr-defined]  # spot pairs only: a swap "cost" is no size
        return (yield from subflow(self, "create_order", symbol, "market", "buy", cost, None, {**(params or {}), "cost": cost}))

    @unified
    @ccxt_for_contracts(_first_order_symbol)
    def create_orders(self, orders: list[dict[str, Any]], params: dict[str, Any] | None = None) -> Flow:
        """Create up to 10 orders of one symbol at once, all or nothing.

        POST /v3/{market}/order/batch_new (never re-sent; reconciled if the answer is lost).

        :param list orders: [{'symbol', 'type', 'side', 'amount', 'price', 'params'}]
        :param dict params: 'split' (bool): send a longer or mixed-symbol list as several
            batches in order, stopping at the first failure; 'fetchOrderAfterCreate' as
            create_order; plus params for every order
        :returns list: unified orders, in the order given
        """
        fetch_after, params = self.handle_option_bool_and_params(  # type: ignore[attr-defined]
            dict(params or {}), "createOrders", "fetchOrderAfterCreate", False
        )
        split = bool(params.pop("split", False))
        if not isinstance(orders, list) or not orders:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} create_orders needs a non-empty list of orders")
        yield LoadMarkets()
        built_list: list[dict[str, Any]] = []
        for index, order in enumerate(orders):
            if not isinstance(order, dict):
                raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} create_orders: order {index} is not a dict")
            try:
                built_list.append(
                    self._order_request(
                        order.get("symbol"),  # type: ignore[arg-type]
                        order.get("type"),  # type: ignore[arg-type]
                        order.get("side"),  # type: ignore[arg-type]
                        order.get("amount"),
                        order.get("price"),
                        {**params, **(order.get("params") or {})},
                    )
                )
            except ccxt_errors.BaseError as error:
                raise type(error)(f"{error} (create_orders: order {index})") from error
        batches: list[list[dict[str, Any]]] = []
        for built in built_list:
            last = batches[-1] if batches else None
            same = (
                last is not None
                and last[0]["market"]["id"] == built["market"]["id"]
                and last[0]["kind"] == built["kind"]
                and len(last) < spec.BATCH_ORDER_MAX
            )
            if same:
                last.append(built)  # type: ignore[union-attr]
            else:
                batches.append([built])
        if len(batches) > 1 and not split:
            raise ccxt_errors.BadRequest(
                f"{spec.EXCHANGE_ID} batch_new takes at most {spec.BATCH_ORDER_MAX} orders of one symbol and one "
                f"market type; got {len(built_list)} orders in {len(batches)} groups. Pass params={{'split': True}} "
                "to send them as several batches"
            )
        placed: list[dict[str, Any]] = []
        for number, batch in enumerate(batches):
            try:
                sent = yield from self._send_batch(batch)
                if fetch_after:
                    sent = yield from self._read_back(sent, batch[0]["kind"])
                placed.extend(sent)
            except Exception as error:
                if not placed and number == 0:
                    raise
                landed = ", ".join(o["id"] for o in placed)
                note = (
                    f"; create_orders stopped at batch {number + 1} of {len(batches)}: orders 0-{len(placed) - 1} "
                    f"landed ({landed}), orders {len(placed)}-{len(built_list) - 1} were not placed"
                )
                try:
                    wrapped = type(error)(f"{error}{note}")
                except Exception:
                    raise error from None
                wrapped.landed = placed  # type: ignore[attr-defined]
                for attribute in ("code", "checked"):
                    if hasattr(error, attribute):
                        setattr(wrapped, attribute, getattr(error, attribute))
                raise wrapped from error
        return placed

    def _send_batch(self, batch: list[dict[str, Any]]) -> Flow:
        first = batch[0]
        entries = []
        extra: dict[str, Any] = {}
        for built in batch:
            request = built["request"]
            entry: dict[str, Any] = {"type": request["type"], "amount": request["amount"]}
            if "price" in request:
                entry["price"] = request["price"]
            entry["post_only"] = int(request.get("post_only", 0))
            entries.append(entry)
            extra.update({k: v for k, v in request.items() if k not in ("symbol", "type", "amount", "price", "post_only")})
        body = {
            "symbol": self.wire_id(first["market"]),  # type: ignore[attr-defined]
            "list": json.dumps(entries, separators=(",", ":")),
            **extra,
        }
        sent_ms = self.milliseconds()  # type: ignore[attr-defined]
        sent_s = self._server_seconds()  # type: ignore[attr-defined]
        response = yield from self._call_once(  # type: ignore[attr-defined]
            f"{first['kind']}/order/batch_new",
            body,
            reconcile=self._reconcile_orders(batch, sent_s),
            what="create_orders",
        )
        if isinstance(response, list):
            return response
        ids = [str(i) for i in (response.get("order_ids") or [])]
        if len(ids) != len(batch):
            raise ccxt_errors.BadResponse(
                f"{spec.EXCHANGE_ID} batch_new answered {len(ids)} ids for {len(batch)} orders: {response}"
            )
        self._remember_order_ids(ids)
        return [self._placed_order(order_id, built, sent_ms, response) for order_id, built in zip(ids, batch, strict=True)]
