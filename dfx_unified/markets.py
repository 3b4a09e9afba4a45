"""Markets and currencies: four symbol lists merged into ccxt markets, /currencies
into ccxt currencies with one network per chain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ccxt.base import errors as ccxt_errors

from . import fastpath, spec
from .flow import CcxtCall, Flow, Gather, subflow, unified
from .market_index import MarketIndexMixin, market_limits

# market lists and what each one contributes, read in this order (later rows add to
# earlier ones): /markets knows pairs the others miss, trades/symbols has the only
# reliable API-trading flag (known-quirks), margin/symbols marks margin pairs.
MARKET_SOURCES = ("markets", "spot/symbols", "trades/symbols", "margin/symbols")
# options['fetchMarkets']['types'] by default: our spot pairs (margin flagged on
# them) and ccxt's swap instruments
CCXT_MARKET_TYPE = "swap"
DEFAULT_MARKET_TYPES = ("spot", CCXT_MARKET_TYPE)


class _Recurring(dict[Any, Any]):
    """A value per key, worked out on first use: what recurs across the rows of one
    answer (a few quote currencies, a dozen digit counts). Made per parse, so nothing
    outlives the call."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.compute(key)
        return value


_TAKER = float(spec.FEES["taker"])
_MAKER = float(spec.FEES["maker"])


# A parsed market's keys in their order, with what every DigiFinex spot pair has in
# common; _parse_merged_market copies it and sets the rest (copying a dict and
# setting a dozen keys costs a third of building a 31-key dict literal).
_SPOT_MARKET: dict[str, Any] = {
    "id": None,
    "lowercaseId": None,
    "symbol": None,
    "base": None,
    "quote": None,
    "settle": None,
    "baseId": None,
    "quoteId": None,
    "settleId": None,
    "type": "spot",
    "spot": True,
    "margin": None,
    "swap": False,
    "future": False,
    "option": False,
    "active": None,
    "contract": False,
    "linear": None,
    "inverse": None,
    "taker": _TAKER,
    "maker": _MAKER,
    "contractSize": None,
    "expiry": None,
    "expiryDatetime": None,
    "strike": None,
    "optionType": None,
    "precision": None,
    "limits": None,
    "created": None,
    "orderTypes": None,
    "info": None,
}


# A currency's and a network's keys in their order, with their shared values: copied
# and filled in, like _SPOT_MARKET.
_CURRENCY: dict[str, Any] = dict.fromkeys(
    ("id", "numericId", "code", "name", "type", "active", "deposit", "withdraw", "fee", "fees", "precision", "limits",
     "networks", "info")
)
_CURRENCY["type"] = "crypto"
_NETWORK: dict[str, Any] = dict.fromkeys(
    ("id", "network", "active", "deposit", "withdraw", "fee", "precision", "limits", "info")
)


def _network_summary(networks: list[dict[str, Any]]) -> tuple[Any, ...]:
    """(active, deposit, withdraw, fee, withdraw min, deposit min) of a currency from
    its networks: any of the flags, the fee only for a single network, the least of
    the limits given."""
    if len(networks) == 1:  # the usual coin: its one network's values (any/min of one)
        only = networks[0]
        limits = only["limits"]
        return (only["active"], only["deposit"], only["withdraw"], only["fee"],
                limits["withdraw"]["min"], limits["deposit"]["min"])
    withdraw_mins = [n["limits"]["withdraw"]["min"] for n in networks if n["limits"]["withdraw"]["min"] is not None]
    deposit_mins = [n["limits"]["deposit"]["min"] for n in networks if n["limits"]["deposit"]["min"] is not None]
    return (
        any(n["active"] for n in networks),
        any(n["deposit"] for n in networks),
        any(n["withdraw"] for n in networks),
        None,
        min(withdraw_mins) if withdraw_mins else None,
        min(deposit_mins) if deposit_mins else None,
    )


