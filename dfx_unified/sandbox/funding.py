"""Deposits and withdrawals (engine mixin): address book checks, fees, limits."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from dfx_unified import spec
from dfx_unified.spec import DepositState, LedgerCode, WithdrawalState

from .book import ZERO
from .config import CURRENCY_CODES, FEE_UID, chains_of, dec
from .journal import EngineError, command, query
from .params import decimal_param, int_param

if TYPE_CHECKING:
    from .config import SandboxConfig
    from .engine import Account

    class _EngineState(Protocol):
        """What FundingMixin uses of the Engine it is mixed into."""

        seed: int
        config: SandboxConfig
        accounts: dict[int, Account]
        external: dict[str, Decimal]
        _now: float

        def bal(self, uid: int, account: str, ccy: str) -> list[Decimal]: ...
        def _change(self, uid: int, account: str, ccy: str, num: Decimal, kind: LedgerCode, now: float) -> None: ...

else:
    _EngineState = object

# History dates are zone-less strings; the sandbox writes them in GMT+8 (known-quirks).
HISTORY_TZ = timezone(timedelta(hours=8))
ACCOUNTS = spec.ACCOUNTS_BY_TYPE
# withdrawals that never left: they do not count against the daily amount limit
NOT_SENT = (WithdrawalState.REJECTED, WithdrawalState.CANCELLED)


def history_date(t: float) -> str:
    if not t:
        return ""
    return datetime.fromtimestamp(t, HISTORY_TZ).strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Deposit:
    id: int
    uid: int
    currency: str
    chain: str
    amount: Decimal
    address: str
    memo: str
    hash: str
    state: DepositState
    created: float
    finished: float


@dataclass
class Withdrawal:
    id: int
    uid: int
    type: str
    currency: str
    chain: str
    address: str
    memo: str
    amount: Decimal
    fee: Decimal
    state: WithdrawalState
    created: float
    finished: float = 0.0
    hash: str = ""


class FundingMixin(_EngineState):
    def funding_init(self) -> None:
        self.deposits: list[Deposit] = []
        self.withdrawals: dict[int, Withdrawal] = {}
        self._deposit_id = 1000
        self._withdraw_id = 700

    # ------------------------------------------------------------ helpers
    def _txhash(self, kind: str, ident: int) -> str:
        return hashlib.sha256(f"{self.seed}:{kind}:{ident}".encode()).hexdigest()

    def address_of(self, uid: int, currency: str, chain: str) -> tuple[str, str]:
        digest = hashlib.sha1(f"{self.seed}:{uid}:{currency}:{chain}".encode()).hexdigest()
        memo = str(uid) if any(c.memo for c in chains_of(currency)) else ""
        return "0x" + digest[:40], memo

    def _chain_row(self, currency: str, chain: Any) -> Any:
        rows = chains_of(currency)
        wanted = str(chain or "").upper()
        for row in rows:
            if row.chain.upper() == wanted:
                return row
        if not wanted and len(rows) == 1:
            return rows[0]
        return None

    def _deposit(self, uid: int, ccy: str, amount: Decimal, account: str, chain: str | None, now: float) -> Deposit:
        row = self._chain_row(ccy, chain) if chain is not None else chains_of(ccy)[0]
        if row is None:
            raise EngineError(20037)
        self._deposit_id += 1
        address, memo = self.address_of(uid, ccy, row.chain)
        txhash = self._txhash("deposit", self._deposit_id)
        dep = Deposit(self._deposit_id, uid, ccy, row.chain, amount, address, memo, txhash, DepositState.DEPOSITED, now, now)
        self.deposits.append(dep)
        self._change(uid, account, ccy, amount, LedgerCode.DEPOSIT, now)
        self.external[ccy] = self.external.get(ccy, ZERO) + amount
        return dep

    # ------------------------------------------------------------ commands
    @command
    def deposit(self, uid: int, currency: str, amount: str, account: str = "spot", chain: str | None = None) -> int:
        """Credit an external deposit (sandbox admin); returns the deposit id."""
        ccy = str(currency or "").upper()
        if ccy not in CURRENCY_CODES:
            raise EngineError(20021)
        if uid not in self.accounts:
            raise EngineError(10004)
        acct = ACCOUNTS.get(str(account), str(account))
        if acct not in ACCOUNTS.values():
            raise EngineError(20023)
        qty = decimal_param(amount, 20024)
        if qty <= ZERO:
            raise EngineError(20024)
        return self._deposit(uid, ccy, qty, acct, chain, self._now).id

    @command
    def withdraw(
        self,
        uid: int,
        currency: str,
        amount: str,
        address: str,
        chain: str = "",
        memo: str = "",
        type: str = "normal",
    ) -> int:
        """Request a withdrawal from the spot account; returns the withdrawal id."""
        now = self._now
        ccy = str(currency or "").upper()
        if ccy not in CURRENCY_CODES:
            raise EngineError(20021)
        kind = str(type or "normal").lower()
        if kind not in ("normal", "internal"):
            raise EngineError(10004)
        qty = decimal_param(amount, 20024)
        target: int | None = None
        row = self._chain_row(ccy, chain)
        if kind == "internal":
            row = row or chains_of(ccy)[0]
            target = int_param(address, None, 20038)
            if target is None or target == uid or target not in self.accounts or target < 1_000_000:
                raise EngineError(20038)
        else:
            book = [w for w in self.accounts[uid].whitelist if w["currency"].upper() == ccy and w["address"] == str(address)]
            if not book:
                raise EngineError(20038)
            if row is None or not any(
                w["chain"].upper() == row.chain.upper() and w.get("memo", "") == str(memo or "") for w in book
            ):
                raise EngineError(20037)
        if row.withdraw_status != 1:
            raise EngineError(20034)
        if qty <= ZERO or qty < dec(row.min_withdraw_amount):
            raise EngineError(20024)
        mine = [w for w in self.withdrawals.values() if w.uid == uid]
        if sum(1 for w in mine if w.created > now - 60) >= spec.WITHDRAW_PER_MINUTE:
            raise EngineError(20040)
        if sum(1 for w in mine if w.created > now - 86400) >= spec.WITHDRAW_PER_DAY:
            raise EngineError(20040)
        limit = dec(self.config.daily_withdraw_limits.get(ccy, row.daily_withdraw_limit))
        used = sum(
            (
                w.amount
                for w in mine
                if w.currency == ccy and w.created > now - 86400 and w.state not in NOT_SENT
            ),
            ZERO,
        )
        if used + qty > limit:
            raise EngineError(20041)
        fee = ZERO if kind == "internal" else max(dec(row.min_withdraw_fee), qty * dec(row.withdraw_fee_rate))
        if self.bal(uid, "1", ccy)[0] < qty + fee:
            raise EngineError(20011)
        self._withdraw_id += 1
        w = Withdrawal(
            self._withdraw_id, uid, kind, ccy, row.chain, str(address), str(memo or ""), qty, fee, WithdrawalState.APPLYING, now
        )
        self.withdrawals[w.id] = w
        self._change(uid, "1", ccy, -qty, LedgerCode.WITHDRAWAL, now)
        self._change(uid, "1", ccy, -fee, LedgerCode.WITHDRAWAL_FEE, now)
        self._change(FEE_UID, "1", ccy, fee, LedgerCode.WITHDRAWAL_FEE, now)
        if target is not None:
            # internal: the other account is credited at once; nothing leaves the venue
            self.external[ccy] = self.external.get(ccy, ZERO) - qty
            self._deposit(target, ccy, qty, "1", row.chain, now)
            w.state, w.finished, w.hash = WithdrawalState.COMPLETED, now, f"internal:{w.id}"
        else:
            self.external[ccy] = self.external.get(ccy, ZERO) - qty
        return w.id

    @command
    def cancel_withdrawal(self, uid: int, withdraw_id: int) -> int:
        now = self._now
        w = self.withdrawals.get(int(withdraw_id))
        if w is None or w.uid != uid:
            raise EngineError(20033)
        if w.type == "internal":
            raise EngineError(20036)  # the other account already has the funds
        if w.state != WithdrawalState.APPLYING:
            raise EngineError(20039)
        w.state, w.finished = WithdrawalState.CANCELLED, now
        self._change(uid, "1", w.currency, w.amount, LedgerCode.WITHDRAWAL, now)
        self._change(FEE_UID, "1", w.currency, -w.fee, LedgerCode.WITHDRAWAL_FEE, now)
        self._change(uid, "1", w.currency, w.fee, LedgerCode.WITHDRAWAL_FEE, now)
        self.external[w.currency] = self.external.get(w.currency, ZERO) + w.amount
        return w.id

    @command
    def complete_withdrawal(self, withdraw_id: int) -> int:
        """Sandbox admin: the pending withdrawal is sent (state 3, hash set)."""
        w = self.withdrawals.get(int(withdraw_id))
        if w is None:
            raise EngineError(20033)
        if w.state != WithdrawalState.APPLYING:
            raise EngineError(20039)
        w.state, w.finished, w.hash = WithdrawalState.COMPLETED, self._now, self._txhash("withdraw", w.id)
        return w.id

    def mature_withdrawals(self, now: float) -> bool:
        """Complete pending withdrawals older than the configured delay."""
        delay = self.config.withdraw_complete_seconds
        if delay is None:
            return False
        changed = False
        for w in self.withdrawals.values():
            if w.state == WithdrawalState.APPLYING and w.created + delay <= now:
                w.state, w.finished, w.hash = WithdrawalState.COMPLETED, w.created + delay, self._txhash("withdraw", w.id)
                changed = True
        return changed

    # ------------------------------------------------------------ views
    @query
    def deposit_address(self, uid: int, currency: str) -> list[dict[str, Any]]:
        ccy = str(currency or "").upper()
        if ccy not in CURRENCY_CODES:
            raise EngineError(20021)
        out = []
        for row in chains_of(ccy):
            address, memo = self.address_of(uid, ccy, row.chain)
            out.append({"currency": ccy.lower(), "address": address, "addressTag": memo, "chain": row.chain})
        return out

    @query
    def deposit_history(
        self, uid: int, currency: Any = None, start: Any = None, size: Any = None, direct: Any = None
    ) -> list[dict[str, Any]]:
        rows = [d for d in self.deposits if d.uid == uid]
        return [_history_row(d, {}) for d in _page(rows, currency, start, size, direct)]

    @query
    def withdraw_history(
        self, uid: int, currency: Any = None, start: Any = None, size: Any = None, direct: Any = None
    ) -> list[dict[str, Any]]:
        rows = [w for w in self.withdrawals.values() if w.uid == uid]
        return [_history_row(w, {"memo": w.memo, "fee": float(w.fee)}) for w in _page(rows, currency, start, size, direct)]


def _history_row(item: Deposit | Withdrawal, extra: dict[str, Any]) -> dict[str, Any]:
    """One deposit or withdrawal history row; `extra` fields come after the address."""
    return {
        "id": item.id,
        "currency": item.currency.lower(),
        "hash": item.hash,
        "chain": item.chain,
        "amount": float(item.amount),
        "address": item.address,
        **extra,
        "state": item.state,
        "created_date": history_date(item.created),
        "finished_date": history_date(item.finished),
    }


def _page(rows: list[Any], currency: Any, start: Any, size: Any, direct: Any) -> list[Any]:
    """currency filter; direct 'prev': ids >= from ascending; 'next': ids <= from descending."""
    if currency not in (None, ""):
        ccy = str(currency).upper()
        if ccy not in CURRENCY_CODES:
            raise EngineError(20021)
        rows = [r for r in rows if r.currency == ccy]
    count = int_param(size, 100)
    origin = int_param(start, None)
    if not 1 <= count <= spec.TRANSFER_HISTORY_SIZE_MAX:
        raise EngineError(10004)
    way = str(direct or "prev").lower()
    if way not in ("prev", "next"):
        raise EngineError(10004)
    rows = sorted(rows, key=lambda r: r.id)
    if way == "prev":
        rows = [r for r in rows if origin is None or r.id >= origin]
    else:
        rows = [r for r in reversed(rows) if origin is None or r.id <= origin]
    return rows[:count]
