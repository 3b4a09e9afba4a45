"""Account: balances, ledger (financelog), margin positions, position close, transfers."""

from __future__ import annotations

from typing import Any

from ccxt.base import errors as ccxt_errors
from ccxt.base.decimal_to_precision import TRUNCATE
from ccxt.base.precise import Precise

from . import errors, spec
from .flow import Flow, LoadMarkets, ccxt_for_contracts, gives_way_to_ccxt, unified
from .market_data import check_limit
from .orders import RECONCILE_SLACK_SECONDS, positive_amount

# financelog `type` of a transfer between accounts (spec.LEDGER_TYPES)
TRANSFER_LEDGER_TYPE = str(spec.LedgerCode.TRANSFER.value)
# margin/positions `side` words, documented and seen live (known-quirks)
POSITION_SIDES: dict[str, str] = {"long": "long", "go_long": "long", "short": "short", "go_short": "short"}


def _number_string(value: Any) -> str | None:
    """A JSON number or a numeric string (margin and finance fields come as both)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    text = str(value).strip()
    try:
        float(text)
    except ValueError:
        return None
    return text


class AccountMixin:
    options: dict[str, Any]

    # ------------------------------------------------------------ helpers
    def _currency_id(self, code: str) -> str:
        """The exchange's currency id (lowercase) for a unified code, known or not."""
        currencies = self.currencies or {}  # type: ignore[attr-defined]
        currency = currencies.get(code)
        if currency is not None and currency.get("id"):
            return str(currency["id"]).lower()
        # a code we do not know (or a commonCurrencies alias) goes out as given
        reverse = {v: k for k, v in (self.commonCurrencies or {}).items()}  # type: ignore[attr-defined]
        return str(reverse.get(code, code)).lower()

    def _currency_mark(self, code: str) -> str:
        """The currency as `currency_mark` parameters spell it: uppercase, as every
        `currency_mark` in the reference is (`"currency_mark": "USDT"`), where the
        `currency` parameters of deposit/withdraw are lowercase (`currency=btc`)."""
        return self._currency_id(code).upper()

    def _currency_amount(self, code: str, amount: Any, what: str, error: type[Exception]) -> str:
        """Validated amount as a string, truncated to the currency's precision if known."""
        text = positive_amount(amount, what, error)
        currency = (self.currencies or {}).get(code) or {}  # type: ignore[attr-defined]
        precision = currency.get("precision")
        if precision is not None:
            text = self.decimal_to_precision(text, TRUNCATE, precision, self.precisionMode)  # type: ignore[attr-defined]
            if not Precise.string_gt(text, "0"):
                raise error(f"{spec.EXCHANGE_ID} {what} {amount} of {code} is below the currency precision {precision}")
        return text

    # ------------------------------------------------------------ balance
    @unified
    @ccxt_for_contracts(None)
    def fetch_balance(self, params: dict[str, Any] | None = None) -> Flow:
        """Spot (default) or margin balances.

        GET /v3/spot/assets or /v3/margin/assets.

        :param dict params: 'marginMode' / 'margin' / 'type': 'margin' for the margin account
        :returns dict: a unified balance (used = total - free); `info` is the
            answer's list of rows, as ccxt gives it
        """
        kind, params = self._market_kind(params)  # type: ignore[attr-defined]
        response = yield from self._call(f"{kind}/assets", params)  # type: ignore[attr-defined]
        return self.parse_balance(response.get("list") or [])

    @gives_way_to_ccxt
    def parse_balance(self, response: Any) -> dict[str, Any]:
        """Balances from the rows of spot/assets or margin/assets (`list`)."""
        result: dict[str, Any] = {"info": response}
        for row in response or []:
            code = self.safe_currency_code(row.get("currency"))  # type: ignore[attr-defined]
            free = _number_string(row.get("free"))
            total = _number_string(row.get("total"))
            used = Precise.string_sub(total, free) if free is not None and total is not None else None
            result[code] = {"free": free, "used": used, "total": total}
        return self.safe_balance(result)  # type: ignore[attr-defined, no-any-return]

    # ------------------------------------------------------------ ledger
    @unified
    @ccxt_for_contracts(None)
    def fetch_ledger(
        self, code: str | None = None, since: int | None = None, limit: int | None = None, params: dict[str, Any] | None = None
    ) -> Flow:
        """Account movements (GET /v3/{market}/financelog: spot, margin or otc).

        :param str code: unified currency code (currency_mark), or None for all
        :param int since: ms (start_time)
        :param int limit: 1..1000 (server default 100)
        :param dict params: 'until' (ms, end_time); 'type': 'spot' | 'margin' | 'otc'
            (or 'marginMode' / 'margin' for margin)
        :returns list: unified ledger entries, oldest first
        """
        params = dict(params or {})
        until = params.pop("until", None)
        limit = check_limit(limit, spec.FINANCELOG_LIMIT_MAX, "ledger")
        if params.get("type") == "otc":
            params.pop("type")
            kind = "otc"
        else:
            kind, params = self._market_kind(params)  # type: ignore[attr-defined]
        yield LoadMarkets()
        request: dict[str, Any] = {}
        if code is not None:
            request["currency_mark"] = self._currency_mark(code)
        if since is not None:
            request["start_time"] = int(since) // 1000
        if until is not None:
            request["end_time"] = int(until) // 1000
        if limit is not None:
            request["limit"] = limit
        response = yield from self._call(f"{kind}/financelog", {**request, **params})  # type: ignore[attr-defined]
        rows = self._ledger_rows(response)
        entries = [self.parse_ledger_entry(dict(row, _account=kind)) for row in rows]
        entries = self.sort_by(entries, "timestamp")  # type: ignore[attr-defined]
        return self.filter_by_currency_since_limit(entries, code, since, limit)  # type: ignore[attr-defined]

    @staticmethod
    def _ledger_rows(response: dict[str, Any]) -> list[dict[str, Any]]:
        # documented: data.finance; also seen: data as the list, or list at top level
        data = response.get("data")
        if isinstance(data, dict):
            return list(data.get("finance") or data.get("list") or [])
        if isinstance(data, list):
            return data
        return list(response.get("list") or response.get("finance") or [])

    @gives_way_to_ccxt
    def parse_ledger_entry(self, item: dict[str, Any], currency: dict[str, Any] | None = None) -> dict[str, Any]:
        account = item.pop("_account", None)
        raw_type = item.get("type")
        # codes not in the table keep their raw code: nothing is silently relabelled
        entry_type = spec.LEDGER_TYPES.get(str(raw_type), None if raw_type is None else str(raw_type))
        num = _number_string(item.get("num"))
        direction = None
        amount = None
        if num is not None:
            if Precise.string_gt(num, "0"):
                direction = "in"
            elif Precise.string_lt(num, "0"):
                direction = "out"
            amount = Precise.string_abs(num)
        after = _number_string(item.get("balance"))
        before = Precise.string_sub(after, num) if after is not None and num is not None else None
        timestamp = self.safe_timestamp(item, "time")  # type: ignore[attr-defined]
        code = self.safe_currency_code(item.get("currency_mark"))  # type: ignore[attr-defined]
        return self.safe_ledger_entry(  # type: ignore[attr-defined, no-any-return]
            {
                "info": item,
                "id": self.safe_string(item, "id"),  # type: ignore[attr-defined]
                "timestamp": timestamp,
                "datetime": self.iso8601(timestamp),  # type: ignore[attr-defined]
                "direction": direction,
                "account": account,
                "referenceId": None,
                "referenceAccount": None,
                "type": entry_type,
                "currency": code,
                "amount": self.parse_number(amount),  # type: ignore[attr-defined]
                "before": self.parse_number(before),  # type: ignore[attr-defined]
                "after": self.parse_number(after),  # type: ignore[attr-defined]
                "status": "ok",
                "fee": None,
            },
            {"code": code} if code else currency,
        )

    # ------------------------------------------------------------ positions
    @unified
    @ccxt_for_contracts("symbols")
    def fetch_positions(self, symbols: list[str] | None = None, params: dict[str, Any] | None = None) -> Flow:
        """Margin positions (GET /v3/margin/positions).

        :param list symbols: unified symbols to keep, or None for all
        :param dict params: extra request parameters
        :returns list: unified positions (marginMode 'cross'); the account's margin,
            margin_rate and unrealized_pnl are in info['envelope']
        """
        params = dict(params or {})
        yield LoadMarkets()
        wanted = None
        request: dict[str, Any] = {}
        if symbols is not None:
            markets = [self.checked_market(s) for s in symbols]  # type: ignore[attr-defined]
            wanted = {m["symbol"] for m in markets}
            if len(markets) == 1:
                request["symbol"] = self.wire_id(markets[0])  # type: ignore[attr-defined]
        response = yield from self._call("margin/positions", {**request, **params})  # type: ignore[attr-defined]
        positions = self.parse_positions_response(response, "symbol" in request)
        return [p for p in positions if wanted is None or p["symbol"] in wanted]

    @unified
    @ccxt_for_contracts("symbol")
    def fetch_position(self, symbol: str, params: dict[str, Any] | None = None) -> Flow:
        """The margin position of one pair (GET /v3/margin/positions?symbol=).

        :param str symbol: unified symbol
        :param dict params: extra request parameters
        :returns dict: a unified position; a flat one (contracts 0, side None) when the
            exchange lists none for the pair
        """
        yield LoadMarkets()
        market = self.checked_market(symbol)  # type: ignore[attr-defined]
        response = yield from self._call("margin/positions", {"symbol": self.wire_id(market), **(params or {})})  # type: ignore[attr-defined]
        for position in self.parse_positions_response(response, one_pair=True):
            if position["symbol"] == market["symbol"]:
                return position
        return self.parse_position({"symbol": market["id"], "side": "", "amount": "0"}, market, response)

    def parse_positions_response(self, response: dict[str, Any], one_pair: bool = False) -> list[dict[str, Any]]:
        """Positions of a margin/positions answer; `one_pair`: the request named one
        pair, so the envelope (margin, margin_rate) is that position's."""
        envelope = {**response, "envelope_is_own": one_pair}
        return [self.parse_position(row, None, envelope) for row in response.get("positions") or []]

    @gives_way_to_ccxt
    def parse_position(
        self, position: dict[str, Any], market: dict[str, Any] | None = None, envelope: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """A margin/positions row. The answer carries no mark price: `notional` is at
        the entry price (amount x entry_price), `initialMargin` = notional / leverage,
        `percentage` = unrealized PnL / initial margin x 100. `collateral` and
        `marginRatio` come from the answer's envelope when it is about this pair alone
        (`envelope_is_own`); the account-wide envelope stays in info['envelope']."""
        market_id = position.get("symbol")
        market = self.market_by_any_id(market_id) or market  # type: ignore[attr-defined]
        symbol = market["symbol"] if market else self.symbol_for_id(market_id)  # type: ignore[attr-defined]
        side = POSITION_SIDES.get(str(position.get("side") or "").lower())
        envelope = envelope or {}
        info = dict(position)
        info["envelope"] = {key: envelope.get(key) for key in ("margin", "margin_rate", "unrealized_pnl")}
        contracts = _number_string(position.get("amount"))
        entry = _number_string(position.get("entry_price"))
        leverage = _number_string(position.get("leverage_ratio"))
        pnl = _number_string(position.get("unrealized_pnl"))
        notional = Precise.string_mul(contracts, entry) if contracts is not None and entry is not None else None
        initial = None
        if notional is not None and leverage is not None and Precise.string_gt(leverage, "0"):
            initial = Precise.string_div(notional, leverage)
        percentage = None
        if initial is not None and pnl is not None and Precise.string_gt(initial, "0"):
            percentage = Precise.string_mul(Precise.string_div(pnl, initial), "100")
        own = bool(envelope.get("envelope_is_own"))
        number = self.parse_number  # type: ignore[attr-defined]
        return self.safe_position(  # type: ignore[attr-defined, no-any-return]
            {
                "info": info,
                "id": None,
                "symbol": symbol,
                "timestamp": None,
                "datetime": None,
                "lastUpdateTimestamp": None,
                "initialMargin": number(initial),
                "initialMarginPercentage": None,
                "maintenanceMargin": None,
                "maintenanceMarginPercentage": None,
                "entryPrice": number(entry),
                "notional": number(notional),
                "leverage": number(leverage),
                "unrealizedPnl": number(pnl),
                "realizedPnl": None,
                "contracts": number(contracts),
                "contractSize": 1.0,
                "marginRatio": number(_number_string(envelope.get("margin_rate"))) if own else None,
                "liquidationPrice": number(_number_string(position.get("liquidation_price"))),
                "markPrice": None,
                "lastPrice": None,
                "collateral": number(_number_string(envelope.get("margin"))) if own else None,
                "marginMode": "cross",
                "side": side,
                "hedged": False,
                "percentage": number(percentage),
                "stopLossPrice": None,
                "takeProfitPrice": None,
            }
        )

    @unified
    def close_position(self, symbol: str, side: str | None = None, params: dict[str, Any] | None = None) -> Flow:
        """Close the margin position of a pair at market price (POST /v3/margin/position/close).

        Never re-sent; if the answer is lost, margin/positions tells whether it closed.

        :param str symbol: unified symbol
        :param str side: unused (one position per pair); kept for ccxt's signature
        :param dict params: extra request parameters
        :returns dict: an order-like dict (id None: the exchange answers no order id)
        """
        yield LoadMarkets()
        market = self.checked_market(symbol)  # type: ignore[attr-defined]
        request = {"symbol": self.wire_id(market), **(params or {})}  # type: ignore[attr-defined]
        sent_ms = self.milliseconds()  # type: ignore[attr-defined]

        def reconcile(checked: list[str]) -> Flow:
            response = yield from self._call("margin/positions", {"symbol": self.wire_id(market)})  # type: ignore[attr-defined]
            open_rows = [
                row
                for row in response.get("positions") or []
                if str(row.get("symbol", "")).upper() == market["id"]
                and POSITION_SIDES.get(str(row.get("side") or "").lower())
                and Precise.string_gt(_number_string(row.get("amount")) or "0", "0")
            ]
            checked.append(f"margin/positions {self.wire_id(market)}: {len(open_rows)} open")  # type: ignore[attr-defined]
            return {"code": 0, "reconciled": response} if not open_rows else None

        try:
            response = yield from self._call_once(  # type: ignore[attr-defined]
                "margin/position/close", request, reconcile=reconcile, what="close_position"
            )
        except ccxt_errors.BadRequest as error:
            if errors.error_code(error) == 20030:
                raise ccxt_errors.BadRequest(
                    f"{spec.EXCHANGE_ID} close_position: there is no open margin position on {market['symbol']} ({error})"
                ) from error
            raise
        return self.safe_order(  # type: ignore[attr-defined, no-any-return]
            {
                "id": None,
                "clientOrderId": None,
                "timestamp": sent_ms,
                "datetime": self.iso8601(sent_ms),  # type: ignore[attr-defined]
                "symbol": market["symbol"],
                "type": "market",
                "side": None,
                "status": None,
                "reduceOnly": True,
                "info": response,
            },
            market,
        )

    # ------------------------------------------------------------ transfer
    def _account_id(self, account: Any, what: str) -> tuple[str, str]:
        """(name, id) of an account given by name ('spot') or id ('1' / 1)."""
        accounts = {str(k).lower(): str(v) for k, v in (self.options.get("accountsByType") or {}).items()}
        text = str(account).lower() if account is not None else ""
        if text in accounts:
            return text, accounts[text]
        for name, account_id in accounts.items():
            if text == account_id:
                return name, account_id
        raise ccxt_errors.BadRequest(
            f"{spec.EXCHANGE_ID} transfer {what} account {account!r} is not one of {', '.join(accounts)}"
        )

    @unified
    def transfer(
        self, code: str, amount: float, from_account: str, to_account: str, params: dict[str, Any] | None = None
    ) -> Flow:
        """Move funds between the spot, margin and OTC accounts (POST /v3/transfer).

        Never re-sent; if the answer is lost, the source account's financelog is searched
        for the transfer.

        :param str code: unified currency code
        :param float amount: amount to move
        :param str from_account: 'spot', 'margin' or 'otc' (options['accountsByType'])
        :param str to_account: 'spot', 'margin' or 'otc'
        :param dict params: extra request parameters
        :returns dict: a unified transfer (status 'ok')
        """
        from_name, from_id = self._account_id(from_account, "from")
        to_name, to_id = self._account_id(to_account, "to")
        if from_id == to_id:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} transfer from {from_name} to itself")
        if (from_id, to_id) in spec.UNSUPPORTED_TRANSFERS:
            raise ccxt_errors.BadRequest(
                f"{spec.EXCHANGE_ID} transfers between {from_name} and {to_name} are not available on DigiFinex"
            )
        if not isinstance(code, str) or not code:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} transfer needs a currency code, got {code!r}")
        positive_amount(amount, "transfer amount", ccxt_errors.BadRequest)
        yield LoadMarkets()
        amount_text = self._currency_amount(code, amount, "transfer amount", ccxt_errors.BadRequest)
        currency_mark = self._currency_mark(code)
        request = {"currency_mark": currency_mark, "num": amount_text, "from": from_id, "to": to_id, **(params or {})}
        sent_ms = self.milliseconds()  # type: ignore[attr-defined]
        sent_s = self._server_seconds()  # type: ignore[attr-defined]

        def reconcile(checked: list[str]) -> Flow:
            since_s = sent_s - RECONCILE_SLACK_SECONDS
            response = yield from self._call(  # type: ignore[attr-defined]
                f"{from_name}/financelog", {"currency_mark": currency_mark, "start_time": since_s}
            )
            rows = self._ledger_rows(response)
            matches = [
                row
                for row in rows
                if str(row.get("type")) == TRANSFER_LEDGER_TYPE
                and str(row.get("currency_mark", "")).upper() == currency_mark
                and _number_string(row.get("num")) is not None
                and Precise.string_eq(Precise.string_abs(_number_string(row.get("num"))), amount_text)
                and int(float(row.get("time") or 0)) >= since_s
            ]
            checked.append(
                f"{from_name}/financelog {currency_mark} since {since_s}: {len(rows)} rows, "
                f"{len(matches)} transfers of {amount_text}"
            )
            return {"code": 0, "reconciled": matches[0]} if len(matches) == 1 else None

        response = yield from self._call_once("transfer", request, reconcile=reconcile, what="transfer")  # type: ignore[attr-defined]
        return {
            "info": response,
            "id": None,
            "timestamp": sent_ms,
            "datetime": self.iso8601(sent_ms),  # type: ignore[attr-defined]
            "currency": code,
            "amount": self.parse_number(amount_text),  # type: ignore[attr-defined]
            "fromAccount": from_name,
            "toAccount": to_name,
            "status": "ok",
        }
