"""Orders: create (single and batch), cancel, fetch, order trades and my trades.

Requests are validated and built here before anything is sent (money stays exact:
strings rounded to the market's precision, arithmetic with Precise). Order creation
goes through `_call_once`: never re-sent, and reconciled against the open and recent
orders when the answer is lost.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from decimal import Decimal, InvalidOperation
from typing import Any

from ccxt.base import errors as ccxt_errors
from ccxt.base.decimal_to_precision import number_to_string
from ccxt.base.precise import Precise

from . import fastpath, spec
from .flow import Flow, Gather, LoadMarkets, subflow, unified
from .market_data import check_limit

# Order ids per order/cancel request. The endpoint documents no maximum; 20 is the
# documented maximum of its sibling GET {market}/order, which keeps URLs and bodies
# small and a failure's blast radius bounded.
CANCEL_IDS_PER_REQUEST = 20
# order statuses that mean "cancelled" (3: no fill, 4: partly filled), from the table
CANCELLED_STATUS_IDS = frozenset(k for k, v in spec.ORDER_STATUSES.items() if v == "canceled")
# How many order ids an exchange object remembers as "already returned" (reconcile
# must never hand back an order the caller already has).
KNOWN_IDS_MAX = 2000
# A reconciled order may carry a created_date a little before our request second:
# clocks differ and created_date is truncated to whole seconds.
RECONCILE_SLACK_SECONDS = 2
# Reconcile reads history from this far before the request (the brief's 10 s).
RECONCILE_HISTORY_SECONDS = 10
DAY_MS = 24 * 3600 * 1000


def positive_amount(value: Any, what: str, error: type[Exception] = ccxt_errors.InvalidOrder) -> str:
    """`value` as a plain decimal string if it is a finite number > 0; `error` otherwise.

    Accepts int, float, Decimal and numeric strings; refuses bools, None, NaN,
    infinities, zero, negatives and text that is not a number.
    """
    if value is None or isinstance(value, bool):
        raise error(f"{spec.EXCHANGE_ID} {what} must be a positive number, got {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise error(f"{spec.EXCHANGE_ID} {what} must be a finite number, got {value!r}")
        text = number_to_string(value)
    elif isinstance(value, (int, Decimal, str)):
        text = str(value).strip()
    else:
        raise error(f"{spec.EXCHANGE_ID} {what} must be a number, got {type(value).__name__} {value!r}")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise error(f"{spec.EXCHANGE_ID} {what} must be a number, got {value!r}") from None
    if not number.is_finite():
        raise error(f"{spec.EXCHANGE_ID} {what} must be a finite number, got {value!r}")
    if number <= 0:
        raise error(f"{spec.EXCHANGE_ID} {what} must be greater than 0, got {value!r}")
    return format(number, "f")


def _string_or_none(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return number_to_string(value)
    return str(value)


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


class OrdersMixin:
    options: dict[str, Any]

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

    # ------------------------------------------------------------ request building
    def _order_request(
        self,
        symbol: str,
        type: str,
        side: str,
        amount: Any,
        price: Any = None,
        params: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Validate one order and build its request (pure; markets must be loaded).

        Returns {'market', 'kind', 'request' (symbol, type, amount, price, post_only
        in that order, then the caller's extra params), 'type', 'side', 'amount',
        'price', 'cost', 'postOnly'}; raises before anything is sent.
        """
        params = dict(params or {})
        order_type = str(type).lower() if isinstance(type, str) else type
        order_side = str(side).lower() if isinstance(side, str) else side
        if order_type not in ("limit", "market"):
            raise ccxt_errors.InvalidOrder(f"{spec.EXCHANGE_ID} order type must be 'limit' or 'market', got {type!r}")
        if order_side not in ("buy", "sell"):
            raise ccxt_errors.InvalidOrder(f"{spec.EXCHANGE_ID} order side must be 'buy' or 'sell', got {side!r}")
        market = self.checked_market(symbol)  # type: ignore[attr-defined]
        if market.get("active") is False:
            raise ccxt_errors.BadSymbol(
                f"{spec.EXCHANGE_ID} {market['symbol']} does not allow API trading (no API trading: trades/symbols is_allow=0)"
            )
        allowed = market.get("orderTypes")
        if allowed is not None and order_type not in allowed:
            raise ccxt_errors.InvalidOrder(
                f"{spec.EXCHANGE_ID} {market['symbol']} accepts only {', '.join(allowed)} orders, not {order_type}"
            )
        kind, params = self._market_kind(params, market)  # type: ignore[attr-defined]
        if kind == "margin" and market.get("margin") is False:
            raise ccxt_errors.BadSymbol(f"{spec.EXCHANGE_ID} {market['symbol']} is not a margin pair")
        post_only = bool(params.pop("postOnly", False))
        time_in_force = params.pop("timeInForce", None)
        if time_in_force is not None:
            tif = str(time_in_force).upper()
            if tif == "PO":
                post_only = True
            elif tif != "GTC":
                raise ccxt_errors.InvalidOrder(
                    f"{spec.EXCHANGE_ID} supports timeInForce 'GTC' or 'PO' only, got {time_in_force!r}"
                )
        if post_only and order_type == "market":
            raise ccxt_errors.InvalidOrder(f"{spec.EXCHANGE_ID} a market order cannot be post-only")
        cost_param = params.pop("cost", None)
        symbol = market["symbol"]
        limits = market.get("limits") or {}
        min_amount = _string_or_none((limits.get("amount") or {}).get("min"))
        min_cost = _string_or_none((limits.get("cost") or {}).get("min"))
        amount_text: str | None = None
        price_text: str | None = None
        cost_text: str | None = None
        if order_type == "market" and order_side == "buy":
            # the wire amount of a market buy is the quote currency to spend
            if cost_param is not None:
                cost_raw = positive_amount(cost_param, "cost")
            else:
                amount_raw = positive_amount(amount, "amount")
                if self.options.get("createMarketBuyOrderRequiresPrice", True):
                    if price is None:
                        raise ccxt_errors.InvalidOrder(
                            f"{spec.EXCHANGE_ID} a market buy spends quote currency: pass price so that "
                            "cost = amount * price, or params={'cost': ...}, or set "
                            "options['createMarketBuyOrderRequiresPrice'] = False to pass the cost as amount"
                        )
                    cost_raw = Precise.string_mul(amount_raw, positive_amount(price, "price"))
                else:
                    cost_raw = amount_raw
            cost_text = self.cost_to_precision(symbol, cost_raw)  # type: ignore[attr-defined]
            if cost_text is None or not Precise.string_gt(cost_text, "0"):
                raise ccxt_errors.InvalidOrder(f"{spec.EXCHANGE_ID} cost {cost_raw} of {symbol} rounds to 0")
            wire_amount = cost_text
        else:
            amount_raw = positive_amount(amount, "amount")
            amount_text = self.amount_to_precision(symbol, amount_raw)  # type: ignore[attr-defined]
            if order_type == "limit":
                if price is None:
                    raise ccxt_errors.ArgumentsRequired(f"{spec.EXCHANGE_ID} a limit order requires a price")
                price_text = self.price_to_precision(symbol, positive_amount(price, "price"))  # type: ignore[attr-defined]
            wire_amount = str(amount_text)
            if min_amount is not None and Precise.string_lt(wire_amount, min_amount):
                raise ccxt_errors.InvalidOrder(
                    f"{spec.EXCHANGE_ID} amount {wire_amount} of {symbol} is below the minimum amount {min_amount}"
                )
            if price_text is not None:
                cost_text = Precise.string_mul(wire_amount, price_text)
        if min_cost is not None and cost_text is not None and Precise.string_lt(cost_text, min_cost):
            raise ccxt_errors.InvalidOrder(
                f"{spec.EXCHANGE_ID} cost {cost_text} of {symbol} is below the minimum cost {min_cost}"
            )
        request: dict[str, Any] = {
            "symbol": market["lowercaseId"],
            "type": spec.ORDER_TYPE_IDS[(order_type, order_side)],
            "amount": wire_amount,
        }
        if price_text is not None:
            request["price"] = price_text
        if post_only:
            request["post_only"] = 1
        request.update(params)
        return {
            "market": market,
            "kind": kind,
            "request": request,
            "type": order_type,
            "side": order_side,
            "amount": amount_text,
            "price": price_text,
            "cost": cost_text,
            "postOnly": post_only,
        }

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
                "status": "open",
                "postOnly": built["postOnly"],
                "timeInForce": "PO" if built["postOnly"] else ("IOC" if is_market else "GTC"),
                "fee": None,
                "trades": [],
                "info": info,
            },
            built["market"],
        )

    # ------------------------------------------------------------ reconcile
    def _recent_order_rows(self, kind: str, market: dict[str, Any], sent_s: int, checked: list[str]) -> Flow:
        symbol_id = market["lowercaseId"]
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
            quote to spend), 'marginMode' / 'margin' / 'type' to trade on margin
        :returns dict: a unified order (status 'open')
        """
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
        return self._placed_order(order_id, built, sent_ms, response)

    @unified
    def create_market_buy_order_with_cost(self, symbol: str, cost: float, params: dict[str, Any] | None = None) -> Flow:
        """Market buy spending `cost` of the quote currency (POST /v3/{market}/order/new).

        :param str symbol: unified symbol
        :param float cost: quote currency to spend
        :param dict params: as create_order
        :returns dict: a unified order
        """
        return (yield from subflow(self, "create_order", symbol, "market", "buy", cost, None, {**(params or {}), "cost": cost}))

    @unified
    def create_orders(self, orders: list[dict[str, Any]], params: dict[str, Any] | None = None) -> Flow:
        """Create up to 10 orders of one symbol at once, all or nothing.

        POST /v3/{market}/order/batch_new (never re-sent; reconciled if the answer is lost).

        :param list orders: [{'symbol', 'type', 'side', 'amount', 'price', 'params'}]
        :param dict params: 'split' (bool): send a longer or mixed-symbol list as several
            batches in order, stopping at the first failure; plus params for every order
        :returns list: unified orders, in the order given
        """
        params = dict(params or {})
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
                placed.extend((yield from self._send_batch(batch)))
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
            "symbol": first["market"]["lowercaseId"],
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

    # ------------------------------------------------------------ cancel
    def _cancel_chunk(self, kind: str, ids: list[str], params: dict[str, Any]) -> Flow:
        sent: list[float] = []
        path = f"{kind}/order/cancel"
        response = yield from self._call(path, {"order_id": ",".join(ids), **params}, "POST", sent)  # type: ignore[attr-defined]
        refused = [str(i) for i in (response.get("error") or [])]
        if len(sent) < 2 or not refused:
            return response
        # A resent cancel: an id refused now may be one the lost first attempt
        # cancelled. Ask the exchange; a cancelled order counts as a success.
        try:
            rows = yield from self._call(f"{kind}/order", {"order_id": ",".join(refused)})  # type: ignore[attr-defined]
        except ccxt_errors.OrderNotFound:
            return response
        cancelled = {
            str(row.get("order_id")) for row in rows.get("data") or [] if str(row.get("status")) in CANCELLED_STATUS_IDS
        }
        return {
            **response,
            "success": [*(response.get("success") or []), *(i for i in refused if i in cancelled)],
            "error": [i for i in refused if i not in cancelled],
            "resent": len(sent),
        }

    def _cancel_results(
        self, ids: list[str], responses: list[dict[str, Any]], market: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        succeeded: set[str] = set()
        failed: set[str] = set()
        for response in responses:
            succeeded.update(str(i) for i in (response.get("success") or []))
            failed.update(str(i) for i in (response.get("error") or []))
        info = responses[0] if len(responses) == 1 else {"responses": responses}
        result = []
        for order_id in ids:
            if order_id in succeeded:
                status, note = "canceled", None
            elif order_id in failed:
                status, note = None, "cancel failed: the exchange listed this id under 'error'"
            else:
                status, note = None, "cancel outcome unknown: the id is in neither 'success' nor 'error'"
            order_info = dict(info) if note is None else {**info, "cancel": note}
            result.append(
                self.safe_order(  # type: ignore[attr-defined]
                    {
                        "id": order_id,
                        "clientOrderId": None,
                        "symbol": market["symbol"] if market else None,
                        "status": status,
                        "info": order_info,
                    },
                    market,
                )
            )
        return result

    @unified
    def cancel_order(self, id: str, symbol: str | None = None, params: dict[str, Any] | None = None) -> Flow:
        """Cancel one order (POST /v3/{market}/order/cancel).

        :param str id: order id
        :param str symbol: unified symbol (optional, only fills the result's symbol)
        :param dict params: 'marginMode' / 'margin' / 'type' for margin orders
        :returns dict: a unified order with status 'canceled'; OrderNotFound if refused
        """
        results = yield from subflow(self, "cancel_orders", [id], symbol, params)
        if results[0]["status"] != "canceled":
            raise ccxt_errors.OrderNotFound(
                f"{spec.EXCHANGE_ID} cancel_order {id}: not canceled (unknown, already finished or canceled)"
            )
        return results[0]

    @unified
    def cancel_orders(self, ids: list[str], symbol: str | None = None, params: dict[str, Any] | None = None) -> Flow:
        """Cancel several orders (POST /v3/{market}/order/cancel, comma-separated ids,
        CANCEL_IDS_PER_REQUEST per request).

        :param list ids: order ids
        :param str symbol: unified symbol (optional)
        :param dict params: 'marginMode' / 'margin' / 'type' for margin orders
        :returns list: one unified order per id: status 'canceled', or None with
            info['cancel'] saying why when the exchange did not cancel it
        """
        if not isinstance(ids, (list, tuple)) or not ids or not all(isinstance(i, (str, int)) and str(i) for i in ids):
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} cancel_orders needs a non-empty list of order ids")
        market = None
        if symbol is not None:
            yield LoadMarkets()
            market = self.checked_market(symbol)  # type: ignore[attr-defined]
        kind, params = self._market_kind(params, market)  # type: ignore[attr-defined]
        id_list = [str(i) for i in ids]
        chunks = [id_list[i : i + CANCEL_IDS_PER_REQUEST] for i in range(0, len(id_list), CANCEL_IDS_PER_REQUEST)]
        if len(chunks) == 1:
            responses = [(yield from self._cancel_chunk(kind, chunks[0], params))]
        else:
            responses = yield Gather(tuple(self._cancel_chunk(kind, chunk, params) for chunk in chunks))
        return self._cancel_results(id_list, responses, market)

    @unified
    def cancel_all_orders(self, symbol: str | None = None, params: dict[str, Any] | None = None) -> Flow:
        """Cancel every open order of a symbol (or of all symbols).

        GET /v3/{market}/order/current, then POST /v3/{market}/order/cancel with up to
        CANCEL_IDS_PER_REQUEST (20) ids per request.

        :param str symbol: unified symbol, or None for every pair
        :param dict params: 'marginMode' / 'margin' / 'type' for margin orders
        :returns list: unified orders as cancel_orders returns them ([] when none is open)
        """
        open_orders = yield from subflow(self, "fetch_open_orders", symbol, None, None, params)
        ids = [o["id"] for o in open_orders if o.get("id")]
        if not ids:
            return []
        return (yield from subflow(self, "cancel_orders", ids, symbol, params))

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
        request: dict[str, Any] = {"symbol": market["lowercaseId"]} if market else {}
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
            request["symbol"] = market["lowercaseId"]
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
            request["symbol"] = market["lowercaseId"]
        if limit is not None:
            request["limit"] = limit
        if since is not None:
            request["start_time"] = since // 1000
        if until is not None:
            request["end_time"] = until // 1000
        response = yield from self._call(f"{kind}/mytrades", {**request, **params})  # type: ignore[attr-defined]
        rows = response.get("list") or response.get("data") or []
        return self.parse_trades(rows, market, since, limit)  # type: ignore[attr-defined]

    # ------------------------------------------------------------ parsing
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
                "fee": None,
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
        if self.number is not float:  # type: ignore[attr-defined]
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
            "fee": None,
            "trades": [],
            "info": order,
            "fees": [],
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
