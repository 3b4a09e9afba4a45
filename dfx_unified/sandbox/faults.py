"""Injected faults for client tests: a registry consumed by the HTTP app."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

KINDS = ("delay", "reset", "http_502", "malformed_json", "rate_limit", "clock_skew")
WHEN = ("before", "after")
# `delay` is a sleep, a Retry-After or a clock shift: a day bounds all three, and a
# non-finite value (a NaN sleep never ends) is refused.
MAX_DELAY_SECONDS = 86400.0
MAX_TIMES = 1_000_000


@dataclass
class Fault:
    path: str  # concrete path below /v3/ (e.g. 'spot/order/new') or '*'
    kind: str
    times: int = 1
    delay: float = 0.0
    when: str = "before"


class FaultRegistry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, path: str, kind: str, *, times: int = 1, delay: float = 0.0, when: str = "before") -> Fault:
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; one of {KINDS}")
        if when not in WHEN:
            raise ValueError(f"`when` must be one of {WHEN}")
        if isinstance(times, bool) or not isinstance(times, int) or not 1 <= times <= MAX_TIMES:
            raise ValueError(f"`times` must be an integer from 1 to {MAX_TIMES}")
        seconds = float(delay)
        low = -MAX_DELAY_SECONDS if kind == "clock_skew" else 0.0  # only a clock skew may point back
        if not (math.isfinite(seconds) and low <= seconds <= MAX_DELAY_SECONDS):
            raise ValueError(f"`delay` must be a number of seconds from {low:g} to {MAX_DELAY_SECONDS:g}")
        fault = Fault(path.strip("/").removeprefix("v3/") or "*", kind, times, seconds, when)
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, path: str) -> Fault | None:
        """The first fault matching `path`, consumed once."""
        with self._lock:
            for fault in self._faults:
                if fault.path in (path, "*"):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)
