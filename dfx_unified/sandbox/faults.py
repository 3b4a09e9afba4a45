"""Injected faults for client tests: a registry consumed by the HTTP app."""

from __future__ import annotations

import threading
from dataclasses import dataclass

KINDS = ("delay", "reset", "http_502", "malformed_json", "rate_limit", "clock_skew")
WHEN = ("before", "after")


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
        if times < 1:
            raise ValueError("`times` must be at least 1")
        fault = Fault(path.strip("/").removeprefix("v3/") or "*", kind, int(times), float(delay), when)
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
