"""The trading-rules guard as a pure tracker (manual clock), and its pipeline hooks.

Expected figures are worked out by hand in the comments; a randomized flow checks
the guard against the sandbox's own rule functions (dfx_unified.sandbox.rules),
which implement the venue's definitions.
"""

from __future__ import annotations

import logging
import random
from decimal import Decimal
from typing import Any

import pytest
from ccxt.base import errors as ccxt_errors

import dfx_unified
from dfx_unified import spec
from dfx_unified.errors import TradingRulesGuardError
from dfx_unified.flow import run_sync
from dfx_unified.guard import TradingRulesGuard, format_ratio
from dfx_unified.sandbox import rules as sandbox_rules
from dfx_unified.sandbox.book import Order
from dfx_unified.spec import OrderStatus
from tests.conftest import make_exchange

KEY = "key-1"
SYM = "BTC_USDT"
T0 = 1_700_000_000.0
WINDOW = spec.TRADING_RULES["window_seconds"]


class Clock:
    def __init__(self, t: float = T0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def at(self, offset: float) -> Clock:
        self.t = T0 + offset
        return self


def make(mode: str = "block", margin: int = 10, slack: float = 0.0, **kw: Any) -> tuple[TradingRulesGuard, Clock]:
    clock = Clock()
    return TradingRulesGuard(clock, mode=mode, margin=margin, slack=slack, **kw), clock


def place(guard: TradingRulesGuard, order_id: str, amount: Any = "1", symbol: str = SYM) -> None:
    guard.placed(KEY, symbol, [order_id], [amount])


def ratios(figures: dict[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    return Decimal(figures["FR"]), Decimal(figures["FW"]), Decimal(figures["CR"])


# ---------------------------------------------------------------- window and math
def test_window_expiry_uses_the_servers_strict_cut() -> None:
    guard, clock = make()
    for i, offset in enumerate((0, 100, 200)):
        clock.at(offset)
        place(guard, f"o{i}")
    assert guard.figures(KEY, SYM)["orders"] == 3
    clock.at(599.999)
    assert guard.figures(KEY, SYM)["orders"] == 3
    clock.at(600)  # created > now - 600 no longer holds for the first one
    assert guard.figures(KEY, SYM)["orders"] == 2
    clock.at(800)
    assert guard.figures(KEY, SYM)["orders"] == 0
    assert guard.tracked() == {"orders": 0, "symbols": 0, "ids": 0, "in_flight": 0, "bans": 0}


def test_fr_fw_cr_on_a_hand_written_flow() -> None:
    guard, clock = make()
    clock.at(0)
    place(guard, "a", "1")  # later partially filled 0.5
    clock.at(1)
    place(guard, "b", "2")  # cancelled 2 s later, unfilled: quick
    clock.at(2)
    place(guard, "c", "1")  # cancelled 8 s later: not quick
    clock.at(3)
    place(guard, "d", None)  # market buy, fills 0.3 base
    guard.cancelled(KEY, ["b"])
    clock.at(4)
    place(guard, "e", "0.5")  # fully filled
    clock.at(5)
    place(guard, "f", None)  # market buy, no fill seen: counts 0 base
    guard.order_rows(
        KEY,
        [
            {"order_id": "a", "executed_amount": 0.5, "status": 1},
            {"order_id": "d", "executed_amount": "0.3", "status": 2},
            {"order_id": "e", "executed_amount": 0.5, "status": 2},
            {"order_id": "zz", "executed_amount": 9, "status": 2},  # not ours: ignored
        ],
    )
    clock.at(10)
    guard.cancelled(KEY, ["c"])
    fig = guard.figures(KEY, SYM)
    # 6 orders; filled: a, d, e -> FR 3/6; filled 0.5+0.3+0.5 = 1.3 of
    # 1+2+1+0.3+0.5+0 = 4.8 -> FW 0.2708333...; quick cancels: b -> CR 1/6
    assert (fig["orders"], fig["filled_orders"], fig["quick_cancels"]) == (6, 3, 1)
    assert Decimal(fig["filled_amount"]) == Decimal("1.3")
    assert Decimal(fig["order_amount"]) == Decimal("4.8")
    assert (fig["FR"], fig["FW"], fig["CR"]) == ("0.50000000", "0.27083333", "0.16666667")
    assert fig["banned_risk"] == [] and fig["oldest"] == T0


def test_fills_only_grow_and_undo_a_quick_cancel() -> None:
    guard, _clock = make()
    place(guard, "a", "1")
    guard.cancelled(KEY, ["a"])
    assert guard.figures(KEY, SYM)["quick_cancels"] == 1
    # a later read shows the order was partially filled before the cancel: status 4
    guard.order_rows(KEY, [{"order_id": "a", "executed_amount": 0.2, "status": 4}])
    guard.fill(KEY, "a", "0.1")  # an older, smaller figure does not undo it
    fig = guard.figures(KEY, SYM)
    assert (fig["quick_cancels"], fig["filled_orders"], Decimal(fig["filled_amount"])) == (0, 1, Decimal("0.2"))


def test_cancel_seen_only_in_a_read_is_quick_unless_the_dates_prove_otherwise() -> None:
    guard, _clock = make()
    for order_id in "abcd":
        place(guard, order_id)
    guard.order_rows(
        KEY,
        [
            {"order_id": "a", "executed_amount": 0, "status": 3, "created_date": 100, "finished_date": 105},
            {"order_id": "b", "executed_amount": 0, "status": 3, "created_date": 100, "finished_date": 106},
            {"order_id": "c", "executed_amount": 0, "status": 3, "created_date": 100, "finished_date": 0},
            {"order_id": "d", "executed_amount": 0, "status": 0},
        ],
    )
    # a: 5 s (quick), b: 6 s whole seconds (more than 5: not quick), c: unknown -> quick
    assert guard.figures(KEY, SYM)["quick_cancels"] == 2


def test_cancel_sent_late_is_not_quick_and_slack_widens_quick() -> None:
    guard, clock = make(slack=1.0)
    place(guard, "a")
    place(guard, "b")
    clock.at(6.5)
    guard.cancelled(KEY, ["a"], sent_at=T0 + 5.9)  # 5.9 <= 5 + slack: may be quick
    guard.cancelled(KEY, ["b"], sent_at=T0 + 6.1)
    assert guard.figures(KEY, SYM)["quick_cancels"] == 1


# ---------------------------------------------------------------- block: exactly the refused placement
def test_block_refuses_the_placement_after_fifty_unfilled_orders_fw() -> None:
    guard, clock = make()
    for i in range(50):
        assert guard.admit(KEY, SYM, 1, ["0.01"]).allowed  # type: ignore[union-attr]
        place(guard, f"o{i}", "0.01")
    # 50 orders, nothing filled: FW = 0 < 0.01 with 50 > 49 orders
    with pytest.raises(TradingRulesGuardError) as caught:
        guard.admit(KEY, SYM, 1, ["0.01"])
    message = str(caught.value)
    assert "FW=0.00000000 < 0.01 with 50 orders (> 49" in message and "BTC_USDT" in message
    assert isinstance(caught.value, ccxt_errors.OperationRejected)
    assert caught.value.figures["banned_risk"] == ["FW"]  # type: ignore[attr-defined]
    # the first order leaves at T0 + 600: then 49 remain
    assert caught.value.retry_at == T0 + 600  # type: ignore[attr-defined]
    assert "placement possible again at 2023-11-14T22:23:20.000+00:00 (in 600.0 s" in message
    clock.at(599.999)
    assert not guard.check(KEY, SYM).allowed
    clock.at(600)
    assert guard.check(KEY, SYM).allowed


def test_block_refuses_cr_alone_at_the_hundred_and_first_placement() -> None:
    guard, _clock = make()

    def orders(n_quick: int, n_filled: int) -> None:
        for i in range(n_quick):
            place(guard, f"q{i}")
            guard.cancelled(KEY, [f"q{i}"])
        for i in range(n_filled):
            place(guard, f"f{i}")
            guard.fill(KEY, f"f{i}", "1")

    orders(95, 4)  # 99 orders: not > 99
    assert guard.check(KEY, SYM).allowed
    place(guard, "q95")
    guard.cancelled(KEY, ["q95"])
    # 100 orders: CR 96/100 = 0.96 > 0.95; FR = FW = 4/100 = 0.04, fine
    verdict = guard.check(KEY, SYM)
    assert not verdict.allowed and verdict.tripped == ("CR",)
    assert ratios(verdict.figures) == (Decimal("0.04"), Decimal("0.04"), Decimal("0.96"))


def test_block_refuses_fr_alone_at_the_hundred_and_second_placement() -> None:
    guard, _clock = make()
    place(guard, "big", "10")
    guard.fill(KEY, "big", "10")
    for i in range(99):
        place(guard, f"s{i}", "0.01")
    # 100 orders, 1 filled: FR = 0.01, not < 0.01; FW = 10 / 10.99
    assert guard.check(KEY, SYM).allowed
    place(guard, "s99", "0.01")
    verdict = guard.check(KEY, SYM)  # 101 orders: FR = 1/101 < 0.01
    assert verdict.tripped == ("FR",) and verdict.figures["FR"] == format_ratio(Decimal(1) / 101)


def _sandbox_order(order_id: str, created: float, amount: Decimal, market_buy: bool) -> Order:
    return Order(order_id, 0, 0, KEY, SYM, "spot", "buy_market" if market_buy else "buy", None, amount, created)


@pytest.mark.parametrize("seed", range(6))
def test_random_flows_match_the_sandbox_rules(seed: int) -> None:
    """With slack 0 the guard refuses exactly when the sandbox's rules would ban."""
    rng = random.Random(seed)
    guard, clock = make(slack=0.0)
    mirror: list[Order] = []
    open_ids: list[str] = []
    decisions = {True: 0, False: 0}
    for step in range(1500):
        clock.t += rng.choice((0, 0, 0.5, 1, 2, 4, 7, 30))
        now = clock.t
        action = rng.random()
        if action < 0.55:
            expected = not sandbox_rules.compute(mirror, now).triggered()
            verdict = guard.check(KEY, SYM)
            assert verdict.allowed == expected, (seed, step)
            decisions[expected] += 1
            if not expected:
                continue
            market_buy = rng.random() < 0.1
            amount = Decimal(rng.choice(("0.01", "0.5", "1", "3")))
            order_id = f"o{step}"
            guard.placed(KEY, SYM, [order_id], [None if market_buy else amount])
            mirror.append(_sandbox_order(order_id, now, amount, market_buy))
            open_ids.append(order_id)
        elif action < 0.85 and open_ids:
            order_id = open_ids.pop(rng.randrange(len(open_ids)))
            order = next(o for o in mirror if o.id == order_id)
            order.status = OrderStatus.CANCELLED if order.filled == 0 else OrderStatus.PARTIAL_CANCELLED
            order.finished = now
            guard.cancelled(KEY, [order_id], sent_at=now)
        elif open_ids and rng.random() < 0.4:
            order_id = rng.choice(open_ids)
            order = next(o for o in mirror if o.id == order_id)
            limit = Decimal("5") if order.type == "buy_market" else order.amount
            order.filled = min(limit, order.filled + limit / 4)
            order.status = OrderStatus.FILLED if order.filled == limit else OrderStatus.PARTIAL
            if order.status == OrderStatus.FILLED:
                open_ids.remove(order_id)
            guard.order_rows(KEY, [{"order_id": order_id, "executed_amount": str(order.filled), "status": int(order.status)}])
        ind = sandbox_rules.compute(mirror, now)
        fig = guard.figures(KEY, SYM)
        assert (fig["orders"], fig["filled_orders"], fig["quick_cancels"]) == (
            ind.orders,
            ind.filled_orders,
            ind.quick_cancels,
        )
        assert ratios(fig) == tuple(Decimal(sandbox_rules.fmt_ratio(v)) for v in (ind.fr, ind.fw, ind.cr))
    assert decisions[True] and decisions[False]  # both outcomes were exercised
    assert OrderStatus.OPEN == 0  # the mirror's fresh orders are open (status 0)


# ---------------------------------------------------------------- conservative edges
def test_window_edge_slack_evaluates_both_sides() -> None:
    guard, clock = make(slack=2.0)
    # a filled order at T0, then 50 unfilled ones at T0 + 5
    place(guard, "filled", "1")
    guard.fill(KEY, "filled", "1")
    clock.at(5)
    for i in range(50):
        place(guard, f"u{i}", "1")
    # T0 + 599: the server may already have dropped the filled order (clock error):
    # then FW = 0 with 50 orders -> the guard refuses; nominally FW = 1/51 is fine
    clock.at(599)
    verdict = guard.check(KEY, SYM)
    assert not verdict.allowed and verdict.tripped == ("FW",)
    assert verdict.figures["orders"] == 51 and verdict.figures["boundary_orders"] == 1
    # the filled order surely leaves at +602, but 50 unfilled ones remain until the
    # first of them surely leaves at 5 + 600 + 2
    assert verdict.retry_at == T0 + 607
    clock.at(606.999)
    assert not guard.check(KEY, SYM).allowed
    clock.at(607)
    assert guard.check(KEY, SYM).allowed
    clock.at(599)
    guard.slack = 0.0
    assert guard.check(KEY, SYM).allowed


def test_orders_just_past_the_window_still_count_within_slack() -> None:
    guard, clock = make(slack=2.0)
    place(guard, "old", "1")
    clock.at(5)
    for i in range(49):
        place(guard, f"u{i}", "1")
    clock.at(601)  # nominally 49 orders, but the server may still count 'old'
    verdict = guard.check(KEY, SYM)
    assert verdict.figures["orders"] == 49 and not verdict.allowed
    assert verdict.retry_at == T0 + 602
    clock.at(602)
    assert guard.check(KEY, SYM).allowed


def test_in_flight_and_batches_count_as_worst_case_orders() -> None:
    guard, _clock = make()
    for i in range(45):
        place(guard, f"o{i}", "1")
    assert guard.check(KEY, SYM, 5).allowed  # 45 + the batch's first 4 = 49
    assert not guard.check(KEY, SYM, 6).allowed  # 45 + 5 = 50 > 49
    tokens = [guard.begin(KEY, SYM, ["1"]) for _ in range(5)]
    verdict = guard.check(KEY, SYM)
    assert not verdict.allowed and verdict.figures["in_flight"] == 5
    # possible again once the 45 placed orders leave (the 5 in flight alone are fine)
    assert verdict.retry_at == T0 + 600
    guard.release(tokens[0])
    assert guard.check(KEY, SYM).allowed  # 45 + 4 in flight = 49
    guard.placed(KEY, SYM, ["x"], ["1"], token=tokens[1])
    assert guard.check(KEY, SYM).figures["in_flight"] == 3
    # a lost answer: counted as unfilled and quick-cancelled, without an id to follow
    guard.placed(KEY, SYM, [None], ["1"], token=tokens[2], worst=True)
    fig = guard.figures(KEY, SYM)
    assert (fig["orders"], fig["quick_cancels"], fig["in_flight"]) == (47, 1, 2)
    # in flight alone beyond the limit: no time can be given
    crowd = guard.begin(KEY, "ETH_USDT", ["1"] * 50)
    verdict = guard.check(KEY, "ETH_USDT")
    assert verdict.retry_at is None and "orders in flight alone trip a rule" in verdict.reason
    guard.release(crowd)
    assert guard.check(KEY, "ETH_USDT").allowed and guard.symbols(KEY) == [SYM]


def test_a_ban_answer_blocks_every_symbol_until_it_ends() -> None:
    guard, clock = make()
    guard.ban(KEY, 20020)
    with pytest.raises(TradingRulesGuardError, match=r"banned API placements \(20020\)") as caught:
        guard.admit(KEY, "ETH_USDT")
    assert caught.value.retry_at == T0 + 1800  # type: ignore[attr-defined]
    assert guard.check("other-key", SYM).allowed
    clock.at(1799)
    guard.ban(KEY, 20020)  # a later 20020 may be a new ban: extended
    clock.at(1800)
    assert not guard.check(KEY, SYM).allowed
    clock.at(1799 + 1800)
    assert guard.check(KEY, SYM).allowed
    guard.ban(KEY, 20018)
    assert guard.figures(KEY, SYM)["banned_until"] == clock.t + 24 * 3600
    assert guard.figures(KEY, SYM)["ban_code"] == 20018


# ---------------------------------------------------------------- warn
def test_warn_fires_before_the_trigger_and_never_raises(caplog: pytest.LogCaptureFixture) -> None:
    heard: list[tuple[int, str, list[str], list[str]]] = []
    guard, clock = make(mode="warn", margin=10)
    guard.on_warning = lambda symbol, fig, reason: heard.append((fig["orders"], symbol, fig["near"], fig["banned_risk"]))
    caplog.set_level(logging.WARNING, logger="dfx_unified.guard")
    for i in range(55):
        guard.admit(KEY, SYM.lower(), 1, ["0.01"])
        place(guard, f"o{i}", "0.01")
        clock.t += 1
    # placement 40 (39 before it) is the first after which only 10 more are safe
    assert heard[0] == (39, SYM, ["FW"], [])
    assert [h[0] for h in heard] == list(range(39, 55))
    assert heard[11] == (50, SYM, [], ["FW"])  # the 51st would be banned
    # logged once per change of state, not once per order
    logged = [r.getMessage() for r in caplog.records if r.name == "dfx_unified.guard"]
    assert len(logged) == 2 and "would trip within 10 more orders" in logged[0]
    assert "would ban this placement" in logged[1]


def test_off_mode_judges_nothing_but_still_tracks() -> None:
    guard, _clock = make(mode="off")
    for i in range(60):
        assert guard.admit(KEY, SYM) is None
        place(guard, f"o{i}")
    assert guard.figures(KEY, SYM)["banned_risk"] == ["FW"]
    with pytest.raises(ccxt_errors.BadRequest):
        guard.mode = "on"


# ---------------------------------------------------------------- memory
def test_memory_stays_bounded_with_ten_thousand_symbols() -> None:
    guard, clock = make(slack=2.0)
    for i in range(10_000):
        place(guard, f"o{i}", "1", symbol=f"C{i}_USDT")
        guard.cancelled(KEY, [f"o{i}"])
    assert guard.tracked()["symbols"] == 10_000 and guard.tracked()["ids"] == 10_000
    assert guard.figures(KEY, "c9999_usdt")["quick_cancels"] == 1  # case-insensitive
    clock.at(602)  # every order surely left the window: pruned on the next access
    assert guard.tracked() == {"orders": 0, "symbols": 0, "ids": 0, "in_flight": 0, "bans": 0}
    assert guard.figures(KEY, "C1_USDT")["orders"] == 0
    assert guard.symbols(KEY) == [] and guard.tracked()["symbols"] == 0  # reading creates nothing


# ---------------------------------------------------------------- pipeline hooks (no network)
class FakeTransport:
    """Stands in for fetch2: answers by path, records what was sent."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.sent: list[str] = []

    def __call__(self, path: str, api: Any, method: str, params: dict[str, Any], config: Any) -> Any:
        self.sent.append(path)
        answer = self.answers[path]
        if isinstance(answer, Exception):
            raise answer
        return answer(params) if callable(answer) else answer


def _guarded(mode: str, answers: dict[str, Any], **options: Any) -> tuple[Any, FakeTransport, Clock]:
    clock = Clock()
    ex = make_exchange(options={"tradingRulesGuard": mode, **options})
    ex.milliseconds = lambda: int(clock() * 1000)
    transport = FakeTransport(answers)
    ex.fetch2 = transport
    return ex, transport, clock


def _new(ex: Any, amount: str = "0.001", order_type: str = "buy", path: str = "spot/order/new") -> Any:
    params = {"symbol": "btc_usdt", "type": order_type, "amount": amount, "price": "30000"}
    return run_sync(ex, ex._call(path, params, "POST"))


def test_hooks_learn_placements_cancels_and_reads() -> None:
    counter = iter(range(1000))
    answers: dict[str, Any] = {
        "spot/order/new": lambda p: {"code": 0, "order_id": f"id{next(counter)}"},
        "spot/order/batch_new": lambda p: {"code": 0, "order_ids": ["b1", "b2"]},
        "spot/order/cancel": {"code": 0, "success": ["id0"], "error": ["nope"]},
        "spot/order": {"code": 0, "data": [{"order_id": "id1", "executed_amount": 0.001, "status": 2}]},
        "margin/position/close": {"code": 0},
    }
    ex, _transport, _clock = _guarded("block", answers)
    _new(ex)
    _new(ex)
    _new(ex, amount="50", order_type="buy_market")
    batch = '[{"type":"buy","amount":0.002,"price":30000},{"type":"sell","amount":0.003,"price":90000}]'
    run_sync(ex, ex._call("spot/order/batch_new", {"symbol": "btc_usdt", "list": batch}, "POST"))
    run_sync(ex, ex._call("spot/order/cancel", {"order_id": "id0,nope"}, "POST"))
    run_sync(ex, ex._call("spot/order", {"order_id": "id1"}))
    run_sync(ex, ex._call("margin/position/close", {"symbol": "btc_usdt"}, "POST"))
    fig = ex.trading_rules_figures("BTC/USDT")
    # id0 quick-cancelled, id1 filled, id2 market buy (0 base so far), b1, b2, the close
    # (worst case: unfilled, quick); order amount 0.001 + 0.001 + 0 + 0.002 + 0.003 + 0
    assert (fig["orders"], fig["filled_orders"], fig["quick_cancels"]) == (6, 1, 2)
    assert Decimal(fig["order_amount"]) == Decimal("0.007") and Decimal(fig["filled_amount"]) == Decimal("0.001")
    assert fig["symbol"] == "BTC/USDT" and fig["id"] == "BTC_USDT" and fig["in_flight"] == 0
    assert list(ex.trading_rules_figures()) == ["BTC/USDT"]


def test_hooks_block_before_sending_and_record_exchange_bans() -> None:
    answers: dict[str, Any] = {"spot/order/new": {"code": 0, "order_id": "x"}}
    ex, transport, clock = _guarded("block", answers)
    error = ccxt_errors.AccountSuspended("digifinex 20020 You have violated the API trading rules")
    error.code = 20020  # type: ignore[attr-defined]
    answers["spot/order/new"] = error
    with pytest.raises(ccxt_errors.AccountSuspended):
        _new(ex)
    assert transport.sent == ["spot/order/new"]
    with pytest.raises(TradingRulesGuardError, match="20020"):
        _new(ex, path="margin/order/new")  # a ban covers the key, any market
    assert transport.sent == ["spot/order/new"]  # refused without sending
    assert ex.trading_rules_figures("ETH/USDT")["banned_until"] == T0 + 1800
    clock.t += 1800
    answers["spot/order/new"] = {"code": 0, "order_id": "y"}
    _new(ex)
    assert transport.sent == ["spot/order/new", "spot/order/new"]


def test_hooks_count_a_lost_placement_as_worst_case() -> None:
    answers: dict[str, Any] = {"spot/order/new": ccxt_errors.RequestTimeout("timed out")}
    ex, _transport, _clock = _guarded("block", answers)
    with pytest.raises(ccxt_errors.RequestTimeout):
        _new(ex)
    fig = ex.trading_rules_figures("BTC/USDT")
    assert (fig["orders"], fig["quick_cancels"], fig["in_flight"]) == (1, 1, 0)
    answers["spot/order/new"] = ccxt_errors.InsufficientFunds("digifinex 20011")
    with pytest.raises(ccxt_errors.InsufficientFunds):
        _new(ex)  # refused by the exchange: no order, nothing counted
    assert ex.trading_rules_figures("BTC/USDT")["orders"] == 1


def test_hooks_warn_through_the_callback_with_unified_symbols() -> None:
    counter = iter(range(1000))
    heard: list[tuple[str, int, str]] = []
    ex, transport, _clock = _guarded(
        "warn",
        {"spot/order/new": lambda p: {"code": 0, "order_id": f"id{next(counter)}"}},
        tradingRulesGuardMargin=2,
        tradingRulesGuardCallback=lambda symbol, fig, reason: heard.append((symbol, fig["orders"], reason)),
    )
    for _ in range(52):
        _new(ex)
    # margin 2: warned from the 48th placement (47 before it); 51st and 52nd sent anyway
    assert [h[1] for h in heard] == list(range(47, 52))
    assert heard[0][0] == "BTC/USDT" and "would trip within 2 more orders" in heard[0][2]
    assert len(transport.sent) == 52


def test_invalid_options_are_refused() -> None:
    ex, transport, _clock = _guarded("maybe", {"spot/order/new": {"code": 0, "order_id": "x"}})
    with pytest.raises(ccxt_errors.BadRequest, match="tradingRulesGuard"):
        _new(ex)
    assert transport.sent == []
    # reads and cancels are not stopped by a bad option
    transport.answers["spot/order/cancel"] = {"code": 0, "success": [], "error": ["x"]}
    run_sync(ex, ex._call("spot/order/cancel", {"order_id": "x"}, "POST"))
    ex.options["tradingRulesGuard"] = "block"
    ex.options["tradingRulesGuardSlack"] = "soon"
    with pytest.raises(ccxt_errors.BadRequest, match="guard options"):
        _new(ex)
    assert transport.sent == ["spot/order/cancel"]


def test_async_class_has_the_same_plain_method() -> None:
    ex = dfx_unified.async_support.digifinex({"apiKey": "k", "secret": "s"})
    assert ex.trading_rules_figures() == {}
    assert ex.trading_rules_figures("BTC/USDT")["orders"] == 0
