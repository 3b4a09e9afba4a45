"""One function per endpoint template: request parameters -> engine call -> body.

Bodies carry the reference's success code; errors are EngineError, turned into the
envelope by app.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .engine import ApiKey, Engine
from .journal import EngineError
from .params import int_param, json_param


@dataclass
class Ctx:
    engine: Engine
    params: dict[str, str]
    kind: str  # the {market} of the path ('spot', 'margin', 'otc'), or ''
    key: ApiKey | None

    @property
    def uid(self) -> int:
        assert self.key is not None
        return self.key.uid

    def get(self, name: str) -> str | None:
        return self.params.get(name)

    def need(self, name: str) -> str:
        value = self.params.get(name)
        if value in (None, ""):
            raise EngineError(10004)
        return value  # type: ignore[return-value]

    def now(self) -> int:
        return int(self.engine.clock.now())


Body = dict[str, Any]
HANDLERS: dict[str, Callable[[Ctx], Body]] = {}


def route(path: str) -> Callable[[Callable[[Ctx], Body]], Callable[[Ctx], Body]]:
    def register(fn: Callable[[Ctx], Body]) -> Callable[[Ctx], Body]:
        HANDLERS[path] = fn
        return fn

    return register


def _symbol(ctx: Ctx) -> str:
    value = ctx.get("symbol")
    if value in (None, ""):
        raise EngineError(20019)
    return value  # type: ignore[return-value]


# ---------------------------------------------------------------- public
@route("ping")
def ping(ctx: Ctx) -> Body:
    return {"msg": "pong", "code": 0}


@route("time")
def server_time(ctx: Ctx) -> Body:
    return {"server_time": ctx.now(), "code": 0}


@route("markets")
def markets(ctx: Ctx) -> Body:
    return {"data": ctx.engine.markets_rows(), "date": ctx.now(), "code": 0}


@route("ticker")
def ticker(ctx: Ctx) -> Body:
    return {"ticker": ctx.engine.ticker(ctx.get("symbol")), "date": ctx.now(), "code": 0}


@route("order_book")
def order_book(ctx: Ctx) -> Body:
    book = ctx.engine.order_book(_symbol(ctx), ctx.get("limit"))
    return {**book, "date": ctx.now(), "code": 0}


@route("trades")
def trades(ctx: Ctx) -> Body:
    return {"data": ctx.engine.recent_trades(_symbol(ctx), ctx.get("limit")), "date": ctx.now(), "code": 0}


@route("kline")
def kline(ctx: Ctx) -> Body:
    rows = ctx.engine.kline(_symbol(ctx), ctx.need("period"), ctx.get("start_time"), ctx.get("end_time"))
    return {"data": rows, "code": 0}


@route("spot/symbols")
def spot_symbols(ctx: Ctx) -> Body:
    return {"code": 0, "symbol_list": ctx.engine.spot_symbols()}


@route("trades/symbols")
def trade_symbols(ctx: Ctx) -> Body:
    return {"code": 0, "symbol_list": ctx.engine.trade_symbols()}


@route("margin/symbols")
def margin_symbols(ctx: Ctx) -> Body:
    return {"code": 0, "symbol_list": ctx.engine.margin_symbols()}


@route("margin/currencies")
def margin_currencies(ctx: Ctx) -> Body:
    return {"code": 0, **ctx.engine.margin_currencies()}


@route("currencies")
def currencies(ctx: Ctx) -> Body:
    return {"code": 200, "data": ctx.engine.currencies(ctx.get("currency"))}


# ---------------------------------------------------------------- account and orders
@route("{market}/financelog")
def financelog(ctx: Ctx) -> Body:
    data = ctx.engine.financelog(
        ctx.uid, ctx.kind, ctx.get("currency_mark"), ctx.get("start_time"), ctx.get("end_time"), ctx.get("limit")
    )
    return {"code": 0, "data": data}


def _ids(ctx: Ctx) -> list[str]:
    ids = [i.strip() for i in ctx.need("order_id").split(",") if i.strip()]
    if not ids:
        raise EngineError(10004)
    return ids


@route("{market}/order")
def order(ctx: Ctx) -> Body:
    return {"code": 0, "data": ctx.engine.get_orders(ctx.uid, ctx.kind, _ids(ctx))}


@route("{market}/order/detail")
def order_detail(ctx: Ctx) -> Body:
    return {"code": 0, "data": ctx.engine.order_detail(ctx.uid, ctx.kind, ctx.need("order_id").strip())}


@route("{market}/order/current")
def order_current(ctx: Ctx) -> Body:
    return {"code": 0, "data": ctx.engine.current_orders(ctx.uid, ctx.kind, ctx.get("symbol"))}


@route("{market}/order/history")
def order_history(ctx: Ctx) -> Body:
    p = ctx.get
    rows = ctx.engine.order_history(ctx.uid, ctx.kind, p("symbol"), p("limit"), p("start_time"), p("end_time"))
    return {"code": 0, "data": rows}


@route("{market}/mytrades")
def my_trades(ctx: Ctx) -> Body:
    p = ctx.get
    rows = ctx.engine.my_trades(ctx.uid, ctx.kind, p("symbol"), p("limit"), p("start_time"), p("end_time"))
    return {"code": 0, "list": rows}


@route("spot/assets")
def spot_assets(ctx: Ctx) -> Body:
    return {"code": 0, "list": ctx.engine.spot_assets(ctx.uid)}


@route("margin/assets")
def margin_assets(ctx: Ctx) -> Body:
    return {"code": 0, **ctx.engine.margin_assets(ctx.uid)}


@route("margin/positions")
def margin_positions(ctx: Ctx) -> Body:
    return {"code": 0, **ctx.engine.margin_positions(ctx.uid, ctx.get("symbol"))}


def _post_only(value: str | None) -> bool:
    return str(value or "0").strip().lower() in ("1", "true")


@route("{market}/order/new")
def order_new(ctx: Ctx) -> Body:
    assert ctx.key is not None
    oid = ctx.engine.place_order(
        uid=ctx.uid,
        symbol=_symbol(ctx),
        type=ctx.get("type") or "",
        amount=ctx.get("amount") or "",
        price=ctx.get("price"),
        kind=ctx.kind,
        post_only=_post_only(ctx.get("post_only")),
        api_key=ctx.key.key,
    )
    return {"code": 0, "order_id": oid}


@route("{market}/order/batch_new")
def order_batch_new(ctx: Ctx) -> Body:
    assert ctx.key is not None
    # numbers stay the text that was sent, for the engine's strict parser
    orders = json_param(ctx.need("list"), BATCH_LIST_MAX_CHARS)
    if isinstance(orders, list):
        orders = [_batch_row(o) for o in orders]
    ids = ctx.engine.place_batch(uid=ctx.uid, symbol=_symbol(ctx), orders=orders, kind=ctx.kind, api_key=ctx.key.key)
    return {"code": 0, "order_ids": ids}


# A 10-order batch is under 1 KB of JSON; longer lists are refused before parsing.
BATCH_LIST_MAX_CHARS = 8192


def _batch_row(row: Any) -> Any:
    """A batch order's fields as text (true/false as 1/0); nested values are refused (10004)."""
    if not isinstance(row, dict):
        return row  # the engine refuses it
    out: dict[str, str | None] = {}
    for name, value in row.items():
        if isinstance(value, bool):
            out[name] = "1" if value else "0"
        elif value is None or isinstance(value, str):
            out[name] = value
        else:
            raise EngineError(10004)
    return out


