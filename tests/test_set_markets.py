"""Our set_markets (MarketsMixin) against ccxt's Exchange.set_markets, attribute by
attribute, on the same input: the reference cassette's markets and 1,000 generated
pairs, for the sync and the async class, first load and reload (with changed
currencies, so the deep merge runs), and without currencies."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest
from ccxt.base.exchange import Exchange as CcxtExchange

import dfx_unified
import dfx_unified.async_support

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import payloads

# attributes that are objects without value equality (sessions, locks, throttlers):
# compared by type only
OPAQUE = (
    "session", "asyncio_loop", "throttler", "tcp_connector", "aiohttp_trust_env", "own_session", "logger",
    "ccxt_class", "fetch", "origin",  # origin: a uuid per instance
)
CLASSES = (dfx_unified.digifinex, dfx_unified.async_support.digifinex)


def _generated_inputs() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    bodies = payloads.build(7, 1000, 1, 1, 1, 1)["bodies"]
    ex = dfx_unified.digifinex()
    lists = {
        "markets": bodies["/v3/markets"],
        "spot/symbols": bodies["/v3/spot/symbols"],
        "trades/symbols": bodies["/v3/trades/symbols"],
        "margin/symbols": bodies["/v3/margin/symbols"],
    }
    return ex.parse_markets_lists(lists), ex.parse_currencies_rows(bodies["/v3/currencies"]["data"])


def _cassette_inputs(replay: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    ex = dfx_unified.digifinex({"apiKey": "k", "secret": "s"})
    captured: dict[str, Any] = {}
    original = ex._set_markets

    def capture(markets: Any, currencies: Any = None, parsed: bool = False) -> Any:
        captured["args"] = copy.deepcopy((markets, currencies))
        return original(markets, currencies, parsed)

    ex._set_markets = capture  # type: ignore[method-assign]
    with replay("reference/load_markets.yaml"):
        ex.load_markets()
    return captured["args"]  # type: ignore[no-any-return]


def _changed(currencies: dict[str, Any]) -> dict[str, Any]:
    """A reload where some currencies differ: a fee changes, a network goes away."""
    changed = copy.deepcopy(currencies)
    for i, code in enumerate(sorted(changed)):
        currency = changed[code]
        if i % 3 == 0:
            currency["fee"] = 123.0
        if i % 5 == 0 and currency["networks"]:
            currency["networks"].pop(next(iter(currency["networks"])))
        if i % 7 == 0:
            currency["limits"]["withdraw"]["min"] = None
    changed.pop(sorted(changed)[-1])  # one currency gone from the new answer
    return changed


def _assert_same(ours: Any, theirs: Any) -> None:
    """The whole instance state: every attribute of both objects, not a chosen few."""
    assert vars(ours).keys() == vars(theirs).keys()
    for name in vars(ours):
        a, b = getattr(ours, name), getattr(theirs, name)
        if name in OPAQUE:
            assert type(a) is type(b), name
            continue
        assert a == b, name
        assert repr(a) == repr(b), f"{name} (key order)"


def _run(cls: type, markets: list[dict[str, Any]], currencies: dict[str, Any], parsed: bool = False) -> None:
    """`parsed`: ours through the load path's _set_markets (markets as parse_markets_lists
    made them), checked against ccxt's set_markets all the same."""
    ours, theirs = cls(), cls()
    try:
        rounds = [(markets, currencies), (markets, currencies), (markets, _changed(currencies)), (markets, None)]
        for round_markets, round_currencies in rounds:
            ours_markets = copy.deepcopy(round_markets)
            if parsed:
                result_ours = ours._set_markets(ours_markets, copy.deepcopy(round_currencies), parsed=True)
            else:
                result_ours = ours.set_markets(ours_markets, copy.deepcopy(round_currencies))
            assert ours_markets == round_markets and repr(ours_markets) == repr(round_markets)  # not changed
            result_theirs = CcxtExchange.set_markets(theirs, copy.deepcopy(round_markets), copy.deepcopy(round_currencies))
            assert result_ours == result_theirs
            _assert_same(ours, theirs)
    finally:
        for ex in (ours, theirs):
            close = getattr(ex, "close", None)
            if close is not None and cls is dfx_unified.digifinex:
                close()


@pytest.mark.parametrize("cls", CLASSES, ids=["sync", "async"])
def test_set_markets_equals_ccxt_on_the_reference_cassette(cls: type, replay: Any) -> None:
    markets, currencies = _cassette_inputs(replay)
    assert markets and currencies
    _run(cls, markets, currencies)


