"""Funding: deposit addresses, deposit and withdrawal history, withdraw, cancel.

These endpoints answer `code: 200` on success (handled in errors.py). History dates
are zone-less strings, read in options['historyTimezone'] (dates.py).
"""

from __future__ import annotations

from typing import Any

from ccxt.base import errors as ccxt_errors
from ccxt.base.precise import Precise

from . import spec
from .dates import parse_history_date
from .flow import Flow, LoadMarkets, gives_way_to_ccxt, unified
from .market_data import check_limit
from .orders import RECONCILE_SLACK_SECONDS

# deposit/withdraw history pages (size 1..500) read when `since` asks for older rows;
# the endpoint pages by id, not by time, so this bounds how far back we walk.
HISTORY_MAX_PAGES = 20
# rows of withdraw/history read (newest first) when reconciling a lost withdraw/new
WITHDRAW_RECONCILE_ROWS = 50


class FundingMixin:
    options: dict[str, Any]

    # ------------------------------------------------------------ addresses
    def _deposit_address_rows(self, code: str, params: dict[str, Any]) -> Flow:
        yield LoadMarkets()
        request = {"currency": self._currency_id(code), **params}  # type: ignore[attr-defined]
        response = yield from self._call("deposit/address", request)  # type: ignore[attr-defined]
        return list(response.get("data") or [])

    @unified
    def fetch_deposit_address(self, code: str, params: dict[str, Any] | None = None) -> Flow:
        """The deposit address of a currency on one network (GET /v3/deposit/address).

        :param str code: unified currency code
        :param dict params: 'network': unified network code (e.g. 'TRC20'); without
            it, the coin's own chain (empty chain) or else the first row
        :returns dict: a unified deposit address
        """
        params = dict(params or {})
        network = params.pop("network", None)
        rows = yield from self._deposit_address_rows(code, params)
        if not rows:
            raise ccxt_errors.InvalidAddress(f"{spec.EXCHANGE_ID} has no deposit address for {code}; create one on the website")
        if network is None:
            row = next((r for r in rows if not r.get("chain")), rows[0])
            return self.parse_deposit_address(row)
        chain = self.chain_for_network(network, code)  # type: ignore[attr-defined]
        for row in rows:
            if str(row.get("chain") or "").upper() == str(chain).upper():
                return self.parse_deposit_address(row)
        available = ", ".join(self.network_code_for_chain(r.get("chain"), code) for r in rows)  # type: ignore[attr-defined]
        raise ccxt_errors.InvalidAddress(
            f"{spec.EXCHANGE_ID} has no {code} deposit address on network {network} (chain {chain or 'native'}); "
            f"available: {available}"
        )

    @unified
    def fetch_deposit_addresses_by_network(self, code: str, params: dict[str, Any] | None = None) -> Flow:
        """Deposit addresses of a currency on every chain (GET /v3/deposit/address).

        :param str code: unified currency code
        :param dict params: extra request parameters
        :returns dict: {network code: unified deposit address}
        """
        rows = yield from self._deposit_address_rows(code, dict(params or {}))
        result: dict[str, Any] = {}
        for row in rows:
            address = self.parse_deposit_address(row)
            result[address["network"]] = address
        return result

    @gives_way_to_ccxt
    def parse_deposit_address(self, deposit_address: dict[str, Any], currency: dict[str, Any] | None = None) -> dict[str, Any]:
        code = self.safe_currency_code(deposit_address.get("currency"), currency)  # type: ignore[attr-defined]
        address = deposit_address.get("address") or None
        return {
            "info": deposit_address,
            "currency": code,
            "network": self.network_code_for_chain(deposit_address.get("chain"), code),  # type: ignore[attr-defined]
            "address": address,
            "tag": deposit_address.get("addressTag") or deposit_address.get("memo") or None,
        }

    # ------------------------------------------------------------ history
    def _transactions(
        self, path: str, kind: str, code: str | None, since: Any, limit: Any, params: dict[str, Any] | None
    ) -> Flow:
        limit = check_limit(limit, spec.TRANSFER_HISTORY_SIZE_MAX, f"{kind} history")
        if since is not None and (isinstance(since, bool) or not isinstance(since, (int, float))):
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} since must be a timestamp in ms, got {since!r}")
        yield LoadMarkets()
        request: dict[str, Any] = {}
        if code is not None:
            request["currency"] = self._currency_id(code)  # type: ignore[attr-defined]
        # newest first: with `since`, walk back until older rows; without, one page
        size = spec.TRANSFER_HISTORY_SIZE_MAX if since is not None else (limit or 100)
        request["size"] = size
        request["direct"] = "next"
        request.update(params or {})
        rows: dict[str, dict[str, Any]] = {}
        zone = self.options.get("historyTimezone")
        for _ in range(HISTORY_MAX_PAGES if since is not None else 1):
            response = yield from self._call(path, request)  # type: ignore[attr-defined]
            page = list(response.get("data") or [])
            fresh = [r for r in page if str(r.get("id")) not in rows]
            for row in fresh:
                rows[str(row.get("id"))] = row
            if since is None or len(page) < size or not fresh:
                break
            times = [parse_history_date(r.get("created_date"), zone) for r in page]
            if any(t is not None and t < since for t in times):
                break
            ids = [int(r["id"]) for r in page if str(r.get("id", "")).isdigit()]
            if not ids:
                break
            # `from` with direct=next starts at that id; repeats are dropped above
            request["from"] = min(ids)
        currency = {"code": code} if code else None
        transactions = [self.parse_transaction(dict(row, _kind=kind), currency) for row in rows.values()]
        transactions = self.sort_by(transactions, "timestamp")  # type: ignore[attr-defined]
        if since is not None:
            transactions = [t for t in transactions if t["timestamp"] is not None and t["timestamp"] >= since]
            return transactions[:limit] if limit is not None else transactions
        return transactions[-limit:] if limit is not None else transactions

    @unified
    def fetch_deposits(
        self, code: str | None = None, since: int | None = None, limit: int | None = None, params: dict[str, Any] | None = None
    ) -> Flow:
        """Deposits, newest pages first (GET /v3/deposit/history, direct=next).

        :param str code: unified currency code, or None for all
        :param int since: ms; pages back until older rows (filtered client-side, the
            endpoint pages by id)
        :param int limit: 1..500
        :param dict params: extra request parameters
        :returns list: unified transactions, oldest first
        """
        return (yield from self._transactions("deposit/history", "deposit", code, since, limit, params))

    @unified
    def fetch_withdrawals(
        self, code: str | None = None, since: int | None = None, limit: int | None = None, params: dict[str, Any] | None = None
    ) -> Flow:
        """Withdrawals, newest pages first (GET /v3/withdraw/history, direct=next).

        :param str code: unified currency code, or None for all
        :param int since: ms; filtered client-side (the endpoint pages by id)
        :param int limit: 1..500
        :param dict params: extra request parameters
        :returns list: unified transactions, oldest first
        """
        return (yield from self._transactions("withdraw/history", "withdrawal", code, since, limit, params))

    @gives_way_to_ccxt
    def parse_transaction(self, transaction: dict[str, Any], currency: dict[str, Any] | None = None) -> dict[str, Any]:
        """A deposit/withdraw history row in either shape (known-quirks): documented
        (hash, int state, finished_date) or live (hashId, word state, update_date)."""
        kind = transaction.pop("_kind", None)
        code = self.safe_currency_code(transaction.get("currency"), currency)  # type: ignore[attr-defined]
        states = spec.WITHDRAWAL_STATES if kind == "withdrawal" else spec.DEPOSIT_STATES
        raw_state = transaction.get("state")
        # an unknown state is reported as None (raw value stays in info), never guessed
        status = states.get(str(raw_state).strip().lower()) if raw_state is not None else None
        zone = self.options.get("historyTimezone")
        timestamp = parse_history_date(transaction.get("created_date"), zone)
        updated = parse_history_date(transaction.get("finished_date") or transaction.get("update_date"), zone)
        fee_cost = self.safe_string(transaction, "fee")  # type: ignore[attr-defined]
        chain = transaction.get("chain")
        address = transaction.get("address") or None
        tag = transaction.get("memo") or transaction.get("addressTag") or None
        return {
            "info": transaction,
            "id": self.safe_string(transaction, "id"),  # type: ignore[attr-defined]
            "txid": transaction.get("hash") or transaction.get("hashId") or None,
            "timestamp": timestamp,
            "datetime": self.iso8601(timestamp),  # type: ignore[attr-defined]
            "network": self.network_code_for_chain(chain, code) if code else None,  # type: ignore[attr-defined]
            "address": address,
            "addressTo": address,
            "addressFrom": None,
            "tag": tag,
            "tagTo": tag,
            "tagFrom": None,
            "type": kind,
            "amount": self.safe_number(transaction, "amount"),  # type: ignore[attr-defined]
            "currency": code,
            "status": status,
            "updated": updated,
            "internal": None,
            "comment": None,
            "fee": {"cost": self.parse_number(fee_cost), "currency": code} if fee_cost is not None else None,  # type: ignore[attr-defined]
        }

    # ------------------------------------------------------------ fees
    @unified
    def fetch_deposit_withdraw_fees(self, codes: list[str] | None = None, params: dict[str, Any] | None = None) -> Flow:
        """Withdrawal fees of every currency, per network (GET /v3/currencies).

        What the answer carries, per chain: a minimum withdrawal fee and a fee rate; the
        fee charged is the larger of the two (min_withdraw_fee, withdraw_fee_rate x
        amount). `withdraw['fee']` is that minimum (`percentage` False); the rate stays
        in `info`. The answer says nothing of deposit fees: `deposit` is None/None.
        The currency-wide `withdraw`/`deposit` are the network's when there is one
        network (or one named like the currency), None otherwise.

        :param list codes: unified currency codes to keep, or None for all
        :param dict params: extra request parameters
        :returns dict: {code: deposit-withdraw fee structure}
        """
        response = yield from self._call("currencies", params)  # type: ignore[attr-defined]
        wanted = None if codes is None else set(codes)
        return self._deposit_withdraw_fees(response.get("data") or [], wanted)

    @unified
    def fetch_deposit_withdraw_fee(self, code: str, params: dict[str, Any] | None = None) -> Flow:
        """Withdrawal fees of one currency, per network (GET /v3/currencies?currency=).

        :param str code: unified currency code
        :param dict params: extra request parameters
        :returns dict: a deposit-withdraw fee structure (see fetch_deposit_withdraw_fees)
        """
        if not isinstance(code, str) or not code:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} fetch_deposit_withdraw_fee needs a currency code, got {code!r}")
        yield LoadMarkets()
        response = yield from self._call("currencies", {"currency": self._currency_id(code), **(params or {})})  # type: ignore[attr-defined]
        fees = self._deposit_withdraw_fees(response.get("data") or [], {code})
        if code not in fees:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} /currencies lists no {code}")
        return fees[code]

    def _deposit_withdraw_fees(self, rows: list[dict[str, Any]], wanted: set[str] | None) -> dict[str, Any]:
        number = self.parse_number  # type: ignore[attr-defined]
        result: dict[str, Any] = {}
        for row in rows:
            code = self.safe_currency_code(row.get("currency"))  # type: ignore[attr-defined]
            if code is None or (wanted is not None and code not in wanted):
                continue
            fee = result.get(code)
            if fee is None:
                fee = result[code] = self.deposit_withdraw_fee([])  # type: ignore[attr-defined]
            fee["info"].append(row)
            minimum = number(self.safe_string(row, "min_withdraw_fee"))  # type: ignore[attr-defined]
            network = self.network_code_for_chain(row.get("chain"), code)  # type: ignore[attr-defined]
            fee["networks"][network] = {
                "withdraw": {"fee": minimum, "percentage": False if minimum is not None else None},
                "deposit": {"fee": None, "percentage": None},
            }
        return {
            code: self.assign_default_deposit_withdraw_fees(fee, {"code": code})  # type: ignore[attr-defined]
            for code, fee in result.items()
        }

    # ------------------------------------------------------------ withdraw
    @unified
    def withdraw(
        self, code: str, amount: float, address: str, tag: str | None = None, params: dict[str, Any] | None = None
    ) -> Flow:
        """Withdraw to a whitelisted address (POST /v3/withdraw/new).

        Never re-sent; if the answer is lost, withdraw/history is searched for it.

        :param str code: unified currency code
        :param float amount: amount to withdraw
        :param str address: whitelisted address (or the recipient uid when internal)
        :param str tag: memo / destination tag
        :param dict params: 'network' (unified network code, mapped to a chain through
            options['networks']), 'chain' (the exchange's chain id), 'internal': True or
            'type': 'internal' for a transfer to another DigiFinex uid
        :returns dict: a unified transaction with id = withdraw_id and status 'pending'
        """
        if isinstance(tag, dict):  # ccxt allows withdraw(code, amount, address, params)
            params, tag = tag, tag.get("tag")
        params = dict(params or {})
        params.pop("tag", None)
        network = params.pop("network", None)
        chain = params.pop("chain", None)
        internal = bool(params.pop("internal", False))
        if params.get("type") == "internal":
            params.pop("type")
            internal = True
        elif "type" in params and params["type"] != "normal":
            raise ccxt_errors.BadRequest(
                f"{spec.EXCHANGE_ID} withdraw type must be 'normal' or 'internal', got {params['type']!r}"
            )
        if not isinstance(address, (str, int)) or not str(address).strip():
            raise ccxt_errors.InvalidAddress(f"{spec.EXCHANGE_ID} withdraw needs an address, got {address!r}")
        if not isinstance(code, str) or not code:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} withdraw needs a currency code, got {code!r}")
        yield LoadMarkets()
        amount_text = self._currency_amount(code, amount, "withdraw amount", ccxt_errors.BadRequest)  # type: ignore[attr-defined]
        if chain is None:
            chain = self.chain_for_network(network, code, strict=True)  # type: ignore[attr-defined]
        currency_id = self._currency_id(code)  # type: ignore[attr-defined]
        address_text = str(address).strip()
        request: dict[str, Any] = {}
        if internal:
            request["type"] = "internal"
        request["currency"] = currency_id
        if chain:
            request["chain"] = chain
        request["address"] = address_text
        request["amount"] = amount_text
        if tag:
            request["memo"] = str(tag)
        request.update(params)
        sent_ms = self.milliseconds()  # type: ignore[attr-defined]
        sent_s = self._server_seconds()  # type: ignore[attr-defined]

        def reconcile(checked: list[str]) -> Flow:
            response = yield from self._call(  # type: ignore[attr-defined]
                "withdraw/history", {"currency": currency_id, "size": WITHDRAW_RECONCILE_ROWS, "direct": "next"}
            )
            rows = list(response.get("data") or [])
            zone = self.options.get("historyTimezone")
            matches = []
            for row in rows:
                created = parse_history_date(row.get("created_date"), zone)
                amount_row = self.safe_string(row, "amount")  # type: ignore[attr-defined]
                if (
                    str(row.get("currency", "")).lower() == currency_id
                    and str(row.get("address", "")) == address_text
                    and amount_row is not None
                    and Precise.string_eq(amount_row, amount_text)
                    and created is not None
                    and created >= (sent_s - RECONCILE_SLACK_SECONDS) * 1000
                ):
                    matches.append(row)
            checked.append(f"withdraw/history {currency_id}: {len(rows)} newest rows, {len(matches)} matching")
            if len(matches) != 1:
                return None
            return {"code": 200, "withdraw_id": matches[0].get("id"), "reconciled": matches[0]}

        response = yield from self._call_once("withdraw/new", request, reconcile=reconcile, what="withdraw")  # type: ignore[attr-defined]
        withdraw_id = response.get("withdraw_id")
        return {
            "info": response,
            "id": None if withdraw_id is None else str(withdraw_id),
            "txid": None,
            "timestamp": sent_ms,
            "datetime": self.iso8601(sent_ms),  # type: ignore[attr-defined]
            "network": self.network_code_for_chain(chain, code) if chain is not None else network,  # type: ignore[attr-defined]
            "address": address_text,
            "addressTo": address_text,
            "addressFrom": None,
            "tag": str(tag) if tag else None,
            "tagTo": str(tag) if tag else None,
            "tagFrom": None,
            "type": "withdrawal",
            "amount": self.parse_number(amount_text),  # type: ignore[attr-defined]
            "currency": code,
            "status": "pending",
            "updated": None,
            "internal": internal,
            "comment": None,
            "fee": None,
        }

    @unified
    def cancel_withdrawal(self, id: str, code: str | None = None, params: dict[str, Any] | None = None) -> Flow:
        """Cancel a pending withdrawal (POST /v3/withdraw/cancel).

        :param str id: withdraw_id
        :param str code: unified currency code (optional, fills the result)
        :param dict params: extra request parameters
        :returns dict: a unified transaction with status 'canceled'
        """
        if id is None or isinstance(id, bool) or not str(id).strip():
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} cancel_withdrawal needs a withdraw id, got {id!r}")
        response = yield from self._call("withdraw/cancel", {"withdraw_id": str(id).strip(), **(params or {})}, "POST")  # type: ignore[attr-defined]
        answered = response.get("withdraw_id")
        return {
            "info": response,
            "id": str(answered if answered is not None else id),
            "txid": None,
            "timestamp": None,
            "datetime": None,
            "network": None,
            "address": None,
            "addressTo": None,
            "addressFrom": None,
            "tag": None,
            "tagTo": None,
            "tagFrom": None,
            "type": "withdrawal",
            "amount": None,
            "currency": code,
            "status": "canceled",
            "updated": None,
            "internal": None,
            "comment": None,
            "fee": None,
        }
