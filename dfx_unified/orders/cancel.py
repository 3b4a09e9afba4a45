"""Cancelling orders: cancel_order, cancel_orders, cancel_all_orders.

POST /v3/{market}/order/cancel with comma-separated ids, CANCEL_IDS_PER_REQUEST a
request (several gathered); a resent cancel asks the exchange about the ids it refused.
"""

from __future__ import annotations

from typing import Any

from ccxt.base import errors as ccxt_errors

from .. import spec
from ..flow import Flow, Gather, LoadMarkets, ccxt_for_contracts, subflow, unified

# Order ids per order/cancel request. The endpoint documents no maximum; 20 is the
# documented maximum of its sibling GET {market}/order, which keeps URLs and bodies
# small and a failure's blast radius bounded.
CANCEL_IDS_PER_REQUEST = 20
# order statuses that mean "cancelled" (3: no fill, 4: partly filled), from the table
CANCELLED_STATUS_IDS = frozenset(k for k, v in spec.ORDER_STATUSES.items() if v == "canceled")


class OrderCancelMixin:
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
        result = []
        for order_id in ids:
            # ccxt's shape: info is the id; an id the exchange refused is 'failed'
            if order_id in succeeded:
                status = "canceled"
            elif order_id in failed:
                status = "failed"
            else:  # in neither list: the outcome is unknown, not claimed
                status = None
            result.append(
                self.safe_order(  # type: ignore[attr-defined]
                    {
                        "id": order_id,
                        "clientOrderId": None,
                        "symbol": market["symbol"] if market else None,
                        "status": status,
                        "info": order_id,
                    },
                    market,
                )
            )
        return result

    @unified
    @ccxt_for_contracts("symbol")
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
    @ccxt_for_contracts("symbol")
    def cancel_orders(self, ids: list[str], symbol: str | None = None, params: dict[str, Any] | None = None) -> Flow:
        """Cancel several orders (POST /v3/{market}/order/cancel, comma-separated ids,
        CANCEL_IDS_PER_REQUEST per request).

        :param list ids: order ids
        :param str symbol: unified symbol (optional)
        :param dict params: 'marginMode' / 'margin' / 'type' for margin orders
        :returns list: one unified order per id, in the order given: status 'canceled',
            'failed' when the exchange listed the id under `error` (ccxt's word), or None
            when the answer names it in neither list
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