@pytest.mark.parametrize("cls", CLASSES, ids=["sync", "async"])
def test_set_markets_equals_ccxt_on_1000_generated_markets(cls: type) -> None:
    markets, currencies = _generated_inputs()
    assert len(markets) == 1000
    _run(cls, markets, currencies)


@pytest.mark.parametrize("cls", CLASSES, ids=["sync", "async"])
def test_load_path_set_markets_equals_ccxt(cls: type, replay: Any) -> None:
    """The load path takes each parsed market's limits instead of rebuilding it: the
    same attributes as ccxt's set_markets, on generated and recorded markets."""
    for markets, currencies in (_generated_inputs(), _cassette_inputs(replay)):
        _run(cls, markets, currencies, parsed=True)


def test_load_path_takes_the_parsed_limits_only_when_shaped_as_the_defaults() -> None:
    markets, currencies = _generated_inputs()
    ex = dfx_unified.digifinex()
    ex._set_markets(copy.deepcopy(markets), copy.deepcopy(currencies), parsed=True)
    market = next(iter(ex.markets.values()))
    assert market["limits"] is ex.markets_by_id[market["id"]][0]["limits"]
    # limits configured with another shape: merged as ccxt merges them, nothing shared
    custom = dfx_unified.digifinex()
    custom.limits = {"amount": {"max": 5.0, "min": None}, "market": {"min": 1.0}}
    reference = dfx_unified.digifinex()
    reference.limits = copy.deepcopy(custom.limits)
    custom._set_markets(copy.deepcopy(markets), copy.deepcopy(currencies), parsed=True)
    CcxtExchange.set_markets(reference, copy.deepcopy(markets), copy.deepcopy(currencies))
    assert repr(custom.markets) == repr(reference.markets)
    market = next(iter(custom.markets.values()))
    assert market["limits"] is not custom.markets_by_id[market["id"]][0]["limits"]
    for ex_ in (ex, custom, reference):
        ex_.close()


def _random_tree(rng: Any, depth: int = 0) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for key in rng.sample("abcdefg", rng.randint(0, 5)):
        roll = rng.random()
        tree[key] = _random_tree(rng, depth + 1) if roll < 0.4 and depth < 3 else rng.choice((None, 0, 1.5, "x", [1]))
    return tree


def test_extended_equals_deep_extend_on_random_trees() -> None:
    """market_index._extended(plan of a, b) against ccxt's deep_extend(a, b), key order
    included, and a's dicts never shared with the result."""
    import random

    from dfx_unified import market_index

    rng = random.Random(11)
    for _ in range(2000):
        a, b = _random_tree(rng), _random_tree(rng)
        expected = CcxtExchange.deep_extend(a, b)
        result = market_index._extended(market_index._merge_plan(a), b)
        assert repr(result) == repr(expected), (a, b)
        stack = [(result, a)]
        while stack:
            merged, base = stack.pop()
            for key, value in base.items():
                if type(value) is dict and type(merged.get(key)) is dict:
                    assert merged[key] is not value, (a, b)
                    stack.append((merged[key], value))


def test_extended_defined_equals_deep_extend_of_the_defined_keys() -> None:
    """market_index._extended_defined(plan of a, restore, b) against ccxt's
    deep_extend(a, b without its None values), key order included: None values of b
    over a's values, over a's None and over keys a lacks (first, middle, last)."""
    import random

    from dfx_unified import market_index

    rng = random.Random(12)
    for _ in range(3000):
        a, b = _random_tree(rng), _random_tree(rng)
        for key in rng.sample("abcdefghij", rng.randint(0, 4)):
            b[key] = None
        defined = {k: v for k, v in b.items() if v is not None}
        expected = CcxtExchange.deep_extend(a, defined)
        restore = tuple(k for k, v in a.items() if v is not None)
        result = market_index._extended_defined(market_index._merge_plan(a), restore, b)
        assert repr(result) == repr(expected), (a, b)


def test_network_summary_of_one_network_equals_the_general_rule() -> None:
    from dfx_unified import markets

    for fee in (None, 0.0, 1.5):
        for low in (None, 2.0):
            for flags in ((True, True, True), (False, True, False), (False, False, False)):
                network = {"active": flags[0], "deposit": flags[1], "withdraw": flags[2], "fee": fee,
                           "limits": {"withdraw": {"min": low}, "deposit": {"min": low}}}
                general = markets._network_summary([network, dict(network, fee=None)])
                single = markets._network_summary([network])
                assert single[:3] == general[:3] and single[4:] == general[4:]
                assert single[3] == fee
