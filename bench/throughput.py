"""The sandbox's own throughput: signed order placements per second.

An asyncio client (aiohttp, the lightest client at hand, signing with
dfx_unified.signing) keeps `workers` requests in flight against a sandbox subprocess
whose weight budget is lifted. Each worker has its own key, funded through the admin
API, and rotates over the tradable pairs. Most placements are limit buys at half the
market price (they rest, never fill); every 5th is a small market order, alternating
buy and sell, so the key's filled-order ratio stays above the trading rules' 1% floor
(spec.TRADING_RULES, FR/FW) and its quick-cancel ratio well below 95% (CR); every 20
placements the worker cancels its resting orders in one request so the book does not
grow without bound. Placements (answers with code 0) per second are the result;
cancels are counted apart.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal
from typing import Any

import aiohttp
from sandbox_proc import Sandbox

from dfx_unified import signing

# tradable spot pairs of the sandbox with room for far-from-market bids
PAIRS = ("btc_usdt", "eth_usdt", "ltc_usdt", "xrp_usdt", "trx_usdt", "eth_btc", "ltc_btc")
FUNDS = {"USDT": "100000000", "BTC": "10000", "ETH": "100000", "LTC": "1000000", "XRP": "100000000", "TRX": "100000000"}


def _headers(key: str, secret: str, payload: str) -> dict[str, str]:
    return {
        signing.HEADER_KEY: key,
        signing.HEADER_TIMESTAMP: str(int(time.time())),
        signing.HEADER_SIGN: signing.sign(secret, payload),
        "Content-Type": signing.FORM_CONTENT_TYPE,
    }


async def _pair_specs(session: aiohttp.ClientSession, url: str) -> dict[str, dict[str, str]]:
    async with session.get(url + "/v3/spot/symbols") as response:
        symbols = {row["symbol"].lower(): row for row in (await response.json())["symbol_list"]}
    specs = {}
    for pair in PAIRS:
        row = symbols[pair]
        async with session.get(url + "/v3/ticker", params={"symbol": pair}) as response:
            last = Decimal(str((await response.json())["ticker"][0]["last"]))
        price_step = Decimal(1).scaleb(-int(row["price_precision"]))
        amount_step = Decimal(1).scaleb(-int(row["amount_precision"]))
        bid = (last / 2).quantize(price_step, ROUND_DOWN)
        min_amount = Decimal(str(row["minimum_amount"]))
        min_value = Decimal(str(row["minimum_value"]))
        # enough base for 3x the minimum value at the far bid, on the amount grid
        amount = max(min_amount, (min_value * 3 / bid).quantize(amount_step, ROUND_DOWN) + amount_step)
        market_amount = max(min_amount, (min_value * 3 / last).quantize(amount_step, ROUND_DOWN) + amount_step)
        specs[pair] = {
            "bid": str(bid),
            "amount": str(amount),
            "sell_amount": str(market_amount),
            "buy_cash": str((min_value * 3).normalize()),
        }
    return specs


async def _worker(
    session: aiohttp.ClientSession, url: str, key: str, secret: str, specs: dict[str, dict[str, str]], start_pair: int,
    end: float, stats: dict[str, Any],
) -> None:
    resting: dict[str, list[str]] = {}
    placed = 0
    sell_next = True
    pair_index = start_pair

    async def post(path: str, params: list[tuple[str, str]]) -> dict[str, Any]:
        body = signing.encode_params(params)
        started = time.perf_counter()
        async with session.post(url + "/v3/" + path, data=body, headers=_headers(key, secret, body)) as response:
            answer: dict[str, Any] = await response.json(content_type=None)
        stats["latencies"].append(time.perf_counter() - started)
        return answer

    while time.monotonic() < end:
        pair = PAIRS[pair_index % len(PAIRS)]
        pair_index += 1
        spec_ = specs[pair]
        if placed % 5 == 4:
            if sell_next:
                params = [("symbol", pair), ("type", "sell_market"), ("amount", spec_["sell_amount"])]
            else:
                params = [("symbol", pair), ("type", "buy_market"), ("amount", spec_["buy_cash"])]
            sell_next = not sell_next
        else:
            params = [("symbol", pair), ("type", "buy"), ("price", spec_["bid"]), ("amount", spec_["amount"])]
        answer = await post("spot/order/new", params)
        if answer.get("code") == 0:
            stats["placed"] += 1
            if params[1][1] == "buy":
                resting.setdefault(pair, []).append(answer["order_id"])
        else:
            code = str(answer.get("code"))
            stats["errors"][code] = stats["errors"].get(code, 0) + 1
        placed += 1
        if placed % 20 == 0:
            ids = [oid for pair_ids in resting.values() for oid in pair_ids]
            resting.clear()
            for i in range(0, len(ids), 20):
                answer = await post("spot/order/cancel", [("order_id", ",".join(ids[i:i + 20]))])
                stats["cancels"] += len(answer.get("success") or [])


async def _run(url: str, keys: list[tuple[str, str]], seconds: float) -> dict[str, Any]:
    connector = aiohttp.TCPConnector(limit=len(keys))
    stats: dict[str, Any] = {"placed": 0, "cancels": 0, "errors": {}, "latencies": []}
    async with aiohttp.ClientSession(connector=connector) as session:
        specs = await _pair_specs(session, url)
        start = time.monotonic()
        end = start + seconds
        await asyncio.gather(*(_worker(session, url, k, s, specs, i, end, stats) for i, (k, s) in enumerate(keys)))
        stats["elapsed"] = time.monotonic() - start
    return stats


def run(seconds: float, workers: int = 16, log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    log(f"  sandbox throughput: {workers} asyncio workers for {seconds:.0f} s ...")
    with Sandbox(budget=10**12) as sandbox:
        keys = [sandbox.new_key(FUNDS) for _ in range(workers)]
        stats = asyncio.run(_run(sandbox.url, keys, seconds))
    latencies = sorted(stats["latencies"])
    median_ms = latencies[len(latencies) // 2] * 1000 if latencies else float("nan")
    errors = ", ".join(f"{code}: {n}" for code, n in sorted(stats["errors"].items())) or "none"
    return [
        {
            "section": "sandbox",
            "row": f"signed order placements/s ({workers} in flight)",
            "ours": stats["placed"] / stats["elapsed"],
            "ccxt": None,
            "ratio": None,
            "output": (
                f"{stats['placed']} placed, {stats['cancels']} cancelled, median request {median_ms:.1f} ms, errors {errors}"
            ),
        }
    ]
