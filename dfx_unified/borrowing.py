"""Margin borrowing: cross borrow rates and the interest-bearing part of positions.

DigiFinex margin is cross margin. `margin/currencies` (public) lists the borrowable
currencies and, per currency, daily loan fee tiers (`margin_fees`: level, range of
days, loan_fees); `margin/positions` lists open positions. Neither carries loan
balances or accrued interest: what is computed from them is said per method.
"""

from __future__ import annotations

from typing import Any

from ccxt.base import errors as ccxt_errors
from ccxt.base.precise import Precise

from . import spec
from .flow import Flow, Gather, LoadMarkets, unified

DAY_MS = 86_400_000


class BorrowingMixin:
    options: dict[str, Any]

    def _borrow_rates(self, response: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any] | None]]:
        """{code: (daily rate text, the tier row it comes from)} for every borrowable
        currency: the lowest level's loan_fees (the rate of a new loan), or
        options['crossBorrowRate'] (ccxt's figure, 0.1% a day) when the answer lists
        no tier for the currency."""
        tiers: dict[str, dict[str, Any]] = {}
        for row in response.get("margin_fees") or []:
            code = self.safe_currency_code(row.get("currency_mark"))  # type: ignore[attr-defined]
            level = self.safe_integer(row, "level")  # type: ignore[attr-defined]
            if self.safe_string(row, "loan_fees") is None or level is None:  # type: ignore[attr-defined]
                continue
            current = tiers.get(code)
            if current is None or level < int(current["level"]):
                tiers[code] = row
        default = str(self.options.get("crossBorrowRate", "0.001"))
        rates: dict[str, tuple[str, dict[str, Any] | None]] = {}
        for currency_id in response.get("currencys") or []:
            code = self.safe_currency_code(currency_id)  # type: ignore[attr-defined]
            row = tiers.get(code)
            rates[code] = (self.safe_string(row, "loan_fees") if row else default, row)  # type: ignore[attr-defined]
        return rates

    def _borrow_rate(self, code: str, rate: str, row: dict[str, Any] | None) -> dict[str, Any]:
        return {
            "currency": code,
            "rate": self.parse_number(rate),  # type: ignore[attr-defined]
            "period": DAY_MS,
            "timestamp": None,
            "datetime": None,
            "info": row,
        }

    @unified
    def fetch_cross_borrow_rates(self, params: dict[str, Any] | None = None) -> Flow:
        """Daily borrow rates of every borrowable currency (GET /v3/margin/currencies).

        The rate is the first tier's `loan_fees` (a loan's first days; later days may
        cost more: every tier is in margin/currencies). A currency listed without tiers
        gets options['crossBorrowRate'] (ccxt's flat 0.1% a day).

        :param dict params: extra request parameters
        :returns dict: {code: borrow rate structure}, period one day
        """
        response = yield from self._call("margin/currencies", params)  # type: ignore[attr-defined]
        return {code: self._borrow_rate(code, rate, row) for code, (rate, row) in self._borrow_rates(response).items()}

    @unified
    def fetch_cross_borrow_rate(self, code: str, params: dict[str, Any] | None = None) -> Flow:
        """Daily borrow rate of one currency (GET /v3/margin/currencies).

        :param str code: unified currency code
        :param dict params: extra request parameters
        :returns dict: a borrow rate structure; BadRequest for a currency margin does not lend
        """
        if not isinstance(code, str) or not code:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} fetch_cross_borrow_rate needs a currency code, got {code!r}")
        response = yield from self._call("margin/currencies", params)  # type: ignore[attr-defined]
        rates = self._borrow_rates(response)
        if code not in rates:
            raise ccxt_errors.BadRequest(
                f"{spec.EXCHANGE_ID} {code} cannot be borrowed on margin; borrowable: {', '.join(sorted(rates)) or 'none'}"
            )
        rate, row = rates[code]
        return self._borrow_rate(code, rate, row)

    @unified
    def fetch_borrow_interest(
        self,
        code: str | None = None,
        symbol: str | None = None,
        since: int | None = None,
        limit: int | None = None,
        params: dict[str, Any] | None = None,
    ) -> Flow:
        """What open margin positions borrow (GET /v3/margin/positions and /v3/margin/currencies).

        The answers carry no loan balance and no accrued interest (`interest` is None).
        `amountBorrowed` is worked out from each position: a long one borrows quote,
        amount x entry price x (1 - 1/leverage) (its own margin pays the rest); a short
        one borrows its whole base amount. `interestRate` is the currency's daily rate
        as fetch_cross_borrow_rate gives it.

        :param str code: unified currency code to keep, or None
        :param str symbol: unified symbol of one pair, or None for all
        :param int since: ms, filtered client-side (positions carry no time: kept only when None)
        :param int limit: filtered client-side
        :param dict params: extra request parameters
        :returns list: borrow interest structures (marginMode 'cross')
        """
        yield LoadMarkets()
        request: dict[str, Any] = {}
        if symbol is not None:
            request["symbol"] = self.wire_id(self.checked_market(symbol))  # type: ignore[attr-defined]
        positions, currencies = yield Gather(
            (
                self._call("margin/positions", {**request, **(params or {})}),  # type: ignore[attr-defined]
                self._call("margin/currencies"),  # type: ignore[attr-defined]
            )
        )
        rates = self._borrow_rates(currencies)
        result = []
        for row in positions.get("positions") or []:
            entry = self._borrowed(row, rates)
            if entry is not None:
                result.append(entry)
        return self.filter_by_currency_since_limit(result, code, since, limit)  # type: ignore[attr-defined]

    def _borrowed(self, row: dict[str, Any], rates: dict[str, tuple[str, dict[str, Any] | None]]) -> dict[str, Any] | None:
        market = self.market_by_any_id(row.get("symbol"))  # type: ignore[attr-defined]
        side = str(row.get("side") or "").lower()
        amount = self.safe_string(row, "amount")  # type: ignore[attr-defined]
        if market is None or amount is None or side not in ("long", "go_long", "short", "go_short"):
            return None
        if side in ("long", "go_long"):
            entry = self.safe_string(row, "entry_price")  # type: ignore[attr-defined]
            leverage = self.safe_string(row, "leverage_ratio")  # type: ignore[attr-defined]
            if entry is None or leverage is None or not Precise.string_gt(leverage, "0"):
                return None
            notional = Precise.string_mul(amount, entry)
            borrowed = Precise.string_sub(notional, Precise.string_div(notional, leverage))
            currency = market["quote"]
        else:
            borrowed = amount
            currency = market["base"]
        rate = rates.get(currency)
        return {
            "info": row,
            "symbol": market["symbol"],
            "currency": currency,
            "interest": None,
            "interestRate": self.parse_number(rate[0]) if rate else None,  # type: ignore[attr-defined]
            "amountBorrowed": self.parse_number(borrowed),  # type: ignore[attr-defined]
            "marginMode": "cross",
            "timestamp": None,
            "datetime": None,
        }
