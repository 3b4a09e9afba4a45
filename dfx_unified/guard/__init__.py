"""Client-side guard against DigiFinex's API trading-rule bans.

The venue bans API order placement for 30 minutes (24 hours after the third ban in
3 hours) when, per API key and symbol over the orders placed in the last 10 minutes,
FR < 0.01 with > 99 orders, FW < 0.01 with > 49 orders or CR > 0.95 with > 99 orders
(spec.TRADING_RULES). The check happens when an order arrives, over the window's
orders *before* it. So a client that never sends a placement while a trigger holds
is never banned: that is what `TradingRulesGuard` decides, from the client's own
order flow, before anything is sent.

`TradingRulesGuard` is a pure tracker (clock injected, no I/O). `GuardMixin` plugs
it into the request pipeline's `_before_request` / `_after_response` hooks.

Where the client cannot know, the guard assumes the worst:
- orders near the window edge (within `slack` seconds) may or may not still count:
  every cut the server could be using is evaluated, the worst one decides;
- fills it did not see do not exist (fewer fills is worse for FR and FW);
- a cancel counts as quick when it was *sent* within 5 s + slack of the placement
  being answered; an order seen cancelled (status 3) by a read without our cancel is
  quick unless the row's own dates prove otherwise;
- orders in flight, orders whose placement answer was lost, and position closes are
  counted as unfilled orders cancelled at once (the worst order for every indicator);
- a batch of n is checked as if its first n - 1 orders had already arrived, since the
  venue does not say whether it evaluates per batch or per order.

Layout (each module one job; this package re-exports the public names):
- indicators.py: the venue's rules as numbers and the additive sums the three
  indicators (FR, FW, CR) are computed from; pure arithmetic
- tracker.py: TradingRulesGuard, the pure tracker (order flow in; verdicts, warnings
  and figures out; modes off / warn / block), and its Verdict
- mixin.py: GuardMixin, the adapter integration (pipeline hooks, options,
  trading_rules_figures)
"""

from __future__ import annotations

from .indicators import (
    BAN_CODES,
    QUICK_CANCEL_SECONDS,
    RULES,
    TRIGGERS,
    WINDOW_SECONDS,
    ZERO,
    Amount,
    format_ratio,
    to_decimal,
    worst_orders,
)
from .mixin import GuardMixin
from .tracker import (
    DEFAULT_MARGIN,
    DEFAULT_MODE,
    DEFAULT_SLACK,
    MODES,
    TradingRulesGuard,
    Verdict,
    WarningCallback,
    iso,
    logger,
)

__all__ = [
    "BAN_CODES",
    "DEFAULT_MARGIN",
    "DEFAULT_MODE",
    "DEFAULT_SLACK",
    "MODES",
    "QUICK_CANCEL_SECONDS",
    "RULES",
    "TRIGGERS",
    "WINDOW_SECONDS",
    "ZERO",
    "Amount",
    "GuardMixin",
    "TradingRulesGuard",
    "Verdict",
    "WarningCallback",
    "format_ratio",
    "iso",
    "logger",
    "to_decimal",
    "worst_orders",
]
