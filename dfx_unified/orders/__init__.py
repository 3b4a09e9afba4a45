"""Orders: create (single and batch), cancel, fetch, order trades and my trades.

Requests are validated and built before anything is sent (money stays exact:
strings rounded to the market's precision, arithmetic with Precise). Order creation
goes through `_call_once`: never re-sent, and reconciled against the open and recent
orders when the answer is lost.

`OrdersMixin` is composed of one part per job (flow.unified_flows finds each part's
@unified flows through the MRO):
- validation.py: positive_amount, OrderRequestMixin (one order validated and built; pure)
- parsing.py: OrderParsingMixin (order and my-trade rows to unified orders and trades)
- create.py: OrderCreateMixin (create flows, batches, reconcile of a lost answer)
- cancel.py: OrderCancelMixin (cancel flows)
- fetch.py: OrderFetchMixin (fetch flows: by id, open, history paging, closed, order trades, my trades)
"""

from __future__ import annotations

from .cancel import CANCEL_IDS_PER_REQUEST, CANCELLED_STATUS_IDS, OrderCancelMixin
from .create import KNOWN_IDS_MAX, RECONCILE_HISTORY_SECONDS, RECONCILE_SLACK_SECONDS, OrderCreateMixin
from .fetch import DAY_MS, OrderFetchMixin
from .parsing import OrderParsingMixin, unknown_fee
from .validation import OrderRequestMixin, positive_amount


class OrdersMixin(OrderCreateMixin, OrderCancelMixin, OrderFetchMixin):
    """Every order flow: create, cancel and fetch, with request building and parsing."""


__all__ = [
    "CANCELLED_STATUS_IDS",
    "CANCEL_IDS_PER_REQUEST",
    "DAY_MS",
    "KNOWN_IDS_MAX",
    "RECONCILE_HISTORY_SECONDS",
    "RECONCILE_SLACK_SECONDS",
    "OrderCancelMixin",
    "OrderCreateMixin",
    "OrderFetchMixin",
    "OrderParsingMixin",
    "OrderRequestMixin",
    "OrdersMixin",
    "positive_amount",
    "unknown_fee",
]
