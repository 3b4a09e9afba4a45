"""GuardMixin: the trading-rules guard plugged into the adapter's request pipeline.

It hooks `_call`, `_before_request` and `_after_response` (placements, cancels and
order reads feed the tracker; a placement is judged before it is sent), reads the
'tradingRulesGuard*' options on every request, and offers trading_rules_figures.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ccxt.base import errors as ccxt_errors

from .. import errors, spec
from ..core import outcome_unknown
from ..flow import Flow
from .indicators import BAN_CODES, ZERO, Amount, to_decimal
from .tracker import DEFAULT_MARGIN, DEFAULT_MODE, DEFAULT_SLACK, TradingRulesGuard

# ---------------------------------------------------------------- adapter hooks
_PLACE = frozenset(f"{k}/order/new" for k in spec.MARKET_KINDS)
_BATCH = frozenset(f"{k}/order/batch_new" for k in spec.MARKET_KINDS)
_CLOSE = frozenset({"margin/position/close"})
_CANCEL = frozenset(f"{k}/order/cancel" for k in spec.MARKET_KINDS)
_READS = frozenset(f"{k}/order{s}" for k in spec.MARKET_KINDS for s in ("", "/current", "/history", "/detail"))
_PLACEMENTS = _PLACE | _BATCH | _CLOSE


def _placement_amounts(path: str, params: Mapping[str, Any]) -> list[Amount]:
    """Base amounts of the orders a placement request carries (None: market buy)."""
    if path in _CLOSE:
        # no amount in the request: the order only counts (worst case, zero base)
        return [None]
    if path in _BATCH:
        try:
            rows = json.loads(str(params.get("list") or "[]"))
        except ValueError:
            rows = None
        if not isinstance(rows, list) or not rows:
            return [None]  # the server refuses it; judged as one order meanwhile
        return [_row_amount(row) for row in rows]
    return [_row_amount(params)]


def _row_amount(row: Any) -> Amount:
    if not isinstance(row, Mapping) or str(row.get("type")) == "buy_market":
        return None
    return to_decimal(row.get("amount"))


class GuardMixin:
    """Feeds the request pipeline to a TradingRulesGuard (first base of DigifinexUnified).

    Options (read on every request, defaults here): 'tradingRulesGuard' 'off' | 'warn'
    | 'block', 'tradingRulesGuardMargin' (orders), 'tradingRulesGuardSlack' (seconds),
    'tradingRulesGuardCallback' (callable(symbol, figures, reason)).
    """

    options: dict[str, Any]
    apiKey: str

    def _guard(self, strict: bool = False) -> TradingRulesGuard:
        """The guard, configured from the options of the moment.

        A bad option value raises BadRequest only when `strict` (before a placement):
        reads and cancels are never stopped by it, and keep feeding the tracker.
        """
        guard: TradingRulesGuard | None = self.__dict__.get("_trading_rules_guard")
        if guard is None:
            guard = TradingRulesGuard(self._guard_now)
            self.__dict__["_trading_rules_guard"] = guard
            self.__dict__["_guard_calls"] = {}
        options = self.options
        margin = options.get("tradingRulesGuardMargin")
        slack = options.get("tradingRulesGuardSlack")
        try:
            guard.mode = options.get("tradingRulesGuard") or DEFAULT_MODE
            guard.margin = DEFAULT_MARGIN if margin is None else margin
            guard.slack = DEFAULT_SLACK if slack is None else slack
        except (ccxt_errors.BadRequest, TypeError, ValueError) as error:
            if strict:
                if isinstance(error, ccxt_errors.BadRequest):
                    raise
                raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} trading-rules guard options: {error}") from error
        guard.on_warning = self._guard_warning if options.get("tradingRulesGuardCallback") else None
        return guard

    def _guard_now(self) -> float:
        # the server's time line: the signing clock corrected by timeDifference
        offset = self.options.get("timeDifference") or 0
        return (self.milliseconds() - offset) / 1000  # type: ignore[attr-defined, no-any-return]

    def _guard_key(self) -> str:
        return str(self.apiKey or "")

    def _guard_warning(self, symbol_id: str, figures: dict[str, Any], reason: str) -> None:
        callback = self.options.get("tradingRulesGuardCallback")
        if callback is not None:
            unified = self.symbol_for_id(symbol_id) or symbol_id  # type: ignore[attr-defined]
            callback(unified, {**figures, "symbol": unified, "id": symbol_id}, reason)

    def _guard_symbol_id(self, symbol: str) -> str:
        markets = getattr(self, "markets", None) or {}
        if symbol in markets:
            return str(markets[symbol]["id"]).upper()
        return str(symbol).replace("/", "_").upper()

    # ------------------------------------------------------------ pipeline hooks
    def _call(
        self, path: str, params: dict[str, Any] | None = None, method: str = "GET", sent: list[float] | None = None
    ) -> Flow:
        if path not in _PLACEMENTS and path not in _CANCEL:
            return (yield from super()._call(path, params, method, sent))  # type: ignore[misc]
        # one dict object for the whole call: its id() ties the hooks of one call together
        params = {} if params is None else params
        try:
            return (yield from super()._call(path, params, method, sent))  # type: ignore[misc]
        except Exception as error:
            if path in _PLACEMENTS:
                self._guard_failed(path, params, error)
            raise
        finally:
            entry = self.__dict__.get("_guard_calls", {}).pop(id(params), None)
            if entry is not None:
                self._guard().release(entry[0])

    def _before_request(self, path: str, params: dict[str, Any]) -> None:
        super()._before_request(path, params)  # type: ignore[misc]
        if path not in _PLACEMENTS and path not in _CANCEL:
            return
        guard = self._guard(strict=path in _PLACEMENTS)
        calls: dict[int, tuple[int, float]] = self.__dict__["_guard_calls"]
        previous = calls.pop(id(params), None)
        if previous is not None:  # re-sent after a clock resync: judged again
            guard.release(previous[0])
        if path in _CANCEL:
            calls[id(params)] = (0, self._guard_now())
            return
        symbol = str(params.get("symbol") or "")
        amounts = _placement_amounts(path, params)
        if path not in _CLOSE:  # the exchange does not refuse position closes on these rules
            guard.admit(self._guard_key(), symbol, len(amounts), amounts)
        calls[id(params)] = (guard.begin(self._guard_key(), symbol, amounts), self._guard_now())

    def _after_response(self, path: str, params: dict[str, Any], response: Any) -> None:
        super()._after_response(path, params, response)  # type: ignore[misc]
        if not isinstance(response, Mapping):
            return
        if path in _READS:
            rows = response.get("data")
            rows = [rows] if isinstance(rows, Mapping) else rows
            if isinstance(rows, list):
                self._guard().order_rows(self._guard_key(), rows)
            return
        if path not in _PLACEMENTS and path not in _CANCEL:
            return
        guard = self._guard()
        entry = self.__dict__["_guard_calls"].pop(id(params), None)
        key = self._guard_key()
        if path in _CANCEL:
            success = response.get("success")
            if isinstance(success, list):
                guard.cancelled(key, [str(i) for i in success], entry[1] if entry else None)
            return
        token = entry[0] if entry else None
        symbol = str(params.get("symbol") or "")
        amounts = _placement_amounts(path, params)
        ids = response.get("order_ids") if path in _BATCH else [response.get("order_id")]
        if path in _CLOSE or not isinstance(ids, list) or len(ids) != len(amounts) or None in ids:
            # no ids to follow, or ids that cannot be matched to amounts: count the
            # orders as the worst case, each with the batch's largest amount
            largest = max((to_decimal(a) or ZERO for a in amounts), default=ZERO)
            count = len(ids) if isinstance(ids, list) and ids and path not in _CLOSE else len(amounts)
            guard.placed(key, symbol, [None] * count, [largest] * count, token=token, worst=True)
            return
        guard.placed(key, symbol, [str(i) for i in ids], amounts, token=token)

    def _guard_failed(self, path: str, params: dict[str, Any], error: Exception) -> None:
        code = errors.error_code(error)
        guard = self._guard()
        key = self._guard_key()
        if code in BAN_CODES:
            guard.ban(key, int(code))  # type: ignore[arg-type]
        elif outcome_unknown(error):
            # the orders may exist: count them, worst case, without ids to follow
            entry = self.__dict__["_guard_calls"].pop(id(params), None)
            amounts = _placement_amounts(path, params)
            worst = [to_decimal(a) or ZERO for a in amounts]
            guard.placed(
                key, str(params.get("symbol") or ""), [None] * len(worst), worst, token=entry[0] if entry else None, worst=True
            )

    # ------------------------------------------------------------ public
    def trading_rules_figures(self, symbol: str | None = None) -> dict[str, Any]:
        """The guard's view of the trading-rule indicators (no request is sent).

        With a symbol: that symbol's figures (TradingRulesGuard.figures, plus 'symbol'
        unified and 'id'). Without: every tracked symbol's figures by unified symbol.
        """
        guard = self._guard()
        key = self._guard_key()
        ids = [self._guard_symbol_id(symbol)] if symbol is not None else guard.symbols(key)
        out: dict[str, Any] = {}
        for symbol_id in ids:
            unified = symbol if symbol is not None else (self.symbol_for_id(symbol_id) or symbol_id)  # type: ignore[attr-defined]
            out[unified] = {**guard.figures(key, symbol_id), "symbol": unified, "id": symbol_id}
        return out[symbol] if symbol is not None else out
