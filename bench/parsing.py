"""Parsing without network: both libraries answer the same unified calls from the
same seeded bodies, with the HTTP layer replaced on the instance.

Both `dfx_unified.digifinex` and `ccxt.digifinex` send every request through
ccxt's `fetch2`, which signs and then calls `self.fetch(url, method, headers, body)`;
an instance attribute `fetch` returning the pre-decoded body for the URL path takes
the socket and json.loads out, and leaves request building, signing and parsing in.
"""

from __future__ import annotations

import copy
import gc
import statistics
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import ccxt
import payloads

import dfx_unified
from dfx_unified import fastpath

API_KEY = "0" * 32
SECRET = "1" * 48


def _served(bodies: dict[str, Any]) -> Callable[..., Any]:
    def fetch(url: str, method: str = "GET", headers: Any = None, body: Any = None) -> Any:
        path = urlsplit(url).path
        try:
            return bodies[path]
        except KeyError:
            raise RuntimeError(f"bench: no body for {method} {path}") from None

    return fetch


def clients(bodies: dict[str, Any]) -> tuple[Any, Any]:
    config = {"apiKey": API_KEY, "secret": SECRET, "enableRateLimit": False}
    ours = dfx_unified.digifinex(dict(config))
    theirs = ccxt.digifinex(dict(config))
    for exchange in (ours, theirs):
        exchange.fetch = _served(bodies)
        exchange.load_markets()
    return ours, theirs


def _nothing() -> None:
    return None


def _cold(call: Callable[[], Any], reset: Callable[[], None]) -> Callable[[], Any]:
    def run() -> Any:
        reset()
        return call()

    return run


def time_call(fn: Callable[[], Any], min_time: float) -> int:
    """Calls per round so that a round lasts at least `min_time` seconds."""
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - start >= min_time:
            return n
        n *= 2


def rounds_median(fns: dict[str, Callable[[], Any]], min_time: float, rounds: int) -> dict[str, float]:
    """Median seconds per call of each function; rounds interleaved, gc off (as timeit)."""
    counts = {name: time_call(fn, min_time) for name, fn in fns.items()}
    samples: dict[str, list[float]] = {name: [] for name in fns}
    gc_was_enabled = gc.isenabled()
    try:
        for _ in range(rounds):
            for name, fn in fns.items():
                n = counts[name]
                gc.collect()
                gc.disable()
                start = time.perf_counter()
                for _ in range(n):
                    fn()
                samples[name].append((time.perf_counter() - start) / n)
                if gc_was_enabled:
                    gc.enable()
    finally:
        if gc_was_enabled:
            gc.enable()
    return {name: statistics.median(values) for name, values in samples.items()}


# ---------------------------------------------------------------- equality
def _first_difference(pairs: list[tuple[str, Any, Any]]) -> str | None:
    for field, a, b in pairs:
        if a != b:
            return f"{field} ({a!r} vs {b!r})"
    return None


def compare_tickers(ours: dict[str, Any], theirs: dict[str, Any]) -> str | None:
    if set(ours) != set(theirs):
        return f"symbols ({len(set(ours) ^ set(theirs))} not in both)"
    for symbol in ours:
        fields = sorted((set(ours[symbol]) | set(theirs[symbol])) - {"info"})
        diff = _first_difference([(f"{symbol} {f}", ours[symbol].get(f), theirs[symbol].get(f)) for f in fields])
        if diff:
            return diff
    return None


def compare_book(ours: dict[str, Any], theirs: dict[str, Any]) -> str | None:
    return _first_difference([(f, ours[f], theirs[f]) for f in ("symbol", "timestamp", "bids", "asks")])


