"""Markets and currencies: four symbol lists merged into ccxt markets, /currencies
into ccxt currencies with one network per chain."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import Any

from ccxt.base import errors as ccxt_errors
from ccxt.base.exchange import Exchange as CcxtExchange

from . import fastpath, spec
from .flow import Flow, Gather, subflow, unified

# market lists and what each one contributes, read in this order (later rows add to
# earlier ones): /markets knows pairs the others miss, trades/symbols has the only
# reliable API-trading flag (known-quirks), margin/symbols marks margin pairs.
MARKET_SOURCES = ("markets", "spot/symbols", "trades/symbols", "margin/symbols")


def _fresh(tree: dict[str, Any]) -> dict[str, Any]:
    """A copy with every nested dict copied too (the leaves are shared)."""
    return {k: _fresh(v) if type(v) is dict else v for k, v in tree.items()}


# (tree, ((key, plan of tree[key]), ...) for the keys whose value is a dict)
MergePlan = tuple[dict[str, Any], tuple[tuple[str, Any], ...]]


def _merge_plan(tree: dict[str, Any]) -> MergePlan:
    """Where deep_extend(tree, source) recurses: found once, used for every market."""
    return tree, tuple((key, _merge_plan(value)) for key, value in tree.items() if type(value) is dict)


def _extended(plan: MergePlan, source: dict[str, Any]) -> dict[str, Any]:
    """A fresh tree equal to deep_extend(plan's tree, source): source's keys over the
    tree's (the merged dict's order is the tree's keys, then source's new ones, as
    deep_extend orders them), then the tree's own dicts merged or copied."""
    return _merge_nested(plan, {**plan[0], **source})


def _merge_nested(plan: MergePlan, merged: dict[str, Any], taken: tuple[str, ...] = ()) -> dict[str, Any]:
    """`merged` (the tree's keys first) with the tree's dicts merged with source's or
    copied fresh. Dicts of source are taken as they are where the tree has no dict,
    as deep_extend takes them, and under the keys in `taken` (the caller knows they
    have the tree's keys in its order: the merge would rebuild an equal dict)."""
    for key, subplan in plan[1]:
        value = merged[key]
        subtree, subnested = subplan
        # a tree without dicts of its own (most: {'min': None, 'max': None}) is merged
        # or copied here, without the calls that recurse into nothing
        if value is subtree:  # source has no such key: the tree's dict, copied
            merged[key] = _fresh(value) if subnested else value.copy()
        elif key in taken:
            continue
        elif isinstance(value, dict):
            merged[key] = _merge_nested(subplan, {**subtree, **value}) if subnested else {**subtree, **value}
    return merged


def _extended_defined(
    plan: MergePlan, restore: tuple[str, ...], source: dict[str, Any], taken: tuple[str, ...] = ()
) -> dict[str, Any]:
    """_extended(plan, source without its None values), without building that
    filtered copy (set_markets does this per market): source's None values are
    undone after the merge instead. `restore`: the tree's keys with a value that
    is not None (the only places a None of source can clobber); `taken`: as for
    _merge_nested."""
    tree = plan[0]
    merged = {**tree, **source}
    for key in restore:
        if merged[key] is None:
            merged[key] = tree[key]
    if len(merged) > len(tree):  # source's own keys follow the tree's: drop its Nones
        for key in [key for key in islice(merged, len(tree), None) if merged[key] is None]:
            del merged[key]
    return _merge_nested(plan, merged, taken)


def _key_shape(tree: Any) -> Any:
    """The keys of a tree in order, with the shape of each dict under them (None for
    anything else): two trees of one shape deep_extend into a copy of the second."""
    if type(tree) is not dict:
        return None
    return tuple((key, _key_shape(value)) for key, value in tree.items())


def _market_limits(min_amount: Any, min_cost: Any) -> dict[str, Any]:
    """A parsed market's limits (keys in ccxt's order: the defaults' shape)."""
    return {
        "leverage": {"min": None, "max": None},
        "amount": {"min": min_amount, "max": None},
        "price": {"min": None, "max": None},
        "cost": {"min": min_cost, "max": None},
    }


_PARSED_LIMITS_SHAPE = _key_shape(_market_limits(None, None))


def _currency_indexes(currencies: Any) -> tuple[Any, list[Any]]:
    """(currencies_by_id, codes) as ccxt's set_markets sets them: index_by_safe of a
    dict walks it in sorted key order (the later of two equal ids wins), the order of
    codes, so the keys are sorted once for both."""
    if not isinstance(currencies, dict):
        return CcxtExchange.index_by_safe(currencies, "id"), list(CcxtExchange.keysort(currencies))
    codes = sorted(currencies)
    by_id = {}
    for code in codes:
        currency = currencies[code]
        currency_id = currency.get("id")
        if currency_id is not None:
            by_id[currency_id] = currency
    return by_id, codes


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
    ("id", "code", "name", "type", "active", "deposit", "withdraw", "fee", "precision", "limits", "networks", "info")
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


