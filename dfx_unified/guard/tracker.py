"""TradingRulesGuard: the pure tracker of the client's own order flow (clock injected, no I/O).

It counts placements, fills, cancels and bans per (api key, symbol) over the rules'
window and judges each placement before it is sent, assuming the worst where the
client cannot know (see the package docstring). Modes, warnings (logger
'dfx_unified.guard') and the figures it reports live here too.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import logging
import math
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ccxt.base import errors as ccxt_errors

from .. import errors, spec
from .indicators import (
    BAN_CODES,
    QUICK_CANCEL_SECONDS,
    WINDOW_SECONDS,
    ZERO,
    Amount,
    _Bucket,
    _maybe_quick,
    _Order,
    _Sums,
    _total,
    format_ratio,
    to_decimal,
    worst_orders,
)

logger = logging.getLogger("dfx_unified.guard")

MODES = ("off", "warn", "block")
DEFAULT_MODE = "off"
DEFAULT_MARGIN = 10  # orders
# Seconds of uncertainty between the client's clock and the server's: clock offset
# estimate error (the server counts whole seconds) plus one request round trip.
DEFAULT_SLACK = 2.0

WarningCallback = Callable[[str, dict[str, Any], str], Any]


def iso(seconds: float) -> str:
    return _dt.datetime.fromtimestamp(seconds, tz=_dt.timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Verdict:
    """The guard's decision on one placement."""

    allowed: bool  # False: the exchange may ban (or is banning) this placement
    tripped: tuple[str, ...]  # indicators whose rule holds now (worst case)
    near: tuple[str, ...]  # indicators that trip within `margin` more such orders
    banned_until: float | None  # a ban the guard knows of (from a 20018 / 20020 answer)
    retry_at: float | None  # when a refused placement becomes possible, if no flow changes
    reason: str
    figures: dict[str, Any]


