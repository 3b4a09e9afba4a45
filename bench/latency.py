"""Per-call latency over loopback against the sandbox subprocess.

For each endpoint, three clients take turns in small blocks: a bare
`requests.Session().get(url)` of the same URL (the floor: the same HTTP stack both
libraries use, with nothing on top), `dfx_unified.digifinex` and `ccxt.digifinex`.
For the private row the floor signs the request with dfx_unified.signing first (any
client must). Rate limiting is off on both libraries and the sandbox budget is
unlimited, so nothing waits; every call is timed on its own and the median kept.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import ccxt
import requests

import dfx_unified
from dfx_unified import signing

SYMBOL = "BTC/USDT"


def _floor_public(session: requests.Session, url: str) -> Callable[[], Any]:
    def call() -> Any:
        response = session.get(url)
        return response.json()

    return call


def _floor_private(session: requests.Session, url: str, path_query: str, key: str, secret: str) -> Callable[[], Any]:
    query = path_query.partition("?")[2]

    def call() -> Any:
        headers = {
            signing.HEADER_KEY: key,
            signing.HEADER_TIMESTAMP: str(int(time.time())),
            signing.HEADER_SIGN: signing.sign(secret, signing.signature_payload(query, "")),
        }
        response = session.get(url, headers=headers)
        return response.json()

    return call


def clients(url: str, key: str, secret: str) -> tuple[Any, Any]:
    config = {"apiKey": key, "secret": secret, "enableRateLimit": False}
    ours = dfx_unified.digifinex(dict(config))
    ours.urls["api"]["rest"] = url
    theirs = ccxt.digifinex(dict(config))
    theirs.urls["api"]["rest"] = url
    ours.load_markets()
    theirs.load_markets()
    return ours, theirs


def measure(fns: dict[str, Callable[[], Any]], calls: int, block: int = 20) -> dict[str, float]:
    """Median seconds per call; clients alternate in blocks so drift hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():  # warm connections and caches
        for _ in range(5):
            fn()
    done = 0
    while done < calls:
        for name, fn in fns.items():
            for _ in range(block):
                start = time.perf_counter()
                fn()
                samples[name].append(time.perf_counter() - start)
        done += block
    return {name: statistics.median(values) for name, values in samples.items()}


def run(url: str, key: str, secret: str, calls: int, log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    ours, theirs = clients(url, key, secret)
    session = requests.Session()
    rows = [
        (
            "fetch_ticker",
            "/v3/ticker?symbol=btc_usdt",
            lambda: ours.fetch_ticker(SYMBOL),
            lambda: theirs.fetch_ticker(SYMBOL),
            False,
        ),
        (
            "fetch_order_book",
            "/v3/order_book?symbol=btc_usdt",
            lambda: ours.fetch_order_book(SYMBOL),
            lambda: theirs.fetch_order_book(SYMBOL),
            False,
        ),
        ("fetch_balance", "/v3/spot/assets", lambda: ours.fetch_balance(), lambda: theirs.fetch_balance(), True),
    ]
    results = []
    for name, path, ours_call, theirs_call, private in rows:
        full = url + path
        floor = _floor_private(session, full, path, key, secret) if private else _floor_public(session, full)
        log(f"  latency {name}: {calls} calls each ...")
        medians = measure({"floor": floor, "ours": ours_call, "ccxt": theirs_call}, calls)
        results.append(
            {
                "section": "latency",
                "row": f"{name} ({path.split('?')[0]})",
                "floor": medians["floor"],
                "ours": medians["ours"],
                "ccxt": medians["ccxt"],
                "ours_floor": medians["ours"] / medians["floor"],
                "ratio": None,
            }
        )
    session.close()
    ours.close()
    theirs.close()
    return results