class MarketsMixin:
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
        return self._set_markets(self.parse_markets_lists(lists), currencies, parsed=True)

    # ------------------------------------------------------------ set_markets
    def set_markets(self, markets: Any, currencies: Any = None) -> Any:
        """ccxt's Exchange.set_markets with the same results, cheaper where it loads
        markets with currencies (what load_markets does):

        - the market defaults (safe_market_structure, precision/limits, fees['trading'])
          are deep-merged once, and where they hold dicts found once; each market is
          then the defaults with its defined keys over them, those dicts merged or
          copied fresh (as ccxt's per-market structure is), the way deep_extend folds them;
        - currencies are deep-extended into the loaded ones as ccxt does, except that a
          currency equal to the loaded one (the usual reload) is taken as it is: the
          merge of two equal trees equals either.

        Without currencies (ccxt then derives base/quote currencies) ccxt's own runs.
        tests/test_set_markets.py compares every attribute with ccxt's on the same input.
        """
        return self._set_markets(markets, currencies)

    def _set_markets(self, markets: Any, currencies: Any, parsed: bool = False) -> Any:
        """set_markets; `parsed`: the markets are parse_markets_lists' own, just made
        (the load path), so each one's limits, shaped as the defaults' limits are (the
        usual case), is what the merge would rebuild: it is taken, not rebuilt. The
        market in `markets` and in `markets_by_id` then share that dict, as they share
        precision and info in ccxt's set_markets."""
        if not currencies:
            return super().set_markets(markets, currencies)  # type: ignore[misc]
        deep_extend = self.deep_extend  # type: ignore[attr-defined]
        defaults = deep_extend(
            self.safe_market_structure(),  # type: ignore[attr-defined]
            {"precision": self.precision, "limits": self.limits},  # type: ignore[attr-defined]
            self.fees["trading"],  # type: ignore[attr-defined]
        )
        plan = _merge_plan(defaults)
        restore = tuple(key for key, value in defaults.items() if value is not None)
        taken = ("limits",) if parsed and _key_shape(defaults.get("limits")) == _PARSED_LIMITS_SHAPE else ()
        by_symbol: dict[str, dict[str, Any]] = {}
        markets_by_id: dict[str, list[dict[str, Any]]] = {}
        for value in self.sort_by(self.to_array(markets), "spot", True, True):  # type: ignore[attr-defined]
            same_id = markets_by_id.get(value["id"])
            if same_id is None:
                markets_by_id[value["id"]] = [value]
            else:
                same_id.append(value)
            # keys set to None must not clobber the defaults (ccxt drops them first)
            market = _extended_defined(plan, restore, value, taken)
            if market["linear"] is True:
                market["subType"] = "linear"
            elif market["inverse"] is True:
                market["subType"] = "inverse"
            else:
                market["subType"] = None
            symbol = market.get("symbol")
            if symbol is not None:  # index_by(values, 'symbol'): later markets win
                by_symbol[symbol] = market
        self.markets = by_symbol  # type: ignore[attr-defined]
        self.markets_by_id = markets_by_id  # type: ignore[attr-defined]
        self.symbols = sorted(by_symbol)  # type: ignore[attr-defined]
        self.ids = sorted(markets_by_id)  # type: ignore[attr-defined]
        loaded = self.currencies  # type: ignore[has-type]
        if isinstance(loaded, dict) and isinstance(currencies, dict):
            merged = dict(loaded)
            for code, currency in currencies.items():
                current = merged.get(code)
                if isinstance(current, dict) and isinstance(currency, dict) and current != currency:
                    merged[code] = deep_extend(current, currency)
                else:
                    merged[code] = currency
            self.currencies = merged
        else:
            self.currencies = deep_extend(loaded, currencies)
        self.currencies_by_id, self.codes = _currency_indexes(self.currencies)  # type: ignore[attr-defined]
        return self.markets  # type: ignore[attr-defined]

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
        market["limits"] = _market_limits(number(min_amount), number(min_cost))
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
        if self.number is float:  # type: ignore[attr-defined]
            return fastpath.number
        return lambda value: self.safe_number({"v": value}, "v")  # type: ignore[attr-defined]

    def _tick(self, digits: Any) -> float | None:
        if digits is None or digits == "":
            return None
        return self.parse_number(self.parse_precision(str(int(digits))))  # type: ignore[attr-defined, no-any-return]

    def network_code_for_chain(self, chain: str | None, currency_code: str) -> str:
        """Unified network code for an exchange chain id ('' = the coin's own chain)."""
        if not chain:
            return currency_code
        for code, chain_id in (self.options.get("networks") or {}).items():
            if str(chain_id).upper() == chain.upper():
                return str(code)
        return chain.upper()

    def chain_for_network(self, network: str | None, currency_code: str) -> str | None:
        """Exchange chain id for a unified network code (None when not given)."""
        if network is None:
            return None
        upper = str(network).upper()
        if upper == currency_code.upper():
            return ""
        return str((self.options.get("networks") or {}).get(upper, upper))

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
        found = self.markets_by_id.get(str(market_id).upper())  # type: ignore[attr-defined]
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
        """The market for a unified symbol (or exchange id), BadSymbol otherwise."""
        if not isinstance(symbol, str) or not symbol:
            raise ccxt_errors.BadSymbol(f"{spec.EXCHANGE_ID} symbol must be a non-empty string, got {symbol!r}")
        markets = self.markets or {}  # type: ignore[attr-defined]
        if symbol in markets:
            return markets[symbol]  # type: ignore[no-any-return]
        market = self.market_by_any_id(symbol)
        if market is not None:
            return market
        raise ccxt_errors.BadSymbol(f"{spec.EXCHANGE_ID} does not have market symbol {symbol}")
