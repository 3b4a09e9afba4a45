"""Clocks injected into the sandbox: every time-based rule reads one of these."""

from __future__ import annotations

import math
import threading
import time
from typing import Protocol, runtime_checkable

# A manual clock stays within [0, 3000-01-01 UTC]: every date the sandbox writes (GMT+8
# history dates included) stays formattable, and NaN or infinity never becomes "now".
LATEST_TIME = 32_503_680_000.0


def checked_time(t: float) -> float:
    """`t` as a float if it is a finite time from 0 to LATEST_TIME, else ValueError."""
    value = float(t)
    if not (math.isfinite(value) and 0.0 <= value <= LATEST_TIME):
        raise ValueError(f"sandbox time must be from 0 to {LATEST_TIME:.0f} seconds")
    return value


@runtime_checkable
class Clock(Protocol):
    """Anything with ``now() -> float`` (Unix seconds)."""

    def now(self) -> float: ...


class SystemClock:
    """Wall-clock time."""

    def now(self) -> float:
        return time.time()


class ManualClock:
    """A clock that moves only when told to, so tests cover 24-hour rules instantly."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._t = checked_time(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._t

    def advance(self, seconds: float) -> float:
        with self._lock:
            self._t = checked_time(self._t + float(seconds))
            return self._t

    def set(self, t: float) -> float:
        with self._lock:
            self._t = checked_time(t)
            return self._t


class FixedClock:
    """Reports one instant; the engine uses it while replaying its journal."""

    def __init__(self, t: float = 0.0) -> None:
        self.t = t

    def now(self) -> float:
        return self.t
