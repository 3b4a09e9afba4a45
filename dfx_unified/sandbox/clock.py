"""Clocks injected into the sandbox: every time-based rule reads one of these."""

from __future__ import annotations

import threading
import time
from typing import Protocol, runtime_checkable


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
        self._t = float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._t

    def advance(self, seconds: float) -> float:
        with self._lock:
            self._t += float(seconds)
            return self._t

    def set(self, t: float) -> float:
        with self._lock:
            self._t = float(t)
            return self._t


class FixedClock:
    """Reports one instant; the engine uses it while replaying its journal."""

    def __init__(self, t: float = 0.0) -> None:
        self.t = t

    def now(self) -> float:
        return self.t