@route("{market}/order/cancel")
def order_cancel(ctx: Ctx) -> Body:
    return {"code": 0, **ctx.engine.cancel_orders(ctx.uid, _ids(ctx), ctx.kind)}


@route("transfer")
def transfer(ctx: Ctx) -> Body:
    ctx.engine.transfer(ctx.uid, ctx.get("currency_mark") or "", ctx.get("num") or "", ctx.get("from") or "", ctx.get("to") or "")
    return {"code": 0}


@route("margin/position/close")
def position_close(ctx: Ctx) -> Body:
    assert ctx.key is not None
    ctx.engine.close_position(ctx.uid, _symbol(ctx), ctx.key.key)
    return {"code": 0}


# ---------------------------------------------------------------- deposits and withdrawals
@route("deposit/address")
def deposit_address(ctx: Ctx) -> Body:
    return {"code": 200, "data": ctx.engine.deposit_address(ctx.uid, ctx.need("currency"))}


@route("deposit/history")
def deposit_history(ctx: Ctx) -> Body:
    p = ctx.get
    return {"code": 200, "data": ctx.engine.deposit_history(ctx.uid, p("currency"), p("from"), p("size"), p("direct"))}


@route("withdraw/history")
def withdraw_history(ctx: Ctx) -> Body:
    p = ctx.get
    return {"code": 200, "data": ctx.engine.withdraw_history(ctx.uid, p("currency"), p("from"), p("size"), p("direct"))}


@route("withdraw/new")
def withdraw_new(ctx: Ctx) -> Body:
    wid = ctx.engine.withdraw(
        uid=ctx.uid,
        currency=ctx.need("currency"),
        amount=ctx.need("amount"),
        address=ctx.need("address"),
        chain=ctx.get("chain") or "",
        memo=ctx.get("memo") or "",
        type=ctx.get("type") or "normal",
    )
    return {"code": 200, "withdraw_id": wid}


@route("withdraw/cancel")
def withdraw_cancel(ctx: Ctx) -> Body:
    wid = int_param(ctx.need("withdraw_id"), None, 20033)
    assert wid is not None
    return {"code": 200, "withdraw_id": ctx.engine.cancel_withdrawal(ctx.uid, wid)}