class TradingRulesGuard:
    """Tracks the client's own orders per (api key, symbol) and judges placements.

    `now` returns seconds on the server's time line (the adapter passes its clock
    corrected by options['timeDifference']). Modes: 'off' judges nothing, 'warn' logs
    (logger 'dfx_unified.guard') and calls `on_warning(symbol, figures, reason)`,
    'block' warns the same way and raises TradingRulesGuardError, before sending, for
    any placement the exchange could refuse or ban. Tracking happens in every mode,
    so switching to 'block' later starts from the real window.

    Memory: only orders that may still be in the window are kept; every call first
    drops expired ones (oldest first, across all symbols) and empty symbols, so each
    event costs O(1) amortized plus the few orders within `slack` of the window edge.
    """

    def __init__(
        self,
        now: Callable[[], float],
        *,
        mode: str = DEFAULT_MODE,
        margin: int = DEFAULT_MARGIN,
        slack: float = DEFAULT_SLACK,
        on_warning: WarningCallback | None = None,
    ) -> None:
        self.now = now
        self.mode = mode
        self.margin = margin
        self.slack = slack
        self.on_warning = on_warning
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._ids: dict[tuple[str, str], _Order] = {}
        self._timeline: deque[_Order] = deque()  # every tracked order, oldest first
        self._bans: dict[str, tuple[float, int]] = {}  # key -> (until, code)
        self._inflight: dict[int, tuple[str, str]] = {}  # token -> bucket
        self._tokens = itertools.count(1)
        self._last = -math.inf
        self._lock = threading.RLock()

    # ------------------------------------------------------------ configuration
    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, value: str) -> None:
        if value not in MODES:
            raise ccxt_errors.BadRequest(
                f"{spec.EXCHANGE_ID} options['tradingRulesGuard'] must be one of {', '.join(MODES)}, not {value!r}"
            )
        self._mode = value

    @property
    def margin(self) -> int:
        return self._margin

    @margin.setter
    def margin(self, value: int) -> None:
        if int(value) < 0:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} options['tradingRulesGuardMargin'] must be >= 0")
        self._margin = int(value)

    @property
    def slack(self) -> float:
        return self._slack

    @slack.setter
    def slack(self, value: float) -> None:
        if not float(value) >= 0:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} options['tradingRulesGuardSlack'] must be >= 0")
        self._slack = float(value)

    # ------------------------------------------------------------ clock and pruning
    def _clock(self) -> float:
        now = float(self.now())
        self._prune(now)
        return now

    def _gone(self, order: _Order, now: float) -> bool:
        """Out of the server's window whatever the clock error (prunable)."""
        return order.placed + WINDOW_SECONDS + self.slack <= now

    def _maybe_gone(self, order: _Order, now: float) -> bool:
        """Possibly out of the server's window: within `slack` of the edge, or past it."""
        return order.placed + WINDOW_SECONDS - self.slack <= now

    @staticmethod
    def _nominally_gone(order: _Order, now: float) -> bool:
        # the server's own cut, read on the guard's clock: in-window iff created > now - window
        return order.placed + WINDOW_SECONDS <= now

    def _prune(self, now: float) -> None:
        timeline = self._timeline
        while timeline and self._gone(timeline[0], now):
            order = timeline.popleft()
            bucket_key = (order.key, order.symbol)
            bucket = self._buckets[bucket_key]
            oldest = bucket.orders.popleft()
            assert oldest is order, "bucket and timeline out of order"
            bucket.totals.add(order.sums(), -1)
            if order.id is not None and self._ids.get((order.key, order.id)) is order:
                del self._ids[(order.key, order.id)]
            if not bucket.orders and not bucket.inflight:
                del self._buckets[bucket_key]

    def _ban(self, key: str, now: float) -> tuple[float, int] | None:
        ban = self._bans.get(key)
        if ban is not None and ban[0] <= now:
            del self._bans[key]
            return None
        return ban

    @staticmethod
    def _symbol(symbol: str) -> str:
        return str(symbol or "").upper()

    # ------------------------------------------------------------ order flow
    def begin(self, key: str, symbol: str, amounts: Sequence[Amount]) -> int:
        """A placement is being sent: count its orders (worst case) until it is answered."""
        with self._lock:
            self._clock()
            token = next(self._tokens)
            bucket_key = (key, self._symbol(symbol))
            bucket = self._buckets.get(bucket_key)
            if bucket is None:
                bucket = self._buckets[bucket_key] = _Bucket()
            bucket.inflight[token] = worst_orders(len(amounts), _total(amounts))
            self._inflight[token] = bucket_key
            return token

    def release(self, token: int) -> None:
        """The placement of `token` is over (answered, refused, or accounted otherwise)."""
        with self._lock:
            bucket_key = self._inflight.pop(token, None)
            if bucket_key is None:
                return
            bucket = self._buckets.get(bucket_key)
            if bucket is None:
                return
            bucket.inflight.pop(token, None)
            if not bucket.orders and not bucket.inflight:
                del self._buckets[bucket_key]

    def placed(
        self,
        key: str,
        symbol: str,
        order_ids: Sequence[str | None],
        amounts: Sequence[Amount],
        *,
        token: int | None = None,
        worst: bool = False,
    ) -> None:
        """Orders were placed (one id per amount; an amount of None is a market buy).

        `worst=True` records orders whose fate the client cannot follow (answer lost,
        no id): unfilled and quick-cancelled, the worst case for every indicator.
        """
        with self._lock:
            now = self._clock()
            if token is not None:
                self.release(token)
            # one monotone time line, so the window drops orders strictly oldest first
            placed = max(now, self._last)
            self._last = placed
            sym = self._symbol(symbol)
            bucket = self._buckets.get((key, sym))
            if bucket is None:
                bucket = self._buckets[(key, sym)] = _Bucket()
            for order_id, amount in zip(order_ids, amounts, strict=True):
                base = to_decimal(amount)
                order = _Order(key, sym, None if order_id is None else str(order_id), placed, base)
                if worst:
                    order.amount = base if base is not None else ZERO
                    order.cancelled, order.quick = placed, True
                bucket.orders.append(order)
                bucket.totals.add(order.sums())
                self._timeline.append(order)
                if order.id is not None and not worst:
                    self._ids[(key, order.id)] = order

    def cancelled(self, key: str, order_ids: Sequence[str], sent_at: float | None = None) -> None:
        """The exchange confirmed these cancels; `sent_at` is when the cancel was sent.

        Quick (CR) when sent within 5 s + slack of the placement answer with no fill
        seen: the server's created..finished span is at most that long.
        """
        with self._lock:
            now = self._clock()
            when = now if sent_at is None else min(float(sent_at), now)
            for order_id in order_ids:
                order = self._ids.get((key, str(order_id)))
                if order is None or order.cancelled is not None:
                    continue
                self._update(
                    order,
                    cancelled=when,
                    quick=order.filled == ZERO and when - order.placed <= QUICK_CANCEL_SECONDS + self.slack,
                )

    def fill(self, key: str, order_id: str, executed: Amount) -> None:
        """An answer showed `executed` base amount on a tracked order (kept: the largest)."""
        amount = to_decimal(executed)
        with self._lock:
            self._clock()
            order = self._ids.get((key, str(order_id)))
            if order is None or amount is None or amount <= order.filled:
                return
            # a filled order is never a quick cancel, whatever was assumed before
            self._update(order, filled=amount, quick=False)

    def order_rows(self, key: str, rows: Sequence[Any]) -> None:
        """Learn fills and cancels from order rows of reads (untracked orders ignored)."""
        with self._lock:
            now = self._clock()
            for row in rows:
                if not isinstance(row, Mapping) or row.get("order_id") is None:
                    continue
                order = self._ids.get((key, str(row["order_id"])))
                if order is None:
                    continue
                executed = to_decimal(row.get("executed_amount"))
                if executed is not None and executed > order.filled:
                    self._update(order, filled=executed, quick=False)
                if order.cancelled is None and str(row.get("status")) in ("3", "4"):
                    self._update(order, cancelled=now, quick=order.filled == ZERO and _maybe_quick(row))

    def ban(self, key: str, code: int) -> None:
        """The exchange answered 20020 (30 min) or 20018 (24 h): no placements until then.

        The ban started at or before this answer, so now + its length is the latest it
        can end; an earlier record is only ever extended.
        """
        with self._lock:
            now = self._clock()
            seconds = BAN_CODES.get(int(code), BAN_CODES[20020])
            previous = self._ban(key, now)
            until = now + seconds
            if previous is not None and previous[0] >= until:
                until, code = previous
            self._bans[key] = (until, int(code))

    def _update(self, order: _Order, **changes: Any) -> None:
        bucket = self._buckets[(order.key, order.symbol)]
        bucket.totals.add(order.sums(), -1)
        for name, value in changes.items():
            setattr(order, name, value)
        bucket.totals.add(order.sums())

    # ------------------------------------------------------------ judging
    def _windows(self, bucket: _Bucket | None, now: float, extra: _Sums) -> Iterator[_Sums]:
        """Every order set the server may be judging now, plus `extra`.

        The server keeps orders placed after its cut; near the edge the guard cannot
        tell on which side an order is, so the cut may fall before any of them.
        """
        if bucket is None:
            yield extra.copy()
            return
        sums = bucket.totals.plus(extra)
        yield sums
        for order in bucket.orders:
            if not self._maybe_gone(order, now):
                break
            sums = sums.minus(order.sums())
            yield sums

    def _judge(self, bucket: _Bucket | None, now: float, extra: _Sums) -> dict[str, _Sums]:
        tripped: dict[str, _Sums] = {}
        for sums in self._windows(bucket, now, extra):
            for name in sums.trips():
                tripped.setdefault(name, sums)
        return tripped

    def _retry_at(self, bucket: _Bucket | None, now: float, extra: _Sums, not_before: float) -> float | None:
        """The first time no window trips with `extra` added, if nothing else changes.

        Safety can only begin when an order surely leaves (new edge cases only add
        windows), so the candidates are `not_before` and those departure times.
        """
        orders = list(bucket.orders) if bucket is not None else []
        prefix = [_Sums()]
        for order in orders:
            prefix.append(prefix[-1].plus(order.sums()))
        total = prefix[-1]
        start = max(now, not_before)
        times = [start] + [o.placed + WINDOW_SECONDS + self.slack for o in orders]
        lo = hi = 0
        for when in sorted({t for t in times if t >= start}):
            while lo < len(orders) and self._gone(orders[lo], when):
                lo += 1
            hi = max(hi, lo)
            while hi < len(orders) and self._maybe_gone(orders[hi], when):
                hi += 1
            if not any(total.minus(prefix[j]).plus(extra).trips() for j in range(lo, hi + 1)):
                return when
        return None

    def check(self, key: str, symbol: str, count: int = 1, amounts: Sequence[Amount] | None = None) -> Verdict:
        """Judge a placement of `count` orders (base `amounts`; None for a market buy).

        The exchange judges the window's orders before the incoming ones. Worst case:
        orders in flight and the batch's first count - 1 orders already arrived.
        """
        amounts = list(amounts) if amounts is not None else [None] * count
        if len(amounts) != count or count < 1:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} guard: {count} orders with {len(amounts)} amounts")
        with self._lock:
            now = self._clock()
            sym = self._symbol(symbol)
            bucket = self._buckets.get((key, sym))
            extra = bucket.inflight_sums() if bucket is not None else _Sums()
            extra.add(worst_orders(count - 1, _total(amounts[:-1])))
            tripped = self._judge(bucket, now, extra)
            # near: the rule would hold after this placement and `margin` more like it
            largest = max((to_decimal(a) or ZERO for a in amounts), default=ZERO)
            last = to_decimal(amounts[-1]) or ZERO
            ahead = extra.plus(worst_orders(1 + self.margin, last + largest * self.margin))
            near = [name for name in self._judge(bucket, now, ahead) if name not in tripped]
            ban = self._ban(key, now)
            allowed = not tripped and ban is None
            retry_at = None if allowed else self._retry_at(bucket, now, extra, ban[0] if ban else now)
            figures = self._figures(key, sym, bucket, now, tripped, near, ban, retry_at)
            reason = self._reason(sym, count, now, tripped, near, ban, retry_at)
            return Verdict(allowed, tuple(tripped), tuple(near), ban[0] if ban else None, retry_at, reason, figures)

    def admit(self, key: str, symbol: str, count: int = 1, amounts: Sequence[Amount] | None = None) -> Verdict | None:
        """Apply the mode to a placement about to be sent (None in mode 'off').

        Raises TradingRulesGuardError in mode 'block' when the exchange may ban it.
        The warning callback's exceptions propagate: a callback may veto an order.
        """
        if self.mode == "off":
            return None
        verdict = self.check(key, symbol, count, amounts)
        symbol = self._symbol(symbol)
        if self.mode == "block" and not verdict.allowed:
            self._log(key, symbol, verdict)
            error = errors.TradingRulesGuardError(verdict.reason)
            error.figures = verdict.figures  # type: ignore[attr-defined]
            error.retry_at = verdict.retry_at  # type: ignore[attr-defined]
            raise error
        if not verdict.allowed or verdict.near:
            self._log(key, symbol, verdict)
            if self.on_warning is not None:  # hears every time, unlike the log
                self.on_warning(symbol, verdict.figures, verdict.reason)
        else:
            self._quiet(key, symbol)
        return verdict

    def _log(self, key: str, symbol: str, verdict: Verdict) -> None:
        """WARNING once per change of state of a symbol, DEBUG while it repeats."""
        signature = frozenset(
            [f"trips:{n}" for n in verdict.tripped] + [f"near:{n}" for n in verdict.near] + ["ban"] * bool(verdict.banned_until)
        )
        with self._lock:
            bucket = self._buckets.get((key, symbol))
            repeated = bucket is not None and bucket.warned == signature
            if bucket is not None:
                bucket.warned = signature
        logger.log(logging.DEBUG if repeated else logging.WARNING, "%s", verdict.reason)

    def _quiet(self, key: str, symbol: str) -> None:
        with self._lock:
            bucket = self._buckets.get((key, symbol))
            if bucket is not None:
                bucket.warned = frozenset()

    # ------------------------------------------------------------ reading
    def figures(self, key: str, symbol: str) -> dict[str, Any]:
        """The indicators of one (key, symbol), as the guard sees them now.

        'orders', 'filled_orders', 'quick_cancels', 'filled_amount', 'order_amount'
        and the ratios 'FR', 'FW', 'CR' (strings, 8 decimals) use the server's own cut
        (placed within the last window_seconds) on the guard's clock. 'banned_risk'
        lists the indicators whose rule holds in the worst case (the next placement
        would be refused), 'near' those within `margin` orders of it,
        'boundary_orders' how many orders sit within `slack` of the window edge,
        'in_flight' the orders sent but not answered; 'retry_at' (seconds) says when a
        placement becomes possible again when it is not now.
        """
        return dict(self.check(key, symbol).figures)

    def symbols(self, key: str) -> list[str]:
        """Symbol ids with tracked orders for `key`."""
        with self._lock:
            self._clock()
            return sorted(sym for k, sym in self._buckets if k == key)

    def tracked(self) -> dict[str, int]:
        """Sizes of the internal tables (memory check)."""
        with self._lock:
            self._clock()
            return {
                "orders": len(self._timeline),
                "symbols": len(self._buckets),
                "ids": len(self._ids),
                "in_flight": len(self._inflight),
                "bans": len(self._bans),
            }

    def _figures(
        self,
        key: str,
        symbol: str,
        bucket: _Bucket | None,
        now: float,
        tripped: Mapping[str, _Sums],
        near: Sequence[str],
        ban: tuple[float, int] | None,
        retry_at: float | None,
    ) -> dict[str, Any]:
        sums = bucket.totals.copy() if bucket is not None else _Sums()
        boundary = 0
        oldest: float | None = None
        for order in bucket.orders if bucket is not None else ():
            if not self._maybe_gone(order, now):
                oldest = order.placed if oldest is None else oldest
                break
            boundary += 1
            if self._nominally_gone(order, now):
                sums.add(order.sums(), -1)
            elif oldest is None:
                oldest = order.placed
        return {
            "symbol": symbol,
            "timestamp": now,
            "window_seconds": WINDOW_SECONDS,
            "slack_seconds": self.slack,
            "orders": sums.orders,
            "filled_orders": sums.filled_orders,
            "quick_cancels": sums.quick,
            "filled_amount": str(sums.filled),
            "order_amount": str(sums.amount),
            "FR": format_ratio(sums.ratio("FR")),
            "FW": format_ratio(sums.ratio("FW")),
            "CR": format_ratio(sums.ratio("CR")),
            "oldest": oldest,
            "boundary_orders": boundary,
            "in_flight": sum(s.orders for s in bucket.inflight.values()) if bucket is not None else 0,
            "banned_risk": sorted(tripped),
            "near": sorted(near),
            "margin": self.margin,
            "banned_until": ban[0] if ban else None,
            "ban_code": ban[1] if ban else None,
            "retry_at": retry_at,
        }

    def _reason(
        self,
        symbol: str,
        count: int,
        now: float,
        tripped: Mapping[str, _Sums],
        near: Sequence[str],
        ban: tuple[float, int] | None,
        retry_at: float | None,
    ) -> str:
        what = f"{count} order{'s' if count != 1 else ''} on {symbol}"
        parts = []
        if ban is not None:
            parts.append(f"the exchange banned API placements ({ban[1]}) until {iso(ban[0])}")
        if tripped:
            rules = "; ".join(sums.describe(name) for name, sums in tripped.items())
            parts.append(f"the exchange would ban this placement: {rules} in the last {WINDOW_SECONDS:g} s")
        if parts:
            if retry_at is not None:
                wait = retry_at - now
                tail = f"placement possible again at {iso(retry_at)} (in {wait:.1f} s"
                tail += ", when the oldest orders leave the window)" if tripped else ")"
            else:
                tail = "no time can be given: the orders in flight alone trip a rule"
            return f"{spec.EXCHANGE_ID} trading-rules guard: {what}: {'; '.join(parts)}; {tail}"
        return (
            f"{spec.EXCHANGE_ID} trading-rules guard: {what}: {', '.join(near)} would trip within "
            f"{self.margin} more orders like it (unfilled, cancelled at once)"
        )
