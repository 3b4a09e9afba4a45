"""The fence around our reproductions of ccxt's internals (dfx_unified.ccxt_compat)."""

from __future__ import annotations

import copy

import ccxt
import pytest

from dfx_unified import ccxt_compat
from tests.canned import twins
from tests.test_ccxt_shapes import CALLS


@pytest.mark.parametrize(
    ("version", "setting", "allowed"),
    [
        ("4.5.90", None, True),
        ("4.5.91", None, False),  # a release the reproductions were not compared with
        ("4.6.0", None, False),
        ("4.5.90", "0", False),
        ("4.5.91", "1", True),
    ],
)
def test_fast_paths_only_on_a_tested_ccxt(version, setting, allowed):
    assert ccxt_compat.fast_paths_allowed(version, setting) is allowed


def test_the_installed_ccxt_is_a_tested_one():
    assert ccxt.__version__ in ccxt_compat.TESTED_CCXT_VERSIONS


@pytest.mark.parametrize("name", sorted(CALLS))
def test_without_fast_paths_every_result_is_the_same(name):
    fast, _ = twins()
    slow, _ = twins()
    slow.fast_paths = False
    slow.load_markets(True)  # ccxt's own set_markets this time
    assert repr(slow.markets) == repr(fast.markets)
    call = CALLS[name]
    assert repr(call(slow)) == repr(call(fast))


def test_without_fast_paths_set_markets_is_ccxts():
    exchange, _ = twins()
    exchange.fast_paths = False
    markets, currencies = copy.deepcopy(exchange.markets), copy.deepcopy(exchange.currencies)
    reference, _ = twins()
    ccxt.Exchange.set_markets(reference, copy.deepcopy(markets), copy.deepcopy(currencies))
    exchange.set_markets(markets, currencies)
    assert repr(exchange.markets) == repr(reference.markets)
