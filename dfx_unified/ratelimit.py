"""Weight budget: spend the exchange's per-minute weight allowance, never more.

A rolling-window ledger of reservations. `reserve` books the earliest moment a
request of a given weight fits in the window and returns how long to wait for it;
callers sleep that long (blocking or awaited). Reservations are handed out in
order, so concurrent async requests each get their own slot.
"""

from __future__ import annotations

from collections import deque


class WeightBudget:
    def __init__(self, capacity: float, window_seconds: float) -> None:
        if capacity <= 0 or window_seconds <= 0:
            raise ValueError("weight budget and window must be positive")
        self.capacity = float(capacity)
        self.window = float(window_seconds)
        self._slots: deque[tuple[float, float]] = deque()  # (send time, weight)
        self._used = 0.0
        self._last = 0.0
        # Set after the exchange answered 10005: nothing is sent before this moment.
        self.paused_until = 0.0
        self.bans: deque[float] = deque()  # times of 10005 answers, for escalation

    def reserve(self, weight: float, now: float) -> float:
        """Book a slot for `weight`; return seconds to wait before sending."""
        weight = min(float(weight), self.capacity)
        at = max(now, self._last)
        self._expire(at)
        while self._used + weight > self.capacity:
            oldest_time, _ = self._slots[0]
            at = max(at, oldest_time + self.window)
            self._expire(at)
        self._slots.append((at, weight))
        self._used += weight
        self._last = at
        return at - now

    def used(self, now: float) -> float:
        """Weight spent inside the window ending at `now` (booked future slots included)."""
        self._expire(now)
        return self._used

    def _expire(self, at: float) -> None:
        while self._slots and self._slots[0][0] + self.window <= at:
            _, weight = self._slots.popleft()
            self._used -= weight
        if not self._slots:
            self._used = 0.0
