"""Sustained request rate at each library's DEFAULT settings (enableRateLimit on).

Each library gets its own sandbox subprocess with the documented budget (1200 weight
a minute per IP and per key), so the two runs, side by side in two threads, do not
share a budget. Each loops over the same four calls for the same wall time. Every
request that reaches the HTTP layer is counted with its weight from dfx_unified.spec
(what the sandbox charges, for both libraries); a RateLimitExceeded coming out of the
HTTP layer is a 10005 answer from the server (a ban).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import ccxt
from sandbox_proc import Sandbox

import dfx_unified
from dfx_unified import spec

SYMBOL = "BTC/USDT"


def weight_of(method: str, url: str) -> int:
    path = urlsplit(url).path
    if path.startswith(spec.API_PREFIX):
        endpoint = spec.ENDPOINTS_BY_PATH.get((method, path[len(spec.API_PREFIX):]))
        if endpoint is not None:
            return endpoint.weight
    return 1  # ccxt's swap instruments request: the sandbox charges nothing, count 1


class Counter:
    def __init__(self) -> None:
        self.sent: list[tuple[float, int]] = []  # (send time, weight)
        self.bans = 0
        self.errors: dict[str, int] = {}

    def wrap(self, exchange: Any) -> None:
        original = exchange.fetch

        def fetch(url: str, method: str = "GET", headers: Any = None, body: Any = None) -> Any:
            self.sent.append((time.monotonic(), weight_of(method, url)))
            try:
                return original(url, method, headers, body)
            except ccxt.RateLimitExceeded:
                self.bans += 1
                raise

        exchange.fetch = fetch


def drive(exchange: Any, counter: Counter, seconds: float, result: dict[str, Any]) -> None:
    cycle: list[Callable[[], Any]] = [
        lambda: exchange.fetch_ticker(SYMBOL),
        lambda: exchange.fetch_order_book(SYMBOL),
        lambda: exchange.fetch_trades(SYMBOL),
        lambda: exchange.fetch_balance(),
    ]
    start = time.monotonic()
    end = start + seconds
    i = 0
    while time.monotonic() < end:
        try:
            cycle[i % len(cycle)]()
        except Exception as error:  # counted, the run goes on as a bot's loop would
            name = type(error).__name__
            counter.errors[name] = counter.errors.get(name, 0) + 1
            if isinstance(error, ccxt.RateLimitExceeded) and counter.errors[name] > 1000:
                break
        i += 1
    inside = [(t, w) for t, w in counter.sent if t < end]
    minutes = seconds / 60
    result.update(
        requests=len(inside),
        weight=sum(w for _, w in inside),
        requests_per_min=len(inside) / minutes,
        weight_per_min=sum(w for _, w in inside) / minutes,
        peak_window=peak_window_weight(inside, spec.WEIGHT_WINDOW_SECONDS),
        bans=counter.bans,
        errors=dict(counter.errors),
    )


def peak_window_weight(sent: list[tuple[float, int]], window: float) -> int:
    """Most weight sent inside any `window` seconds (what the server's rolling window sees)."""
    best = total = 0
    left = 0
    for right in range(len(sent)):
        total += sent[right][1]
        while sent[right][0] - sent[left][0] >= window:
            total -= sent[left][1]
            left += 1
        best = max(best, total)
    return best


def run(seconds: float, log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    log(f"  rate: both libraries for {seconds:.0f} s, each against its own 1200/min sandbox ...")
    with Sandbox(budget=spec.WEIGHT_BUDGET) as sandbox_ours, Sandbox(budget=spec.WEIGHT_BUDGET) as sandbox_ccxt:
        ours = dfx_unified.digifinex({"apiKey": sandbox_ours.api_key, "secret": sandbox_ours.secret})
        ours.urls["api"]["rest"] = sandbox_ours.url
        theirs = ccxt.digifinex({"apiKey": sandbox_ccxt.api_key, "secret": sandbox_ccxt.secret})
        theirs.urls["api"]["rest"] = sandbox_ccxt.url
        results: dict[str, dict[str, Any]] = {"ours": {}, "ccxt": {}}
        threads = []
        for name, exchange in (("ours", ours), ("ccxt", theirs)):
            counter = Counter()
            counter.wrap(exchange)
            threads.append(threading.Thread(target=drive, args=(exchange, counter, seconds, results[name])))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    budget = spec.WEIGHT_BUDGET
    rows = []
    for label, key in (("requests/min", "requests_per_min"), ("weight/min", "weight_per_min")):
        rows.append(
            {
                "section": "rate",
                "row": label,
                "ours": results["ours"][key],
                "ccxt": results["ccxt"][key],
                "ratio": results["ours"][key] / results["ccxt"][key] if results["ccxt"][key] else None,
            }
        )
    window = spec.WEIGHT_WINDOW_SECONDS
    note = "" if seconds >= window else f"; run < {window:.0f} s: whole run"
    rows.append(
        {
            "section": "rate",
            "row": f"budget used: peak weight in a {window:.0f} s window / {budget}{note}",
            "ours": results["ours"]["peak_window"] / budget,
            "ccxt": results["ccxt"]["peak_window"] / budget,
            "ratio": None,
        }
    )
    rows.append(
        {
            "section": "rate",
            "row": "bans (10005 answers)",
            "ours": results["ours"]["bans"],
            "ccxt": results["ccxt"]["bans"],
            "ratio": None,
            "errors": {"ours": results["ours"]["errors"], "ccxt": results["ccxt"]["errors"]},
        }
    )
    return rows
