"""The fence around what we reproduce of ccxt's internals.

`fastpath.py` (safe_ticker/safe_trade/safe_order's arithmetic, iso8601, parse_number)
and `market_index.py` (set_markets) reproduce ccxt's generic helpers for speed; the
tests compare them with ccxt's own on the installed version. On a ccxt release they
were not tested against, those helpers may have changed: the fast paths then switch
themselves off and ccxt's own helpers run (slower, never wrong).
"""

from __future__ import annotations

import os
from typing import Final

import ccxt

# ccxt releases the reproductions were compared against (tests/test_fastpath.py,
# tests/test_set_markets.py). setup.cfg admits later 4.5 releases; they run ccxt's own
# helpers until added here.
TESTED_CCXT_VERSIONS: Final = frozenset({"4.5.90"})


def fast_paths_allowed(version: str, setting: str | None) -> bool:
    """Fast paths on for a tested ccxt, unless DFX_UNIFIED_FAST_PATHS=0; =1 forces
    them on (for trying a new ccxt release against the tests)."""
    if setting == "0":
        return False
    if setting == "1":
        return True
    return version in TESTED_CCXT_VERSIONS


FAST_PATHS: Final = fast_paths_allowed(ccxt.__version__, os.environ.get("DFX_UNIFIED_FAST_PATHS"))