def compare_trades(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> str | None:
    if len(ours) != len(theirs):
        return f"count ({len(ours)} vs {len(theirs)})"
    for a, b in zip(ours, theirs, strict=True):
        # every field but the raw row and the two ccxt makes up (reported apart)
        fields = sorted((set(a) | set(b)) - {"info", "type", "takerOrMaker"})
        diff = _first_difference([(f"trade {a['id']} {f}", a.get(f), b.get(f)) for f in fields])
        if diff:
            return diff
    return None


def trades_known_difference(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> str | None:
    """ccxt.digifinex fills type/takerOrMaker on public trades, which the feed lacks."""
    made_up = {(t["type"], t["takerOrMaker"]) for t in theirs}
    ours_set = {(t["type"], t["takerOrMaker"]) for t in ours}
    if made_up != ours_set:
        shown = ", ".join(f"type={a!r} takerOrMaker={b!r}" for a, b in sorted(made_up, key=repr))
        return f"known: ccxt makes up {shown}; the feed has neither (ours None)"
    return None


def compare_candles(ours: list[list[Any]], theirs: list[list[Any]]) -> str | None:
    if len(ours) != len(theirs):
        return f"count ({len(ours)} vs {len(theirs)})"
    for a, b in zip(ours, theirs, strict=True):
        if a != b:
            return f"candle {a[0]} ({a} vs {b})"
    return None


def compare_orders(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> str | None:
    if len(ours) != len(theirs):
        return f"count ({len(ours)} vs {len(theirs)})"
    by_id = {o["id"]: o for o in theirs}
    for a in ours:
        b = by_id.get(a["id"])
        if b is None:
            return f"order {a['id']} missing"
        fields = sorted((set(a) | set(b)) - {"info"} - set(ORDER_KNOWN))
        diff = _first_difference([(f"order {a['id'][:8]} {f}", a.get(f), b.get(f)) for f in fields])
        if diff:
            return diff
    return None


# fields where ccxt.digifinex reports something the wire does not say: checked apart
ORDER_KNOWN = {
    "fee": (None, {"cost": None}),
    "fees": ([], [{"cost": None}]),
    "lastTradeTimestamp": (None, 0),
}


def orders_known_difference(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> str | None:
    by_id = {o["id"]: o for o in theirs}
    seen = set()
    for a in ours:
        b = by_id[a["id"]]
        for field, (ours_value, ccxt_value) in ORDER_KNOWN.items():
            if a.get(field) != b.get(field):
                if (a.get(field), b.get(field)) != (ours_value, ccxt_value):
                    return f"differs: order {a['id'][:8]} {field} ({a.get(field)!r} vs {b.get(field)!r})"
                seen.add(field)
    if not seen:
        return None
    parts = []
    if "fee" in seen or "fees" in seen:
        parts.append("ccxt fee={'cost': None} (the row has no fee), ours None")
    if "lastTradeTimestamp" in seen:
        parts.append("ccxt lastTradeTimestamp=0 from finished_date 0 (not finished), ours None")
    return "known: " + "; ".join(parts)


def compare_markets(ours: dict[str, Any], theirs: dict[str, Any]) -> str | None:
    if set(ours) != set(theirs):
        return f"symbols ({len(set(ours) ^ set(theirs))} not in both)"
    for symbol, a in ours.items():
        b = theirs[symbol]
        pairs = [
            (f"{symbol} {f}", a[f], b[f]) for f in ("id", "base", "quote", "baseId", "quoteId", "type", "spot", "active")
        ]
        pairs += [(f"{symbol} precision.{f}", a["precision"][f], b["precision"][f]) for f in ("amount", "price")]
        pairs += [(f"{symbol} limits.{f}.min", a["limits"][f]["min"], b["limits"][f]["min"]) for f in ("amount", "cost")]
        diff = _first_difference(pairs)
        if diff:
            return diff
    return None


def markets_known_difference(ours: dict[str, Any], theirs: dict[str, Any]) -> str | None:
    """ccxt.digifinex leaves `margin` None on every pair (it reads no margin list)."""
    margin_ours = sum(1 for m in ours.values() if m["margin"])
    margin_theirs = {m["margin"] for m in theirs.values()}
    if margin_theirs == {None} and margin_ours:
        return f"known: ccxt margin=None on all pairs, ours flags {margin_ours} from margin/symbols"
    return None


# ---------------------------------------------------------------- the rows
ROWS: tuple[tuple[str, str], ...] = (
    ("tickers", "fetch_tickers, {markets} markets"),
    ("order_book", "fetch_order_book, {book} levels a side"),
    ("trades", "fetch_trades, {trades} trades"),
    ("ohlcv", "fetch_ohlcv, {candles} candles"),
    ("open_orders", "fetch_open_orders, {orders} orders"),
    ("load_markets", "load_markets, {markets} markets"),
)


def calls(exchange: Any, symbol: str, sizes: dict[str, int]) -> dict[str, Callable[[], Any]]:
    return {
        "tickers": lambda: exchange.fetch_tickers(),
        "order_book": lambda: exchange.fetch_order_book(symbol, sizes["book"]),
        "trades": lambda: exchange.fetch_trades(symbol, None, sizes["trades"]),
        "ohlcv": lambda: exchange.fetch_ohlcv(symbol, "1m", None, sizes["candles"]),
        "open_orders": lambda: exchange.fetch_open_orders(),
        "load_markets": lambda: exchange.load_markets(True),
    }


def check_outputs(key: str, ours: Any, theirs: Any) -> str:
    compare = {
        "tickers": compare_tickers,
        "order_book": compare_book,
        "trades": compare_trades,
        "ohlcv": compare_candles,
        "open_orders": compare_orders,
        "load_markets": compare_markets,
    }[key]
    diff = compare(ours, theirs)
    notes = []
    if key == "trades":
        notes.append(trades_known_difference(ours, theirs))
    if key == "load_markets":
        notes.append(markets_known_difference(ours, theirs))
    if key == "open_orders" and not diff:
        note = orders_known_difference(ours, theirs)
        if note and note.startswith("differs"):
            return note
        notes.append(note)
    known = "; ".join(n for n in notes if n)
    if diff:
        return f"differs: {diff}" + (f"; {known}" if known else "")
    return "equal" + (f" ({known})" if known else "")


def run(
    seed: int, min_time: float, rounds: int, sizes: dict[str, int] | None = None, log: Callable[[str], None] = print
) -> list[dict[str, Any]]:
    sizes = sizes or {"markets": 1000, "book": 150, "trades": 500, "candles": 500, "orders": 100}
    data = payloads.build(seed, sizes["markets"], sizes["book"], sizes["trades"], sizes["candles"], sizes["orders"])
    bodies = data["bodies"]
    pristine = copy.deepcopy(bodies)
    ours, theirs = clients(bodies)
    our_calls = calls(ours, data["symbol"], sizes)
    their_calls = calls(theirs, data["symbol"], sizes)
    results = []
    for key, label in ROWS:
        out_ours = our_calls[key]()
        out_theirs = their_calls[key]()
        if key == "load_markets":
            out_ours, out_theirs = ours.markets, theirs.markets
        verdict = check_outputs(key, out_ours, out_theirs)
        if bodies != pristine:
            raise RuntimeError(f"bench: a library modified the served body during {key}; timings would drift")
        log(f"  parsing {key}: timing ...")
        # Cold caches: every timed call of ours starts with fastpath's memo tables
        # empty, as the first answer of a process would; ccxt gets the same no-op
        # call so both sides pay the same wrapper.
        ours_cold = _cold(our_calls[key], fastpath.clear_caches)
        theirs_same = _cold(their_calls[key], _nothing)
        medians = rounds_median({"ours": ours_cold, "ccxt": theirs_same}, min_time, rounds)
        results.append(
            {
                "section": "parsing",
                "row": label.format(**sizes),
                "ours": medians["ours"],
                "ccxt": medians["ccxt"],
                "ratio": None,
                "output": verdict,
            }
        )
    results.append(unlisted_pair_row(data))
    return results


def unlisted_pair_row(data: dict[str, Any]) -> dict[str, Any]:
    """Correctness only: one open order on a pair missing from the markets lists."""
    bodies = dict(data["bodies"])
    bodies["/v3/spot/order/current"] = data["open_orders_with_unlisted"]
    ours, theirs = clients(bodies)
    outcome = {}
    for name, exchange in (("ours", ours), ("ccxt", theirs)):
        try:
            orders = exchange.fetch_open_orders()
            outcome[name] = f"{len(orders)} orders"
        except Exception as error:  # the known ccxt failure is the point of this row
            outcome[name] = f"{type(error).__name__}"
    return {
        "section": "parsing",
        "row": f"fetch_open_orders, {len(data['open_orders_with_unlisted']['data'])} orders, 1 on an unlisted pair",
        "ours": None,
        "ccxt": None,
        "ratio": None,
        "output": f"known: ours {outcome['ours']}, ccxt {outcome['ccxt']}",
    }
