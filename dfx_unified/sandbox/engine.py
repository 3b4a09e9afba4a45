"""The exchange state machine: accounts, books, matching, margin positions.

No HTTP here. Every public method either reads (``@query``) or changes state
(``@command``, journaled for persistence); all times come from the injected clock.
Funding (deposits, withdrawals) and the read views live in mixins of their own.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from typing import Any

from dfx_unified import spec
from dfx_unified.spec import LedgerCode, OrderStatus

from . import rules
from .book import ZERO, Book, Order, Trade
from .clock import Clock, FixedClock, SystemClock
from .config import (
    CURRENCY_CODES,
    FEE_UID,
    FIRST_USER_UID,
    MARKETS,
    MARKETS_BY_SYMBOL,
    MM_FUNDS,
    MM_UID,
    MarketDef,
    SandboxConfig,
    dec,
)
from .funding import FundingMixin
from .history import path_price
from .journal import EngineError, Sink, command, query
from .market_maker import MarketMaker
from .params import decimal_param
from .views import ViewsMixin

ACCOUNT_IDS = spec.ACCOUNTS_BY_TYPE  # name -> '1' | '2' | '3'
ACCOUNT_NAMES = {v: k for k, v in ACCOUNT_IDS.items()}
PERMISSIONS = ("read", "trade", "withdraw")


@dataclass
class ApiKey:
    key: str
    secret: str
    uid: int
    permissions: tuple[str, ...]
    expires_at: float | None = None
    enabled: bool = True


@dataclass
class Position:
    qty: Decimal = ZERO  # signed base amount: > 0 long, < 0 short (lent base sold)
    entry: Decimal = ZERO


@dataclass
class Account:
    uid: int
    whitelist: list[dict[str, str]] = field(default_factory=list)


def decimals(d: Decimal) -> int:
    exp = d.normalize().as_tuple().exponent
    return max(0, -int(exp))


def step(precision: int) -> Decimal:
    return Decimal(1).scaleb(-precision)


class Engine(FundingMixin, ViewsMixin):
    """One sandbox exchange. Thread-safe: every public method takes the engine lock."""

    def __init__(
        self,
        seed: int = 42,
        clock: Clock | None = None,
        config: SandboxConfig | None = None,
        journal: Sink | None = None,
        genesis: float | None = None,
    ) -> None:
        self.seed = seed
        self.clock: Clock = clock or SystemClock()
        self.config = config or SandboxConfig()
        self.config.validate()
        self._lock = threading.RLock()
        self._journal = journal
        self._replaying = False
        self.genesis = float(genesis if genesis is not None else self.clock.now())
        self._now = self.genesis
        self.maker_fee, self.taker_fee = dec(self.config.maker_fee), dec(self.config.taker_fee)
        self.leverage = dec(self.config.leverage)
        self.markets: dict[str, MarketDef] = dict(MARKETS_BY_SYMBOL)
        self.accounts: dict[int, Account] = {}
        self.keys: dict[str, ApiKey] = {}
        self.balances: dict[tuple[int, str, str], list[Decimal]] = {}
        self.ledger: dict[int, list[dict[str, Any]]] = {}
        self.external: dict[str, Decimal] = {}  # net value that entered from outside
        self.orders: dict[str, Order] = {}  # user orders only
        self.user_orders: dict[int, list[Order]] = {}
        self.user_trades: dict[int, list[tuple[Trade, Order, bool]]] = {}
        self.books: dict[str, Book] = {m.symbol: Book() for m in MARKETS}
        self.trades: dict[str, list[Trade]] = {m.symbol: [] for m in MARKETS}
        self.tape: dict[str, tuple[list[float], list[Decimal], list[Decimal]]] = {m.symbol: ([], [], []) for m in MARKETS}
        self.positions: dict[tuple[int, str], Position] = {}
        # per (api key, symbol): orders in placement order, pruned to the rules' window
        self.rule_orders: dict[tuple[str, str], deque[Order]] = {}
        self.rule_bans: dict[str, list[rules.Ban]] = {}
        self._order_seq = 0
        self._trade_id = 100_000_000
        self._next_uid = FIRST_USER_UID
        self.funding_init()
        self.mm = MarketMaker(self)
        self._bootstrap()

    # ------------------------------------------------------------ clock plumbing
    def _begin(self) -> float:
        now = self.clock.now()
        self._now = now
        if self._advance(now) and self._journal is not None and not self._replaying:
            self._journal("advance", {}, now)
        return now

    def _advance(self, now: float) -> bool:
        changed = self.mm.advance(now)
        return self.mature_withdrawals(now) or changed

    def replay(self, entries: Iterable[tuple[str, dict[str, Any], float]]) -> int:
        """Re-run journaled commands at their recorded times (restart from the store)."""
        live_clock, fixed = self.clock, FixedClock()
        count = 0
        with self._lock:
            self._replaying, self.clock = True, fixed
            try:
                for name, args, t in entries:
                    fixed.t = t
                    count += 1
                    if name == "advance":
                        self._begin()
                        continue
                    method: Callable[..., Any] = getattr(self, name)
                    if not getattr(method, "__journaled__", False):
                        raise ValueError(f"journal names an unknown command: {name}")
                    # refused then too; the refusal may still have recorded a ban
                    with contextlib.suppress(EngineError):
                        method(**args)
            finally:
                self._replaying, self.clock = False, live_clock
        return count

    def _bootstrap(self) -> None:
        """Deterministic start: house accounts, synthetic tape, first quotes."""
        for uid in (MM_UID, FEE_UID):
            self.accounts[uid] = Account(uid)
        for ccy in CURRENCY_CODES:
            self._change(MM_UID, "1", ccy, dec(MM_FUNDS), LedgerCode.DEPOSIT, self.genesis)
            self.external[ccy] = self.external.get(ccy, ZERO) + dec(MM_FUNDS)
        self.mm.seed_history(self.genesis)
        self.mm.advance(self.genesis, force=True)

    # ------------------------------------------------------------ balances
    def bal(self, uid: int, account: str, ccy: str) -> list[Decimal]:
        key = (uid, account, ccy)
        row = self.balances.get(key)
        if row is None:
            row = self.balances[key] = [ZERO, ZERO]
        return row

    def _log(self, uid: int, account: str, ccy: str, num: Decimal, kind: LedgerCode, now: float) -> None:
        if uid < FIRST_USER_UID or num == ZERO:
            return
        row = self.bal(uid, account, ccy)
        self.ledger.setdefault(uid, []).append(
            {"account": account, "currency_mark": ccy, "type": kind, "num": num, "balance": row[0] + row[1], "time": int(now)}
        )

    def _change(self, uid: int, account: str, ccy: str, num: Decimal, kind: LedgerCode, now: float) -> None:
        """Add `num` (may be negative) to the free balance and log it."""
        self.bal(uid, account, ccy)[0] += num
        self._log(uid, account, ccy, num, kind, now)

    def _lock_funds(self, uid: int, account: str, ccy: str, amount: Decimal) -> None:
        row = self.bal(uid, account, ccy)
        if row[0] < amount:
            raise EngineError(20011)
        row[0] -= amount
        row[1] += amount

    def _unlock(self, uid: int, account: str, ccy: str, amount: Decimal) -> None:
        row = self.bal(uid, account, ccy)
        row[1] -= amount
        row[0] += amount

    def _spend_locked(self, uid: int, account: str, ccy: str, amount: Decimal, kind: LedgerCode, now: float) -> None:
        self.bal(uid, account, ccy)[1] -= amount
        self._log(uid, account, ccy, -amount, kind, now)

    # ------------------------------------------------------------ keys and accounts
    @command
    def add_api_key(
        self,
        key: str,
        secret: str,
        permissions: list[str] | tuple[str, ...] = PERMISSIONS,
        uid: int | None = None,
        expires_at: float | None = None,
        funded: bool = True,
    ) -> int:
        """Register a key; with uid None a new account is opened (funded from config)."""
        perms = tuple(p for p in PERMISSIONS if p in permissions)
        if key in self.keys or any(p not in PERMISSIONS for p in permissions):
            raise EngineError(10004)
        if expires_at is not None:
            # a time compared with the clock on every request: text ("soon") or NaN
            # would break every later call of the key
            expires_at = float(decimal_param(expires_at))
        if uid is None:
            uid = self._open_account(funded)
        elif uid not in self.accounts or uid < FIRST_USER_UID:
            raise EngineError(10004)
        self.keys[key] = ApiKey(key, secret, uid, perms, expires_at)
        return uid

    def create_api_key(
        self,
        permissions: Iterable[str] = PERMISSIONS,
        uid: int | None = None,
        expires_at: float | None = None,
        funded: bool = True,
    ) -> tuple[str, str, int]:
        """Generate a fresh key and secret; returns (api_key, secret, uid)."""
        key, secret = secrets.token_hex(16), secrets.token_hex(24)
        uid = self.add_api_key(key, secret, list(permissions), uid, expires_at, funded)
        return key, secret, uid

    @command
    def set_key_enabled(self, key: str, enabled: bool) -> None:
        if key not in self.keys:
            raise EngineError(10002)
        self.keys[key].enabled = enabled

    def _open_account(self, funded: bool) -> int:
        uid = self._next_uid
        self._next_uid += 1
        self.accounts[uid] = Account(uid, [dict(w) for w in self.config.whitelist] if funded else [])
        if funded:
            for ccy, amount in self.config.funds.items():
                self._deposit(uid, ccy.upper(), dec(amount), "1", None, self._now)
            for ccy, amount in self.config.margin_funds.items():
                self._deposit(uid, ccy.upper(), dec(amount), "2", None, self._now)
        return uid

    def key_info(self, key: str) -> ApiKey | None:
        with self._lock:
            return self.keys.get(key)

    # ------------------------------------------------------------ markets
    def market(self, symbol: Any, kind: str = "spot") -> MarketDef:
        m = self.markets.get(str(symbol or "").upper())
        if m is None or (kind == "margin" and not m.margin):
            raise EngineError(20019)
        return m

    def _tradable(self, symbol: Any, kind: str) -> MarketDef:
        m = self.market(symbol, kind)
        if m.is_allow != "1":
            raise EngineError(20042)
        return m

    def new_order_id(self) -> tuple[str, int]:
        self._order_seq += 1
        digest = hashlib.md5(f"{self.seed}:order:{self._order_seq}".encode()).hexdigest()
        return digest, self._order_seq

    # ------------------------------------------------------------ placing orders
    def _validate(self, m: MarketDef, kind: str, otype: Any, amount: Any, price: Any) -> tuple[str, Decimal, Decimal | None]:
        otype = str(otype or "")
        if otype not in spec.ORDER_TYPES:
            raise EngineError(20012)
        market = otype.endswith("_market")
        if market and "MARKET" not in m.order_types:
            raise EngineError(20012)
        if amount in (None, ""):
            raise EngineError(10004)
        qty = decimal_param(amount)
        if qty <= ZERO:
            raise EngineError(10004)
        px: Decimal | None = None
        if otype == "buy_market":
            if decimals(qty) > m.price_precision:
                raise EngineError(20008)
            if qty < dec(m.minimum_value):
                raise EngineError(20010)
            return otype, qty, None
        if decimals(qty) > m.amount_precision:
            raise EngineError(20008)
        if qty < dec(m.minimum_amount):
            raise EngineError(20009)
        if not market:
            if price in (None, ""):
                raise EngineError(10004)
            px = decimal_param(price)
            if px <= ZERO:
                raise EngineError(10004)
            if decimals(px) > m.price_precision:
                raise EngineError(20007)
            if qty * px < dec(m.minimum_value):
                raise EngineError(20010)
        return otype, qty, px

    def _rule_window(self, api_key: str, symbol: str, now: float) -> deque[Order]:
        """The key's orders on the symbol still inside the rules' window.

        Orders are appended as placed, so the expired ones are at the front: dropping
        them keeps each check proportional to the window, not to the key's history.
        """
        orders = self.rule_orders.get((api_key, symbol))
        if orders is None:
            return deque()
        since = now - spec.TRADING_RULES["window_seconds"]
        while orders and orders[0].created <= since:
            orders.popleft()
        return orders

    def _check_rules(self, api_key: str | None, symbol: str, now: float) -> None:
        """Refuse placements during a trading-rule ban, or when the window trips a rule."""
        if api_key is None:
            return
        history = self.rule_bans.setdefault(api_key, [])
        ban = rules.active_ban(history, now)
        if ban is None:
            ind = rules.compute(self._rule_window(api_key, symbol, now), now)
            if ind.triggered():
                ban = rules.new_ban(history, now)
                history.append(ban)
        if ban is not None:
            raise EngineError(20018 if ban.escalated else 20020)

    def _prepare(
        self, uid: int, m: MarketDef, kind: str, otype: str, qty: Decimal, px: Decimal | None, post_only: bool, now: float
    ) -> Order:
        """Build the order and work out its lock (raises 20011 before anything changes)."""
        oid, seq = self.new_order_id()
        order = Order(oid, seq, uid, None, m.symbol, kind, otype, px, qty, now, post_only=post_only)
        account = ACCOUNT_IDS[kind]
        fee = max(self.maker_fee, self.taker_fee) if uid != MM_UID else ZERO
        if order.side == "buy":
            order.lock_currency = m.quote
            if otype == "buy_market":
                order.lock_left = qty
            else:
                assert px is not None
                order.lock_left = qty * px * (1 + fee if kind == "margin" else 1)
        elif kind == "spot":
            order.lock_currency, order.lock_left = m.base, qty
        else:
            ref = px if px is not None else self._reference_price(m.symbol)
            pos = self.positions.get((uid, m.symbol), Position())
            uncovered = max(ZERO, qty - max(pos.qty, ZERO))
            order.lock_currency = m.quote
            order.lock_left = uncovered * ref / self.leverage
            order.collateral_rate = order.lock_left / qty
        if self.bal(uid, account, order.lock_currency)[0] < order.lock_left:
            raise EngineError(20011)
        return order

    def _submit(self, order: Order, api_key: str | None, now: float) -> None:
        account = ACCOUNT_IDS[order.kind]
        self._lock_funds(order.uid, account, order.lock_currency, order.lock_left)
        order.api_key = api_key
        if order.uid != MM_UID:
            self.orders[order.id] = order
            self.user_orders.setdefault(order.uid, []).append(order)
            if api_key is not None:
                self.rule_orders.setdefault((api_key, order.symbol), deque()).append(order)
        book = self.books[order.symbol]
        if order.post_only and order.price is not None and self._crosses(order, book):
            self._finish(order, OrderStatus.CANCELLED, now)
            return
        self._match(order, book, now)

    @command
    def place_order(
        self,
        uid: int,
        symbol: str,
        type: str,
        amount: str,
        price: str | None = None,
        kind: str = "spot",
        post_only: bool = False,
        api_key: str | None = None,
    ) -> str:
        """Place one order; returns its id. Market buys take `amount` in quote."""
        now = self._now
        m = self._tradable(symbol, kind)
        otype, qty, px = self._validate(m, kind, type, amount, price)
        self._check_rules(api_key, m.symbol, now)
        order = self._prepare(uid, m, kind, otype, qty, px, post_only, now)
        self._submit(order, api_key, now)
        return order.id

    @command
    def place_batch(
        self, uid: int, symbol: str, orders: list[dict[str, Any]], kind: str = "spot", api_key: str | None = None
    ) -> list[str]:
        """All-or-nothing: every order is validated and funded before any is placed."""
        now = self._now
        m = self._tradable(symbol, kind)
        if not isinstance(orders, list) or not 0 < len(orders) <= spec.BATCH_ORDER_MAX:
            raise EngineError(10004)
        checked = []
        for row in orders:
            if not isinstance(row, dict):
                raise EngineError(10004)
            otype, qty, px = self._validate(m, kind, row.get("type"), row.get("amount"), row.get("price"))
            checked.append((otype, qty, px, str(row.get("post_only", "0")).lower() in ("1", "true")))
        self._check_rules(api_key, m.symbol, now)
        prepared = [self._prepare(uid, m, kind, o, q, p, po, now) for o, q, p, po in checked]
        needs: dict[str, Decimal] = {}
        for order in prepared:
            needs[order.lock_currency] = needs.get(order.lock_currency, ZERO) + order.lock_left
        for ccy, need in needs.items():
            if self.bal(uid, ACCOUNT_IDS[kind], ccy)[0] < need:
                raise EngineError(20011)
        for order in prepared:
            self._submit(order, api_key, now)
        return [o.id for o in prepared]

    @command
    def cancel_orders(self, uid: int, ids: list[str], kind: str = "spot") -> dict[str, list[str]]:
        """Cancel own open orders; anything else lands in `error`."""
        now = self._now
        done: dict[str, list[str]] = {"success": [], "error": []}
        for oid in ids:
            order = self.orders.get(oid)
            if order is None or order.uid != uid or order.kind != kind or not order.is_open:
                done["error"].append(oid)
                continue
            self.books[order.symbol].remove(order)
            self._finish(order, OrderStatus.CANCELLED if order.filled == ZERO else OrderStatus.PARTIAL_CANCELLED, now)
            done["success"].append(oid)
        return done

    @command
    def close_position(self, uid: int, symbol: str, api_key: str | None = None) -> str:
        """Close the whole margin position on `symbol` at market (20030 if none)."""
        now = self._now
        m = self.market(symbol, "margin")
        pos = self.positions.get((uid, m.symbol))
        if pos is None or pos.qty == ZERO:
            raise EngineError(20030)
        oid, seq = self.new_order_id()
        qty = abs(pos.qty)
        if pos.qty > ZERO:
            order = Order(
                oid, seq, uid, None, m.symbol, "margin", "sell_market", None, qty, now, ledger_type=LedgerCode.MARGIN_CLOSE
            )
            order.lock_currency = m.quote
        else:
            cost = self._cost_to_buy(m.symbol, qty) * (1 + self.taker_fee)
            order = Order(
                oid, seq, uid, None, m.symbol, "margin", "buy_market", None, cost, now,
                close_base=qty, ledger_type=LedgerCode.MARGIN_CLOSE,
            )
            order.lock_currency, order.lock_left = m.quote, cost
            if self.bal(uid, "2", m.quote)[0] < cost:
                raise EngineError(20011)
        self._submit(order, api_key, now)
        return order.id

    # ------------------------------------------------------------ matching
    def _reference_price(self, symbol: str) -> Decimal:
        book = self.books[symbol]
        best = book.best("buy") or book.best("sell")
        if best is not None and best.price is not None:
            return best.price
        return self.last_price(symbol)

    def last_price(self, symbol: str) -> Decimal:
        prices = self.tape[symbol][1]
        if prices:
            return prices[-1]
        m = self.markets[symbol]
        return path_price(self.seed, symbol, dec(m.price), self._now, m.price_precision)

    def _cost_to_buy(self, symbol: str, qty: Decimal) -> Decimal:
        cost, left = ZERO, qty
        for o in self.books[symbol].asks:
            assert o.price is not None
            take = min(left, o.remaining)
            cost += take * o.price
            left -= take
            if left == ZERO:
                break
        return cost

    @staticmethod
    def _crosses(order: Order, book: Book) -> bool:
        best = book.best("sell" if order.side == "buy" else "buy")
        if best is None or best.price is None or order.price is None:
            return False
        return best.price <= order.price if order.side == "buy" else best.price >= order.price

    def _match(self, order: Order, book: Book, now: float) -> None:
        m = self.markets[order.symbol]
        makers = book.side("sell" if order.side == "buy" else "buy")
        quote_fee = self.taker_fee if order.kind == "margin" and order.uid != MM_UID else ZERO
        budget_short = False
        while makers:
            maker = makers[0]
            assert maker.price is not None
            if order.price is not None and not self._crosses(order, book):
                break
            if order.type == "buy_market" and order.close_base is None:
                affordable = (order.lock_left / (maker.price * (1 + quote_fee))).quantize(step(m.amount_precision), ROUND_DOWN)
                qty = min(maker.remaining, affordable)
                if qty <= ZERO:
                    budget_short = True
                    break
            elif order.close_base is not None:
                qty = min(maker.remaining, order.close_base - order.filled)
            else:
                qty = min(maker.remaining, order.remaining)
            if qty <= ZERO:
                break
            self._execute(maker, order, qty, maker.price, now)
            if maker.remaining == ZERO:
                book.remove(maker)
                self._finish(maker, OrderStatus.FILLED, now)
            if order.close_base is not None and order.filled == order.close_base:
                break
        if not order.is_market:
            if order.remaining == ZERO:
                self._finish(order, OrderStatus.FILLED, now)
            else:
                book.add(order)
            return
        if order.filled == ZERO:
            status = OrderStatus.CANCELLED
        elif order.type == "sell_market":
            status = OrderStatus.FILLED if order.remaining == ZERO else OrderStatus.PARTIAL_CANCELLED
        elif order.close_base is not None:
            status = OrderStatus.FILLED if order.filled == order.close_base else OrderStatus.PARTIAL_CANCELLED
        else:
            status = OrderStatus.FILLED if budget_short else OrderStatus.PARTIAL_CANCELLED
        self._finish(order, status, now)

    def _finish(self, order: Order, status: OrderStatus, now: float) -> None:
        if order.lock_left:
            self._unlock(order.uid, ACCOUNT_IDS[order.kind], order.lock_currency, order.lock_left)
            order.lock_left = ZERO
        order.status, order.finished = status, now

    def _execute(self, maker: Order, taker: Order, qty: Decimal, price: Decimal, now: float) -> None:
        self._trade_id += 1
        m = self.markets[taker.symbol]
        trade = Trade(self._trade_id, m.symbol, price, qty, now, taker.side, maker.id, taker.id)
        trade.maker_fee, trade.maker_fee_currency = self._settle(maker, m, qty, price, self.maker_fee, now)
        trade.taker_fee, trade.taker_fee_currency = self._settle(taker, m, qty, price, self.taker_fee, now)
        self.record_trade(trade)
        for order, is_maker in ((maker, True), (taker, False)):
            order.trade_ids.append(trade.id)
            if order.uid >= FIRST_USER_UID:
                self.user_trades.setdefault(order.uid, []).append((trade, order, is_maker))

    def record_trade(self, trade: Trade) -> None:
        self.trades[trade.symbol].append(trade)
        times, prices, amounts = self.tape[trade.symbol]
        times.append(trade.time)
        prices.append(trade.price)
        amounts.append(trade.amount)

    def _settle(self, order: Order, m: MarketDef, qty: Decimal, price: Decimal, rate: Decimal, now: float) -> tuple[Decimal, str]:
        """Move the money of one side of a fill; returns (fee, fee currency)."""
        if order.uid == MM_UID:
            rate = ZERO  # the house market maker trades fee-free
        uid, account, kind = order.uid, ACCOUNT_IDS[order.kind], order.ledger_type
        cost = qty * price
        order.filled += qty
        order.cash += cost
        if order.status == OrderStatus.OPEN:
            order.status = OrderStatus.PARTIAL
        if order.kind == "spot":
            if order.side == "buy":
                fee, fee_ccy = qty * rate, m.base
                order.lock_left -= cost
                self._spend_locked(uid, account, m.quote, cost, kind, now)
                self._change(uid, account, m.base, qty, kind, now)
            else:
                fee, fee_ccy = cost * rate, m.quote
                order.lock_left -= qty
                self._spend_locked(uid, account, m.base, qty, kind, now)
                self._change(uid, account, m.quote, cost, kind, now)
            self._change(uid, account, fee_ccy, -fee, LedgerCode.TRADING_FEE, now)
            self._change(FEE_UID, account, fee_ccy, fee, LedgerCode.TRADING_FEE, now)
            return fee, fee_ccy
        # margin: base lives in the position, the fee is charged in quote
        fee = cost * rate
        if order.side == "buy":
            order.lock_left -= cost + fee
            self._spend_locked(uid, account, m.quote, cost, kind, now)
            self._spend_locked(uid, account, m.quote, fee, LedgerCode.TRADING_FEE, now)
            self._apply_position(uid, m, qty, price)
        else:
            release = min(order.lock_left, qty * order.collateral_rate)
            order.lock_left -= release
            self._unlock(uid, account, m.quote, release)
            self._change(uid, account, m.quote, cost, kind, now)
            self._change(uid, account, m.quote, -fee, LedgerCode.TRADING_FEE, now)
            self._apply_position(uid, m, -qty, price)
        self._change(FEE_UID, account, m.quote, fee, LedgerCode.TRADING_FEE, now)
        return fee, m.quote

    def _apply_position(self, uid: int, m: MarketDef, delta: Decimal, price: Decimal) -> None:
        pos = self.positions.setdefault((uid, m.symbol), Position())
        new = pos.qty + delta
        if pos.qty == ZERO or (pos.qty > ZERO) == (delta > ZERO):
            weighted = abs(pos.qty) * pos.entry + abs(delta) * price
            pos.entry = (weighted / abs(new)).quantize(step(m.price_precision + 4), ROUND_UP)
        elif new == ZERO:
            pos.entry = ZERO
        elif (new > ZERO) != (pos.qty > ZERO):
            pos.entry = price  # flipped through zero: the rest opened at this fill
        pos.qty = new

    # ------------------------------------------------------------ transfers
    @command
    def transfer(self, uid: int, currency: str, amount: str, from_account: str, to_account: str) -> None:
        now = self._now
        src, dst = str(from_account), str(to_account)
        valid = set(ACCOUNT_IDS.values())
        if src not in valid or dst not in valid or src == dst or (src, dst) in spec.UNSUPPORTED_TRANSFERS:
            raise EngineError(20023)
        ccy = str(currency or "").upper()
        if ccy not in CURRENCY_CODES:
            raise EngineError(20021)
        qty = decimal_param(amount, 20024)
        if qty <= ZERO:
            raise EngineError(20024)
        if self.bal(uid, src, ccy)[0] < qty:
            raise EngineError(20026)
        self._change(uid, src, ccy, -qty, LedgerCode.TRANSFER, now)
        self._change(uid, dst, ccy, qty, LedgerCode.TRANSFER, now)

    # ------------------------------------------------------------ trading rules
    @query
    def trading_indicators(self, api_key: str, symbol: str) -> dict[str, Any]:
        """FR / FW / CR over the key's orders on `symbol` in the current 10-minute window."""
        sym = str(symbol).upper()
        ind = rules.compute(self._rule_window(api_key, sym, self._now), self._now)
        return rules.report(ind, rules.active_ban(self.rule_bans.get(api_key, []), self._now))
