"""Order requests: one order validated and built before anything is sent (pure, no I/O).

`positive_amount` checks a number the caller gave; `OrderRequestMixin._order_request`
validates one order against its loaded market and builds its wire request. Money
stays exact: strings rounded to the market's precision, arithmetic with Precise.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from ccxt.base import errors as ccxt_errors
from ccxt.base.decimal_to_precision import number_to_string
from ccxt.base.precise import Precise

from .. import spec


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


class OrderRequestMixin:
    options: dict[str, Any]

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
        # ccxt reads this from params first, then options (and never sends it)
        requires_price, params = self.handle_option_bool_and_params(  # type: ignore[attr-defined]
            params, "createOrder", "createMarketBuyOrderRequiresPrice", True
        )
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
                if requires_price:
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
            "symbol": self.wire_id(market),  # type: ignore[attr-defined]
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
