"""Static description of the DigiFinex v3 spot/margin API: plain data, one source.

Everything that is a mapping lives here exactly once (endpoints and weights, error
codes, order statuses, accounts, timeframes, ledger types, transaction states); the
adapter, the sandbox and the benchmarks all read these tables, and inverse maps are
derived, never written by hand.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Final, Literal, NamedTuple, TypedDict

EXCHANGE_ID: Final = "digifinex"
REST_URL: Final = "https://openapi.digifinex.com"
API_PREFIX: Final = "/v3/"
# Default address of a sandbox started with `dfx-unified sandbox` (no --port given).
DEFAULT_SANDBOX_PORT: Final = 8686
DEFAULT_SANDBOX_URL: Final = f"http://127.0.0.1:{DEFAULT_SANDBOX_PORT}"

# The reference documents one budget: the sum of weights per IP / API key / user must
# stay within 1200. known-quirks: read it as "per minute" (DigiFinex's other API line).
WEIGHT_BUDGET: Final = 1200
WEIGHT_WINDOW_SECONDS: Final = 60
# Ban for exceeding the weight budget: 2 minutes for the first 3 bans in 24 hours,
# then 10 minutes, then 30 minutes after more than 6 (reference, "Signature
# Authentication"; the text's "30 times" is read as 30 minutes).
RATE_BAN_SECONDS: Final = ((3, 120), (6, 600), (None, 1800))
RATE_BAN_HISTORY_SECONDS: Final = 24 * 3600

# Timestamps: rejected when more than 5 s behind or 1 s ahead of the server unless the
# ACCESS-RECV-WINDOW header widens the window behind.
TIMESTAMP_BEHIND_SECONDS: Final = 5
TIMESTAMP_AHEAD_SECONDS: Final = 1

# Trading rules ("API Trading Rules"): per key and symbol over 10 minutes.
# A trigger row: (comparison, threshold as decimal text, min_orders); trips when count > min_orders.
TriggerRule = tuple[Literal["<", ">"], str, int]


class TradingRules(TypedDict):
    window_seconds: int
    quick_cancel_seconds: int
    ban_seconds: int
    escalated_ban_seconds: int
    escalate_after_bans: int
    escalation_window_seconds: int
    triggers: dict[str, TriggerRule]


TRADING_RULES: Final[TradingRules] = {
    "window_seconds": 600,
    "quick_cancel_seconds": 5,
    "ban_seconds": 1800,
    "escalated_ban_seconds": 24 * 3600,
    "escalate_after_bans": 3,
    "escalation_window_seconds": 3 * 3600,
    # indicator: (trigger comparison, threshold, orders needed: count > min_orders)
    "triggers": {
        "FR": ("<", "0.01", 99),
        "FW": ("<", "0.01", 49),
        "CR": (">", "0.95", 99),
    },
}


class Endpoint(NamedTuple):
    """One row of the endpoint table."""

    access: str  # 'public' or 'private'
    method: str  # 'GET' or 'POST'
    path: str  # below /v3/, may contain '{market}'
    weight: int  # conservative default, overridable through options['weights']
    permission: str  # 'read', 'trade' or 'withdraw' (sandbox key permissions)
    success_codes: tuple[int, ...] = (0,)
    # True when sending the request twice has the effect of sending it once: reads,
    # and cancels. Requests that create or move something are never re-sent blindly.
    retry_safe: bool = True
    # documented parameters of this endpoint that share a name with a unified
    # parameter (UNIFIED_PARAMS): they are sent, the others never are
    own_params: tuple[str, ...] = ()


# The reference publishes no per-endpoint weights for spot (known-quirks). These are
# conservative defaults: heavier for lists that cover every market or search history.
_OK_200 = (200, 0)
ENDPOINTS: Final[tuple[Endpoint, ...]] = (
    # public
    Endpoint("public", "GET", "ping", 1, "read"),
    Endpoint("public", "GET", "time", 1, "read"),
    Endpoint("public", "GET", "markets", 5, "read"),
    Endpoint("public", "GET", "ticker", 5, "read"),
    Endpoint("public", "GET", "order_book", 2, "read"),
    Endpoint("public", "GET", "trades", 2, "read"),
    Endpoint("public", "GET", "kline", 2, "read"),
    Endpoint("public", "GET", "spot/symbols", 5, "read"),
    Endpoint("public", "GET", "margin/currencies", 2, "read"),
    Endpoint("public", "GET", "margin/symbols", 5, "read"),
    Endpoint("public", "GET", "trades/symbols", 5, "read"),
    Endpoint("public", "GET", "currencies", 5, "read", _OK_200),
    # private: account and orders, {market} is 'spot' or 'margin'
    Endpoint("private", "GET", "{market}/financelog", 5, "read"),
    Endpoint("private", "GET", "{market}/order", 2, "read"),
    Endpoint("private", "GET", "{market}/order/detail", 2, "read"),
    Endpoint("private", "GET", "{market}/order/current", 2, "read"),
    Endpoint("private", "GET", "{market}/order/history", 5, "read"),
    Endpoint("private", "GET", "{market}/mytrades", 5, "read"),
    Endpoint("private", "GET", "spot/assets", 2, "read"),
    Endpoint("private", "GET", "margin/assets", 2, "read"),
    Endpoint("private", "GET", "margin/positions", 2, "read"),
    Endpoint("private", "POST", "{market}/order/new", 1, "trade", retry_safe=False, own_params=("type",)),
    Endpoint("private", "POST", "{market}/order/batch_new", 5, "trade", retry_safe=False),
    Endpoint("private", "POST", "{market}/order/cancel", 1, "trade"),
    Endpoint("private", "POST", "transfer", 2, "trade", retry_safe=False),
    Endpoint("private", "POST", "margin/position/close", 2, "trade", retry_safe=False),
    # private: deposits and withdrawals (success code 200)
    Endpoint("private", "GET", "deposit/address", 2, "read", _OK_200),
    Endpoint("private", "GET", "deposit/history", 5, "read", _OK_200),
    Endpoint("private", "GET", "withdraw/history", 5, "read", _OK_200),
    Endpoint("private", "POST", "withdraw/new", 5, "withdraw", _OK_200, retry_safe=False, own_params=("type",)),
    Endpoint("private", "POST", "withdraw/cancel", 2, "withdraw", _OK_200),
)

# ccxt's unified parameters: they choose what a unified method does (market type,
# margin, time window, paging, network, retries) and are consumed by it, never sent
# to the exchange, except where an endpoint documents a parameter of the same name
# (Endpoint.own_params).
UNIFIED_PARAMS: Final = frozenset(
    {
        "type", "defaultType", "subType", "defaultSubType", "marginMode", "defaultMarginMode", "margin",
        "until", "paginate", "paginationCalls", "paginationDirection", "maxEntriesPerRequest",
        "network", "networkCode", "callerMethodName", "maxRetriesOnFailure", "maxRetriesOnFailureDelay",
        "createMarketBuyOrderRequiresPrice", "fetchOrderAfterCreate",
    }
)

# Values of the {market} path parameter, and of `kind` in order rows.
MARKET_KINDS: Final = ("spot", "margin")
FINANCELOG_KINDS: Final = ("spot", "margin", "otc")


def concrete_path(path: str, kind: str) -> str:
    return path.replace("{market}", kind)


def _expand(endpoint: Endpoint) -> tuple[str, ...]:
    if "{market}" not in endpoint.path:
        return (endpoint.path,)
    kinds = FINANCELOG_KINDS if endpoint.path.endswith("financelog") else MARKET_KINDS
    return (endpoint.path, *tuple(concrete_path(endpoint.path, k) for k in kinds))


# Every path the server answers (with {market} filled in), mapped to its row.
ENDPOINTS_BY_PATH: Final[dict[tuple[str, str], Endpoint]] = {
    (e.method, p): e for e in ENDPOINTS for p in _expand(e) if "{" not in p
}


def ccxt_api_tree() -> dict[str, Any]:
    """The `api` entry of describe(), in ccxt's shape, derived from ENDPOINTS.

    Paths sit under ['public'|'private']['spot'] as in ccxt.digifinex, so implicit
    method names (public_spot_get_ticker, private_spot_post_spot_order_new, ...) stay
    the same for users who call them. Concrete {market} paths are listed too.
    """
    tree: dict[str, Any] = {}
    for endpoint in ENDPOINTS:
        section = tree.setdefault(endpoint.access, {}).setdefault("spot", {})
        methods = section.setdefault(endpoint.method.lower(), {})
        for path in _expand(endpoint):
            methods[path] = {"cost": endpoint.weight}
    return tree


# ---------------------------------------------------------------- errors
# code -> ccxt exception class name (resolved in errors.py). Every code of the
# reference's table; the most specific class that fits the text.
ERROR_CODES: Final[dict[int, str]] = {
    10001: "BadRequest",  # wrong request method
    10002: "AuthenticationError",  # invalid ApiKey
    10003: "AuthenticationError",  # sign doesn't match
    10004: "BadRequest",  # illegal request parameters
    10005: "RateLimitExceeded",  # request frequency exceeds the limit
    10006: "PermissionDenied",  # unauthorized to execute this request
    10007: "PermissionDenied",  # IP address unauthorized
    10008: "InvalidNonce",  # timestamp invalid
    10009: "BadRequest",  # unknown endpoint or missing ACCESS-KEY: not retryable
    10011: "AuthenticationError",  # ApiKey expired
    20002: "MarketClosed",  # trade of this pair suspended
    20007: "InvalidOrder",  # price precision
    20008: "InvalidOrder",  # amount precision
    20009: "InvalidOrder",  # amount below minimum
    20010: "InvalidOrder",  # cash amount below minimum
    20011: "InsufficientFunds",
    20012: "InvalidOrder",  # invalid trade type
    20013: "OrderNotFound",
    20014: "BadRequest",  # invalid date
    20015: "BadRequest",  # date exceeds the limit
    20018: "AccountSuspended",  # banned for API trading by the system
    20019: "BadSymbol",
    20020: "AccountSuspended",  # violated API trading rules, temporarily banned
    20021: "BadRequest",  # invalid currency
    20022: "BadRequest",  # end must be after start
    20023: "BadRequest",  # invalid transfer type
    20024: "BadRequest",  # invalid amount
    20025: "PermissionDenied",  # currency not transferable now
    20026: "InsufficientFunds",  # transfer exceeds balance
    20027: "AccountSuspended",  # abnormal account status
    20028: "PermissionDenied",  # transfer blacklist
    20029: "PermissionDenied",  # transfer daily limit
    20030: "BadRequest",  # no position on this pair
    20032: "PermissionDenied",  # withdrawal limited
    20033: "BadRequest",  # wrong withdrawal id
    20034: "OnMaintenance",  # withdrawal service of this crypto closed
    20035: "PermissionDenied",  # withdrawal limit
    20036: "ExchangeError",  # withdrawal cancellation failed
    20037: "InvalidAddress",  # address/tag/chain not in withdrawal management list
    20038: "InvalidAddress",  # address not whitelisted
    20039: "BadRequest",  # can't cancel in current status
    20040: "RateLimitExceeded",  # withdrawals: 3 a minute, 100 a day
    20041: "PermissionDenied",  # beyond daily withdrawal limit
    20042: "BadSymbol",  # pair does not support API trading
    50000: "ExchangeNotAvailable",  # exception error (server side)
}

# Server texts of the reference's error table, used by the sandbox for its replies.
ERROR_MESSAGES: Final[dict[int, str]] = {
    10001: "Wrong request method, please check it's a GET or POST request",
    10002: "Invalid ApiKey",
    10003: "Sign doesn't match",
    10004: "Illegal request parameters",
    10005: "Request frequency exceeds the limit",
    10006: "Unauthorized to execute this request",
    10007: "IP address Unauthorized",
    10008: "Timestamp for this request is invalid",
    10009: "Unexist endpoint or misses ACCESS-KEY, please check endpoint URL",
    10011: "ApiKey expired. Please go to client side to re-create an ApiKey.",
    20002: "Trade of this trading pair is suspended",
    20007: "Price precision error",
    20008: "Amount precision error",
    20009: "Amount is less than the minimum requirement",
    20010: "Cash Amount is less than the minimum requirement",
    20011: "Insufficient balance",
    20012: "Invalid trade type (valid value: buy/sell)",
    20013: "No order info found",
    20014: "Invalid date (Valid format: 2018-07-25)",
    20015: "Date exceeds the limit",
    20018: "Your have been banned for API trading by the system",
    20019: 'Wrong trading pair symbol, correct format:"base_quote", e.g. "btc_usdt"',
    20020: "You have violated the API trading rules and temporarily banned for trading.",
    20021: "Invalid currency",
    20022: "The ending timestamp must be larger than the starting timestamp",
    20023: "Invalid transfer type",
    20024: "Invalid amount",
    20025: "This currency is not transferable at the moment",
    20026: "Transfer amount exceed your balance",
    20027: "Abnormal account status",
    20028: "Blacklist for transfer",
    20029: "Transfer amount exceed your daily limit",
    20030: "You have no position on this trading pair",
    20032: "Withdrawal limited",
    20033: "Wrong Withdrawal ID",
    20034: "Withdrawal service of this crypto has been closed",
    20035: "Withdrawal limit",
    20036: "Withdrawal cancellation failed",
    20037: "The withdrawal address, Tag or chain type is not included in the withdrawal management list",
    20038: "The withdrawal address is not on the white list",
    20039: "Can't be canceled in current status",
    20040: "Withdraw too frequently; limitation: 3 times a minute, 100 times a day",
    20041: "Beyond the daily withdrawal limit",
    20042: "Current trading pair does not support API trading",
    50000: "Exception error",
}

# ---------------------------------------------------------------- orders
class OrderStatus(IntEnum):
    """Order `status` ids of the reference (the sandbox writes these)."""

    OPEN = 0  # nothing executed yet
    PARTIAL = 1  # partially executed, the remainder rests
    FILLED = 2  # completely executed
    CANCELLED = 3  # cancelled with nothing executed
    PARTIAL_CANCELLED = 4  # cancelled after a partial fill


# order `status` -> ccxt status. 1 (partially executed) stays open: the remainder rests.
ORDER_STATUSES: Final[dict[str, str]] = {
    str(OrderStatus.OPEN.value): "open",
    str(OrderStatus.PARTIAL.value): "open",
    str(OrderStatus.FILLED.value): "closed",
    str(OrderStatus.CANCELLED.value): "canceled",
    # lossy: cancelled after a partial fill; `filled` tells them apart
    str(OrderStatus.PARTIAL_CANCELLED.value): "canceled",
}

# order `type` -> (ccxt type, side)
ORDER_TYPES: Final[dict[str, tuple[str, str]]] = {
    "buy": ("limit", "buy"),
    "sell": ("limit", "sell"),
    "buy_market": ("market", "buy"),
    "sell_market": ("market", "sell"),
}
ORDER_TYPE_IDS: Final[dict[tuple[str, str], str]] = {v: k for k, v in ORDER_TYPES.items()}

BATCH_ORDER_MAX: Final = 10
FETCH_ORDER_IDS_MAX: Final = 20
HISTORY_MAX_DAYS: Final = 30
HISTORY_DEFAULT_DAYS: Final = 3
ORDER_HISTORY_LIMIT_MAX: Final = 100
MY_TRADES_LIMIT_MAX: Final = 500
FINANCELOG_LIMIT_MAX: Final = 1000
ORDER_BOOK_LIMIT_MAX: Final = 150
TRADES_LIMIT_MAX: Final = 500
KLINE_LIMIT_MAX: Final = 500
KLINE_DEFAULT_COUNT: Final = 200
TRANSFER_HISTORY_SIZE_MAX: Final = 500

# ---------------------------------------------------------------- accounts
ACCOUNTS_BY_TYPE: Final[dict[str, str]] = {"spot": "1", "margin": "2", "otc": "3"}
# "transfers between margin account and OTC account is currently not available"
UNSUPPORTED_TRANSFERS: Final = frozenset({("2", "3"), ("3", "2")})

# ---------------------------------------------------------------- market data
# ccxt timeframe -> kline `period`
TIMEFRAMES: Final[dict[str, str]] = {
    "1m": "1",
    "5m": "5",
    "15m": "15",
    "30m": "30",
    "1h": "60",
    "4h": "240",
    "12h": "720",
    "1d": "1D",
    "1w": "1W",
}
# Length of each candle, and where the candles of a timeframe start: every timeframe's
# candles open on multiples of its length since the epoch, except weekly ones, which open
# on Monday 00:00 UTC (the epoch was a Thursday, four days after a Monday).
TIMEFRAME_SECONDS: Final[dict[str, int]] = {
    "1m": 60,
    "5m": 300,
    "15m": 900,
    "30m": 1800,
    "1h": 3600,
    "4h": 14400,
    "12h": 43200,
    "1d": 86400,
    "1w": 7 * 86400,
}
TIMEFRAME_OFFSET_SECONDS: Final[dict[str, int]] = {"1w": 4 * 86400}


def candle_open(seconds: int, timeframe: str) -> int:
    """Open time (s) of the `timeframe` candle that contains `seconds`."""
    size = TIMEFRAME_SECONDS[timeframe]
    offset = TIMEFRAME_OFFSET_SECONDS.get(timeframe, 0)
    return (seconds - offset) // size * size + offset


# kline `period` -> ccxt timeframe, and its candle length (derived)
PERIOD_TIMEFRAMES: Final[dict[str, str]] = {period: tf for tf, period in TIMEFRAMES.items()}
PERIOD_SECONDS: Final[dict[str, int]] = {period: TIMEFRAME_SECONDS[tf] for period, tf in PERIOD_TIMEFRAMES.items()}

# ---------------------------------------------------------------- transactions
class DepositState(IntEnum):
    """Deposit `state` ids of the reference."""

    IN_DEPOSIT = 1
    TO_CONFIRM = 2
    DEPOSITED = 3
    STOPPED = 4


class WithdrawalState(IntEnum):
    """Withdrawal `state` ids of the reference (5 as the sandbox and the live venue write it)."""

    APPLYING = 1  # application in progress
    TO_CONFIRM = 2
    COMPLETED = 3
    REJECTED = 4
    CANCELLED = 5  # cancelled by the user


# deposit `state` (documented ints) and the word shape seen live (known-quirks).
DEPOSIT_STATES: Final[dict[str, str]] = {
    str(DepositState.IN_DEPOSIT.value): "pending",
    str(DepositState.TO_CONFIRM.value): "pending",
    str(DepositState.DEPOSITED.value): "ok",
    str(DepositState.STOPPED.value): "failed",
    "safe": "ok",
    "confirm": "pending",
    "unconfirm": "pending",
    "fail": "failed",
    "failed": "failed",
}
WITHDRAWAL_STATES: Final[dict[str, str]] = {
    str(WithdrawalState.APPLYING.value): "pending",
    str(WithdrawalState.TO_CONFIRM.value): "pending",
    str(WithdrawalState.COMPLETED.value): "ok",
    str(WithdrawalState.REJECTED.value): "failed",
    str(WithdrawalState.CANCELLED.value): "canceled",
    "safe": "ok",
    "confirm": "pending",
    "unconfirm": "pending",
    "cancel": "canceled",
    "canceled": "canceled",
    "fail": "failed",
    "failed": "failed",
    "reject": "failed",
}
# Zone of the zone-less dates in deposit/withdraw history (known-quirks: venue is
# GMT+8 elsewhere). Overridable through options['historyTimezone'].
DEFAULT_HISTORY_TIMEZONE: Final = "Asia/Singapore"
WITHDRAW_PER_MINUTE: Final = 3
WITHDRAW_PER_DAY: Final = 100

# ---------------------------------------------------------------- ledger
class LedgerCode(IntEnum):
    """financelog `type` codes. The live codes are undocumented (the reference's example
    for financelog is a copy of margin/assets); these are the codes the sandbox writes."""

    DEPOSIT = 1  # deposit credited
    WITHDRAWAL = 2  # withdrawal debited (and refunded on cancel, num > 0)
    WITHDRAWAL_FEE = 3
    FILL = 10  # order fill (base or quote leg)
    TRADING_FEE = 11
    TRANSFER = 20  # transfer between spot / margin / OTC
    MARGIN_CLOSE = 30  # margin position settlement (fills of a position close)


# financelog `type` code -> ccxt ledger type. Codes not listed here keep the raw code
# as `type`, so nothing is silently relabelled. Direction comes from the sign of `num`.
LEDGER_TYPES: Final[dict[str, str]] = {
    str(LedgerCode.DEPOSIT.value): "transaction",
    str(LedgerCode.WITHDRAWAL.value): "transaction",
    str(LedgerCode.WITHDRAWAL_FEE.value): "fee",
    str(LedgerCode.FILL.value): "trade",
    str(LedgerCode.TRADING_FEE.value): "fee",
    str(LedgerCode.TRANSFER.value): "transfer",
    str(LedgerCode.MARGIN_CLOSE.value): "margin",
}

FEES: Final = {"maker": "0.002", "taker": "0.002"}
