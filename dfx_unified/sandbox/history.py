"""Seeded synthetic price path and candle aggregation.

The path is a pure function of (seed, symbol, time): multi-scale value noise that
looks like a random walk at every zoom level, so a fresh sandbox has candles for any
period back in time and two runs with the same seed see the same prices.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal

from dfx_unified import spec

# (knot spacing in seconds, relative amplitude)
_OCTAVES: tuple[tuple[int, float], ...] = ((60, 0.0008), (600, 0.002), (3600, 0.006), (86400, 0.02), (7 * 86400, 0.05))


def unit_noise(seed: int, key: str, index: int) -> float:
    """Deterministic value in [-1, 1] for (seed, key, index)."""
    digest = hashlib.sha256(f"{seed}:{key}:{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**63 - 1.0


def _smooth(seed: int, key: str, spacing: int, t: float) -> float:
    k = math.floor(t / spacing)
    frac = t / spacing - k
    a, b = unit_noise(seed, f"{key}/{spacing}", k), unit_noise(seed, f"{key}/{spacing}", k + 1)
    w = frac * frac * (3 - 2 * frac)
    return a + (b - a) * w


def path_price(seed: int, symbol: str, base_price: Decimal, t: float, precision: int) -> Decimal:
    """Synthetic mid price of `symbol` at time t, rounded to the price precision."""
    x = sum(amp * _smooth(seed, symbol, spacing, t) for spacing, amp in _OCTAVES)
    value = Decimal(repr(float(base_price) * math.exp(x)))
    return value.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_EVEN)


def bucket_start(t: float, period: str) -> int:
    """Start of the UTC candle of `period` (a kline period id) holding time t (spec.candle_open)."""
    return spec.candle_open(math.floor(t), spec.PERIOD_TIMEFRAMES[period])


def candles(
    times: Sequence[float],
    prices: Sequence[Decimal],
    amounts: Sequence[Decimal],
    period: str,
    start: int,
    end: int,
    synthetic_before: float,
    synthetic: Callable[[float], Decimal],
) -> list[list[float]]:
    """Rows [ts, vol, close, high, low, open] for buckets from start to end (inclusive).

    Buckets that end before `synthetic_before` come from the synthetic path; later
    ones from the trades (times sorted ascending); a later bucket without trades is
    flat at the previous close with zero volume.
    """
    size = spec.PERIOD_SECONDS[period]
    rows: list[list[float]] = []
    b = bucket_start(start, period)
    last_close: Decimal | None = None
    while b <= end:
        lo = bisect.bisect_left(times, b)
        hi = bisect.bisect_left(times, b + size)
        if hi > lo:
            window = prices[lo:hi]
            vol = sum(amounts[lo:hi], Decimal(0))
            o, c, h, low = window[0], window[-1], max(window), min(window)
        elif b + size <= synthetic_before or (last_close is None and lo == 0):
            pts = [synthetic(b + size * i / 4) for i in range(5)]
            o, c, h, low = pts[0], pts[-1], max(pts), min(pts)
            vol = Decimal(str(round(abs(unit_noise(0, "vol", b)) * 10 + 1, 4)))
        else:
            prev = last_close if last_close is not None else prices[lo - 1]
            o = c = h = low = prev
            vol = Decimal(0)
        rows.append([b, float(vol), float(c), float(h), float(low), float(o)])
        last_close = c
        b += size
    return rows
