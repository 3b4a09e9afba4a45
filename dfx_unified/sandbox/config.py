"""Sandbox-only data: the listed markets, currencies, the ready account and knobs.

The API tables (endpoints, errors, fees, limits) live in dfx_unified.spec; this module
holds only what the real exchange would have in its database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from dfx_unified import spec
from dfx_unified.numbers import strict_decimal


@dataclass(frozen=True)
class MarketDef:
    symbol: str  # uppercase BASE_QUOTE
    base: str
    quote: str
    price: str  # starting mid price of the synthetic path
    price_precision: int
    amount_precision: int
    minimum_amount: str  # base
    minimum_value: str  # quote
    order_types: tuple[str, ...] = ("LIMIT", "MARKET")
    margin: bool = False
    is_allow: str = "1"
    listing: str = "all"  # 'all' or 'markets_only' (only in the legacy /markets list)
    liquidation_rate: str = "0.3"

    @property
    def lower(self) -> str:
        return self.symbol.lower()


@dataclass(frozen=True)
class CurrencyDef:
    currency: str  # uppercase
    chain: str
    min_deposit_amount: str
    min_withdraw_amount: str
    min_withdraw_fee: str
    withdraw_fee_rate: str
    deposit_status: int = 1
    withdraw_status: int = 1
    daily_withdraw_limit: str = "1000000"
    memo: bool = False  # address tags (XRP)


MARKETS: tuple[MarketDef, ...] = (
    MarketDef("BTC_USDT", "BTC", "USDT", "60000", 2, 6, "0.0001", "2", margin=True),
    MarketDef("ETH_USDT", "ETH", "USDT", "3000", 2, 4, "0.001", "2", margin=True),
    MarketDef("LTC_USDT", "LTC", "USDT", "80", 2, 4, "0.01", "2", margin=True),
    MarketDef("XRP_USDT", "XRP", "USDT", "0.5", 4, 1, "1", "2", margin=True),
    MarketDef("TRX_USDT", "TRX", "USDT", "0.12", 5, 1, "10", "2"),
    MarketDef("ETH_BTC", "ETH", "BTC", "0.05", 6, 4, "0.001", "0.0001"),
    MarketDef("LTC_BTC", "LTC", "BTC", "0.0013", 7, 3, "0.01", "0.0001"),
    # known-quirks: order_types can be LIMIT only (a market order answers 20012)
    MarketDef("DOGE_USDT", "DOGE", "USDT", "0.1", 5, 0, "20", "2", order_types=("LIMIT",)),
    # known-quirks: listed, but trades/symbols says is_allow "0" (answers 20042)
    MarketDef("ADA_USDT", "ADA", "USDT", "0.4", 4, 1, "5", "2", is_allow="0"),
    # known-quirks: only in the older /markets list, not in spot/ or trades/symbols
    MarketDef("DGF_USDT", "DGF", "USDT", "0.02", 5, 0, "100", "2", listing="markets_only"),
)

CURRENCIES: tuple[CurrencyDef, ...] = (
    CurrencyDef("USDT", "ERC20", "10", "10", "5", "0", daily_withdraw_limit="50000"),
    CurrencyDef("USDT", "TRC20", "1", "2", "1", "0", daily_withdraw_limit="50000"),
    CurrencyDef("BTC", "", "0.0001", "0.001", "0.0005", "0.001", daily_withdraw_limit="5"),
    CurrencyDef("ETH", "", "0.001", "0.01", "0.003", "0.001", daily_withdraw_limit="100"),
    CurrencyDef("LTC", "", "0.01", "0.1", "0.01", "0", daily_withdraw_limit="1000"),
    CurrencyDef("XRP", "", "1", "20", "0.25", "0", memo=True, daily_withdraw_limit="100000"),
    CurrencyDef("TRX", "", "1", "10", "1", "0"),
    CurrencyDef("DOGE", "", "10", "50", "5", "0"),
    CurrencyDef("ADA", "", "1", "10", "1", "0"),
    # withdrawals of this coin are closed (answers 20034)
    CurrencyDef("DGF", "", "100", "100", "10", "0", withdraw_status=0),
)

DEFAULT_FUNDS: dict[str, str] = {
    "USDT": "100000",
    "BTC": "10",
    "ETH": "100",
    "LTC": "1000",
    "TRX": "100000",
    "XRP": "10000",
    "DOGE": "100000",
    "ADA": "10000",
    "DGF": "100000",
}
DEFAULT_MARGIN_FUNDS: dict[str, str] = {"USDT": "10000"}

# Whitelisted withdrawal destinations of every funded account (address book).
DEFAULT_WHITELIST: tuple[dict[str, str], ...] = (
    {"currency": "USDT", "chain": "ERC20", "address": "0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c", "memo": ""},
    {"currency": "USDT", "chain": "TRC20", "address": "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", "memo": ""},
    {"currency": "BTC", "chain": "", "address": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "memo": ""},
    {"currency": "ETH", "chain": "", "address": "0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c", "memo": ""},
    {"currency": "LTC", "chain": "", "address": "ltc1qg42tkwuuxefutzxezdkdel39gfstuap288mfea", "memo": ""},
    {"currency": "XRP", "chain": "", "address": "rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh", "memo": "100040"},
    {"currency": "TRX", "chain": "", "address": "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", "memo": ""},
    {"currency": "DOGE", "chain": "", "address": "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", "memo": ""},
    {"currency": "DGF", "chain": "", "address": "0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c", "memo": ""},
)

MARGIN_FEES: tuple[dict[str, Any], ...] = (
    {"currency_mark": "USDT", "level": 1, "range": "[1-7]", "loan_fees": 0.0005},
    {"currency_mark": "USDT", "level": 2, "range": "[8-14]", "loan_fees": 0.001},
    {"currency_mark": "BTC", "level": 1, "range": "[1-7]", "loan_fees": 0.0003},
)

# The market maker's own account holds this much of every currency.
MM_FUNDS = "1000000000"
MM_UID = 1
FEE_UID = 2  # trading fees are credited here so totals are conserved
FIRST_USER_UID = 1_000_001


@dataclass
class SandboxConfig:
    """Knobs of one sandbox; every field has a default that mirrors the venue."""

    funds: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FUNDS))
    margin_funds: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MARGIN_FUNDS))
    whitelist: list[dict[str, str]] = field(default_factory=lambda: [dict(w) for w in DEFAULT_WHITELIST])
    weight_budget: int = spec.WEIGHT_BUDGET
    weight_window_seconds: float = spec.WEIGHT_WINDOW_SECONDS
    weights: dict[str, int] = field(default_factory=dict)  # path -> weight override
    leverage: str = "3"
    maker_fee: str = spec.FEES["maker"]
    taker_fee: str = spec.FEES["taker"]
    mm_step_seconds: float = 5.0
    mm_levels: int = 5
    mm_spread: str = "0.0005"  # distance between levels, relative to mid
    mm_catch_up_steps: int = 10  # at most this many missed steps are replayed
    history_seconds: int = 7200  # synthetic trades before the first start
    withdraw_complete_seconds: float | None = 600.0  # None: only the admin completes
    daily_withdraw_limits: dict[str, str] = field(default_factory=dict)  # overrides
    recv_window_max_seconds: float = 60.0

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Refuse a configuration the engine could not compute with (ValueError naming the field).

        Run on construction and again by the engine, since fields may be set afterwards.
        """
        amounts = {f"funds[{c}]": v for c, v in self.funds.items()}
        amounts.update({f"margin_funds[{c}]": v for c, v in self.margin_funds.items()})
        amounts.update({f"daily_withdraw_limits[{c}]": v for c, v in self.daily_withdraw_limits.items()})
        amounts.update(leverage=self.leverage, maker_fee=self.maker_fee, taker_fee=self.taker_fee, mm_spread=self.mm_spread)
        for name, text in amounts.items():
            try:
                number = strict_decimal(text)
            except ValueError as error:
                raise ValueError(f"SandboxConfig.{name}: {error}") from None
            if number < 0:
                raise ValueError(f"SandboxConfig.{name} must not be negative")
        seconds = {
            "weight_window_seconds": self.weight_window_seconds,
            "mm_step_seconds": self.mm_step_seconds,
            "recv_window_max_seconds": self.recv_window_max_seconds,
            "withdraw_complete_seconds": self.withdraw_complete_seconds or 0.0,
        }
        for name, value in seconds.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                raise ValueError(f"SandboxConfig.{name} must be a finite number of seconds >= 0")

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SandboxConfig:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


MARKETS_BY_SYMBOL: dict[str, MarketDef] = {m.symbol: m for m in MARKETS}
CURRENCY_CODES: tuple[str, ...] = tuple(dict.fromkeys(c.currency for c in CURRENCIES))


def chains_of(currency: str) -> list[CurrencyDef]:
    return [c for c in CURRENCIES if c.currency == currency]


def dec(value: Any) -> Decimal:
    return Decimal(str(value))