class MarketsMixin(MarketIndexMixin):
    options: dict[str, Any]

    def _market_lists(self, params: dict[str, Any] | None = None) -> Flow:
        responses = yield Gather(tuple(self._call(path, params) for path in MARKET_SOURCES))  # type: ignore[attr-defined]
        return dict(zip(MARKET_SOURCES, responses, strict=False))

    @unified
    def fetch_markets(self, params: dict[str, Any] | None = None) -> Flow:
        """All spot pairs, margin flagged (four lists, fetched concurrently under asyncio).

        GET /v3/markets, /v3/spot/symbols, /v3/trades/symbols, /v3/margin/symbols.
        """
        lists = yield from self._market_lists(params)
        return self.parse_markets_lists(lists)

    @unified
    def fetch_currencies(self, params: dict[str, Any] | None = None) -> Flow:
        """Currencies with one network per chain (GET /v3/currencies)."""
        response = yield from self._call("currencies", params)  # type: ignore[attr-defined]
        return self.parse_currencies_rows(response.get("data") or [])

    def _load_markets_flow(self, reload: bool = False, params: dict[str, Any] | None = None) -> Flow:
        """Markets, currencies (and the clock when asked) in one concurrent round."""
        if not reload and self.markets:  # type: ignore[attr-defined]
            if not self.markets_by_id:  # type: ignore[attr-defined]
                return self.set_markets(self.markets)  # type: ignore[attr-defined]
            return self.markets  # type: ignore[attr-defined]
        parts: list[Flow] = [self._market_lists(params), subflow(self, "fetch_currencies")]
        if self.options.get("adjustForTimeDifference"):
            parts.append(self._sync_clock())  # type: ignore[attr-defined]
        results = yield Gather(tuple(parts))
        lists, currencies = results[0], results[1]
        markets = self.parse_markets_lists(lists)
        if CCXT_MARKET_TYPE in self._market_types():
            markets += yield from self._contract_markets(lists, params)
        return self._set_markets(markets, currencies, parsed=True)

    def _market_types(self) -> list[str]:
        """options['fetchMarkets']['types']: which market types load_markets loads."""
        configured = (self.options.get("fetchMarkets") or {}).get("types")
        return list(configured) if isinstance(configured, (list, tuple)) else list(DEFAULT_MARKET_TYPES)

    def _contract_markets(self, lists: dict[str, Any], params: dict[str, Any] | None) -> Flow:
        """Swap markets, as ccxt.digifinex parses them (its fetch_markets, inherited).

        ccxt's code also reads trades/symbols (or margin/symbols): it is handed the
        answers this load already has instead of asking again. A failing swap API
        leaves the swap markets out of this load, logged, rather than failing the
        spot and margin markets with it.
        """
        answers = {path: lists[path] for path in ("trades/symbols", "margin/symbols") if lists.get(path)}
        try:
            markets = yield CcxtCall("fetch_markets", (dict(params or {}),), answers=answers)
        except ccxt_errors.BaseError as error:
            self.logger.warning(  # type: ignore[attr-defined]
                "%s: swap markets not loaded this time (%s: %s); spot and margin markets are",
                spec.EXCHANGE_ID, type(error).__name__, error,
            )
            return []
        return [market for market in markets or [] if market.get("contract")]

    # ------------------------------------------------------------ parsing
    def parse_markets_lists(self, lists: dict[str, Any]) -> list[dict[str, Any]]:
        # per market id (in the order ids are first seen): the lists that carry it,
        # once per row, and each list's row for it (a repeated id: its last row)
        merged: dict[str, dict[str, Any]] = {}
        for source in MARKET_SOURCES:
            response = lists.get(source) or {}
            old_list = source == "markets"
            id_field = "market" if old_list else "symbol"
            for row in response.get("data" if old_list else "symbol_list") or []:
                raw_id = row.get(id_field)
                if not raw_id or "_" not in str(raw_id):
                    continue
                market_id = str(raw_id).upper()
                entry = merged.get(market_id)
                if entry is None:
                    merged[market_id] = {"sources": [source], source: row}
                else:
                    entry["sources"].append(source)
                    entry[source] = row
        codes = _Recurring(self._currency_code)
        ticks = _Recurring(self._tick)
        number = self._number_parser()
        return [self._parse_merged_market(key, entry, codes, ticks, number) for key, entry in merged.items()]

    def _parse_merged_market(
        self,
        market_id: str,
        entry: dict[str, Any],
        codes: _Recurring,
        ticks: _Recurring,
        number: Callable[[Any], Any],
    ) -> dict[str, Any]:
        """One market from the rows of the lists that carry its id; `codes`, `ticks`:
        currency codes and tick sizes of this parse, `number`: safe_number of a value."""
        trades_row = entry.get("trades/symbols")
        margin_row = entry.get("margin/symbols")
        listed = trades_row or entry.get("spot/symbols") or margin_row
        base_id, quote_id = market_id.split("_", 1)
        if listed:
            base_id = str(listed.get("base_asset") or base_id).upper()
            quote_id = str(listed.get("quote_asset") or quote_id).upper()
            amount_digits = listed.get("amount_precision")
            price_digits = listed.get("price_precision")
            min_amount = listed.get("minimum_amount")
            min_cost = listed.get("minimum_value")
            wire_order_types = listed.get("order_types")
        else:
            old = entry.get("markets") or {}
            amount_digits = old.get("volume_precision")
            price_digits = old.get("price_precision")
            min_amount = old.get("min_volume")
            min_cost = old.get("min_amount")
            wire_order_types = None
        base = codes[base_id]
        quote = codes[quote_id]
        info: dict[str, Any] = {}
        for source in entry["sources"]:  # in MARKET_SOURCES order, as they were read
            info.update(entry[source])
        info["sources"] = entry["sources"]
        info["order_types"] = wire_order_types
        order_types = [str(t).lower() for t in wire_order_types or []]
        market = _SPOT_MARKET.copy()
        market["id"] = market_id
        market["lowercaseId"] = market_id.lower()
        market["symbol"] = f"{base}/{quote}"
        market["base"] = base
        market["quote"] = quote
        market["baseId"] = base_id
        market["quoteId"] = quote_id
        market["margin"] = margin_row is not None
        # is_allow is the reliable API-trading flag; without it, say we don't know
        market["active"] = None if trades_row is None else str(trades_row.get("is_allow")) == "1"
        market["precision"] = {"amount": ticks[amount_digits], "price": ticks[price_digits]}
        market["limits"] = market_limits(number(min_amount), number(min_cost))
        market["orderTypes"] = order_types or None
        market["info"] = info
        return market

    def _currency_code(self, currency_id: str) -> str:
        """safe_currency_code(currency_id) for a string id without building the
        currency structure ccxt makes only to read its 'code' back."""
        by_id = self.currencies_by_id  # type: ignore[attr-defined]
        if by_id is not None and by_id.get(currency_id) is not None:
            return by_id[currency_id]["code"]  # type: ignore[no-any-return]
        return self.common_currency_code(currency_id.upper())  # type: ignore[attr-defined, no-any-return]

    def _number_parser(self) -> Callable[[Any], Any]:
        """safe_number of one value: fastpath.number when numbers are floats."""
        if self._fast():  # type: ignore[attr-defined]
            return fastpath.number
        return lambda value: self.safe_number({"v": value}, "v")  # type: ignore[attr-defined]

    def _tick(self, digits: Any) -> float | None:
        if digits is None or digits == "":
            return None
        return self.parse_number(self.parse_precision(str(int(digits))))  # type: ignore[attr-defined, no-any-return]

    def network_code_for_chain(self, chain: str | None, currency_code: str) -> str:
        """Unified network code for an exchange chain id ('' = the coin's own chain).

        options['networksById'] first (ccxt's canonical codes: TRX -> TRC20), then the
        first code options['networks'] maps to the chain, else the chain in capitals.
        Chain ids compare case-insensitively ('Polygon', 'POLYGON')."""
        if not chain:
            return currency_code
        upper = chain.upper()
        for chain_id, code in (self.options.get("networksById") or {}).items():
            if str(chain_id).upper() == upper:
                return str(code)
        for code, chain_id in (self.options.get("networks") or {}).items():
            if str(chain_id).upper() == upper:
                return str(code)
        return upper

    def chain_for_network(self, network: str | None, currency_code: str, strict: bool = False) -> str | None:
        """Exchange chain id for a unified network code (None when not given).

        With currencies loaded, the currency's own chains (learnt from /currencies)
        spell the chain; `strict` (withdrawals): a network the currency does not have
        is refused with BadRequest before sending. Otherwise options['networks'] maps
        the code (any of ccxt.digifinex's codes)."""
        if network is None:
            return None
        upper = str(network).upper()
        mapped = str((self.options.get("networks") or {}).get(upper, upper))
        currency = (self.currencies or {}).get(currency_code)  # type: ignore[attr-defined]
        networks = currency.get("networks") if isinstance(currency, dict) else None
        if not networks:
            return "" if upper == currency_code.upper() else mapped
        for code, entry in networks.items():
            chain_id = str(entry.get("id") or "")
            if upper == str(code).upper() or (chain_id and chain_id.upper() in (upper, mapped.upper())):
                return chain_id
        if not strict:
            return "" if upper == currency_code.upper() else mapped
        raise ccxt_errors.BadRequest(
            f"{spec.EXCHANGE_ID} {currency_code} has no network {network} on DigiFinex; its networks: "
            f"{', '.join(sorted(networks))}"
        )

    def parse_currencies_rows(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        grouped: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            currency_id = str(row.get("currency") or "").upper()
            if currency_id:
                same_currency = grouped.get(currency_id)
                if same_currency is None:
                    grouped[currency_id] = [row]
                else:
                    same_currency.append(row)
        number = self._number_parser()
        result: dict[str, Any] = {}
        for currency_id, chain_rows in grouped.items():
            code = self._currency_code(currency_id)
            networks: dict[str, Any] = {}
            for row in chain_rows:
                network = self.network_code_for_chain(row.get("chain"), code)
                deposit = str(row.get("deposit_status")) == "1"
                withdraw = str(row.get("withdraw_status")) == "1"
                entry = networks[network] = _NETWORK.copy()
                entry["id"] = row.get("chain") or ""
                entry["network"] = network
                entry["active"] = deposit and withdraw
                entry["deposit"] = deposit
                entry["withdraw"] = withdraw
                entry["fee"] = number(row.get("min_withdraw_fee"))
                entry["limits"] = {
                    "withdraw": {"min": number(row.get("min_withdraw_amount")), "max": None},
                    "deposit": {"min": number(row.get("min_deposit_amount")), "max": None},
                }
                entry["info"] = row
            active, deposit, withdraw, fee, withdraw_min, deposit_min = _network_summary(list(networks.values()))
            currency = result[code] = _CURRENCY.copy()
            currency["id"] = currency_id.lower()
            currency["code"] = code
            currency["active"] = active
            currency["deposit"] = deposit
            currency["withdraw"] = withdraw
            currency["fee"] = fee
            currency["fees"] = {}
            currency["limits"] = {
                "amount": {"min": None, "max": None},
                "withdraw": {"min": withdraw_min, "max": None},
                "deposit": {"min": deposit_min, "max": None},
            }
            currency["networks"] = networks
            currency["info"] = chain_rows
        return result

    # ------------------------------------------------------------ lookups
    def market_by_any_id(self, market_id: str | None) -> dict[str, Any] | None:
        """The loaded market for an exchange id in any case, or None."""
        if not market_id or not self.markets_by_id:  # type: ignore[attr-defined]
            return None
        by_id = self.markets_by_id  # type: ignore[attr-defined]
        found = by_id.get(str(market_id).upper()) or by_id.get(str(market_id)) or by_id.get(str(market_id).lower())
        return found[0] if found else None

    def symbol_for_id(self, market_id: str | None) -> str | None:
        """Unified symbol for an exchange id; derived from the id when not loaded."""
        if not market_id:
            return None
        market = self.market_by_any_id(market_id)
        if market is not None:
            return str(market["symbol"])
        parts = str(market_id).upper().split("_")
        if len(parts) != 2:
            return str(market_id)
        return f"{self.safe_currency_code(parts[0])}/{self.safe_currency_code(parts[1])}"  # type: ignore[attr-defined]

    def checked_market(self, symbol: str) -> dict[str, Any]:
        """The spot market for a unified symbol (or exchange id), BadSymbol otherwise.

        Markets may come from anywhere ccxt users get them (set_markets, the `markets`
        constructor key, another ccxt.digifinex's cache): only what every ccxt market
        has is relied on. A contract market is not served by our spot/margin flows.
        """
        if not isinstance(symbol, str) or not symbol:
            raise ccxt_errors.BadSymbol(f"{spec.EXCHANGE_ID} symbol must be a non-empty string, got {symbol!r}")
        markets = self.markets or {}  # type: ignore[attr-defined]
        market = markets.get(symbol)
        if market is None:
            market = self.market_by_any_id(symbol)
        if not isinstance(market, dict) or not isinstance(market.get("id"), str) or not market["id"]:
            raise ccxt_errors.BadSymbol(f"{spec.EXCHANGE_ID} does not have market symbol {symbol}")
        if market.get("contract") or market.get("spot") is False:
            raise ccxt_errors.BadSymbol(
                f"{spec.EXCHANGE_ID} {market.get('symbol', symbol)} is a {market.get('type')} market: this method serves "
                "spot and margin pairs only (swap markets are served by ccxt.digifinex's implementation where it has one)"
            )
        return market  # type: ignore[no-any-return]

    @staticmethod
    def wire_id(market: dict[str, Any]) -> str:
        """The pair as the v3 requests spell it (`btc_usdt`), from the market's `id`,
        which every ccxt market has in one casing or the other."""
        return str(market["id"]).lower()
