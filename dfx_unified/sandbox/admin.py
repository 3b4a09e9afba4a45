"""Sandbox-only admin routes under /sandbox/ (no auth, no weights: local tooling)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from dfx_unified import spec

from .journal import EngineError

if TYPE_CHECKING:
    from .app import Sandbox


SANDBOX: web.AppKey[Any] = web.AppKey("sandbox")


def _sandbox(request: web.Request) -> Sandbox:
    return request.app[SANDBOX]  # type: ignore[no-any-return]


def _error(code: int, msg: str | None = None) -> web.Response:
    return web.json_response({"code": code, "msg": msg or spec.ERROR_MESSAGES.get(code, "bad request")}, status=400)


async def _json(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        data = json.loads(await request.text() or "{}")
    except ValueError:
        raise EngineError(10004) from None
    if not isinstance(data, dict):
        raise EngineError(10004)
    return data


def _uid(sandbox: Sandbox, data: dict[str, Any]) -> int:
    if data.get("uid") is not None:
        return int(data["uid"])
    info = sandbox.engine.key_info(str(data.get("api_key", "")))
    if info is None:
        raise EngineError(10002)
    return info.uid


def guarded(fn: Any) -> Any:
    async def wrapper(request: web.Request) -> web.Response:
        try:
            return await fn(request)  # type: ignore[no-any-return]
        except EngineError as exc:
            return _error(exc.code)
        except (ValueError, TypeError, KeyError) as exc:
            return _error(10004, str(exc))

    return wrapper


@guarded
async def deposit(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    data = await _json(request)
    dep_id = sandbox.engine.deposit(
        _uid(sandbox, data), str(data["currency"]), str(data["amount"]), str(data.get("account", "spot")), data.get("chain")
    )
    return web.json_response({"code": 0, "deposit_id": dep_id})


@guarded
async def complete_withdrawal(request: web.Request) -> web.Response:
    wid = _sandbox(request).engine.complete_withdrawal(int(request.match_info["id"]))
    return web.json_response({"code": 0, "withdraw_id": wid})


@guarded
async def add_fault(request: web.Request) -> web.Response:
    data = await _json(request)
    fault = _sandbox(request).faults.add(
        str(data.get("path", "*")),
        str(data["kind"]),
        times=int(data.get("times", 1)),
        delay=float(data.get("delay", 0.0)),
        when=str(data.get("when", "before")),
    )
    return web.json_response({"code": 0, "fault": fault.__dict__})


@guarded
async def clear_faults(request: web.Request) -> web.Response:
    _sandbox(request).faults.clear()
    return web.json_response({"code": 0})


@guarded
async def list_faults(request: web.Request) -> web.Response:
    return web.json_response({"code": 0, "faults": [f.__dict__ for f in _sandbox(request).faults.pending()]})


@guarded
async def clock(request: web.Request) -> web.Response:
    data = await _json(request)
    clk = _sandbox(request).engine.clock
    if "advance" in data and hasattr(clk, "advance"):
        clk.advance(float(data["advance"]))
    elif "set" in data and hasattr(clk, "set"):
        clk.set(float(data["set"]))
    elif data:
        return _error(10004, "the sandbox runs on the system clock; start it with a ManualClock")
    return web.json_response({"code": 0, "now": clk.now()})


@guarded
async def trading_rules(request: web.Request) -> web.Response:
    q = request.query
    report = _sandbox(request).engine.trading_indicators(q.get("api_key", ""), q.get("symbol", ""))
    return web.json_response({"code": 0, **report})


@guarded
async def state(request: web.Request) -> web.Response:
    return web.json_response({"code": 0, **_sandbox(request).engine.state_summary()})


@guarded
async def keys(request: web.Request) -> web.Response:
    data = await _json(request)
    perms = data.get("permissions", ["read", "trade", "withdraw"])
    key, secret, uid = _sandbox(request).engine.create_api_key(
        perms, uid=data.get("uid"), expires_at=data.get("expires_at"), funded=bool(data.get("funded", True))
    )
    return web.json_response({"code": 0, "api_key": key, "secret": secret, "uid": uid})


@guarded
async def reset_limits(request: web.Request) -> web.Response:
    _sandbox(request).limiter.reset()
    return web.json_response({"code": 0})


def add_admin_routes(app: web.Application) -> None:
    r = app.router
    r.add_post("/sandbox/deposit", deposit)
    r.add_post("/sandbox/withdrawals/{id}/complete", complete_withdrawal)
    r.add_post("/sandbox/faults", add_fault)
    r.add_delete("/sandbox/faults", clear_faults)
    r.add_get("/sandbox/faults", list_faults)
    r.add_post("/sandbox/clock", clock)
    r.add_get("/sandbox/clock", clock)
    r.add_get("/sandbox/trading-rules", trading_rules)
    r.add_get("/sandbox/state", state)
    r.add_post("/sandbox/keys", keys)
    r.add_post("/sandbox/limits/reset", reset_limits)
