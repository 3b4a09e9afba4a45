"""Request weights per rolling window, per API key and per client IP, and bans."""

from __future__ import annotations

import threading
from collections import deque

from dfx_unified import spec

from .clock import Clock


def ban_seconds(bans_in_24h: int) -> int:
    """spec.RATE_BAN_SECONDS: 2 min for the first 3 bans in 24 h, then 10, then 30."""
    for max_count, seconds in spec.RATE_BAN_SECONDS:
        if max_count is None or bans_in_24h <= max_count:
            return seconds
    return spec.RATE_BAN_SECONDS[-1][1]


class WeightLimiter:
    def __init__(self, clock: Clock, budget: int, window: float) -> None:
        self.clock = clock
        self.budget = budget
        self.window = window
        self._lock = threading.Lock()
        self._spent: dict[str, deque[tuple[float, int]]] = {}
        self._bans: dict[str, list[tuple[float, float]]] = {}

    def _used(self, subject: str, now: float) -> int:
        q = self._spent.setdefault(subject, deque())
        while q and q[0][0] <= now - self.window:
            q.popleft()
        return sum(w for _, w in q)

    def banned_for(self, subject: str, now: float) -> float:
        """Seconds left on the subject's ban (0 when not banned)."""
        with self._lock:
            until = max((u for _, u in self._bans.get(subject, [])), default=0.0)
            return max(0.0, until - now)

    def spend(self, subjects: list[str], weight: int) -> float:
        """Spend `weight` for every subject, or ban and return the ban's seconds.

        A request that would take any subject past the budget is refused, bans that
        subject, and spends nothing.
        """
        now = self.clock.now()
        with self._lock:
            for subject in subjects:
                until = max((u for _, u in self._bans.get(subject, [])), default=0.0)
                if until > now:
                    return until - now
            for subject in subjects:
                if self._used(subject, now) + weight > self.budget:
                    history = [b for b in self._bans.get(subject, []) if b[0] > now - spec.RATE_BAN_HISTORY_SECONDS]
                    seconds = ban_seconds(len(history) + 1)
                    history.append((now, now + seconds))
                    self._bans[subject] = history
                    self._spent.pop(subject, None)
                    return float(seconds)
            for subject in subjects:
                self._spent[subject].append((now, weight))
            return 0.0

    def used(self, subject: str) -> int:
        with self._lock:
            return self._used(subject, self.clock.now())

    def reset(self) -> None:
        with self._lock:
            self._spent.clear()
            self._bans.clear()
