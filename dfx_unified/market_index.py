"""ccxt's Exchange.set_markets, with the same results, made cheap for load_markets.

The market defaults are deep-merged once and every market folded over them with a
precomputed plan of where the defaults hold dicts; currencies equal to the loaded
ones are taken as they are. tests/test_set_markets.py compares every attribute with
ccxt's own set_markets on the same input.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from ccxt.base.exchange import Exchange as CcxtExchange


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


def market_limits(min_amount: Any, min_cost: Any) -> dict[str, Any]:
    """A parsed market's limits (keys in ccxt's order: the defaults' shape)."""
    return {
        "leverage": {"min": None, "max": None},
        "amount": {"min": min_amount, "max": None},
        "price": {"min": None, "max": None},
        "cost": {"min": min_cost, "max": None},
    }


_PARSED_LIMITS_SHAPE = _key_shape(market_limits(None, None))


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


class MarketIndexMixin:
    """set_markets: the markets indexed as ccxt indexes them (see the module doc)."""

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
        if not currencies or not self.fast_paths:  # type: ignore[attr-defined]
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
