"""Sandbox-only admin routes under /sandbox/ (no weights; local tooling).

Every admin route needs the sandbox's admin token in the X-DFX-Admin-Token header and
takes only application/json bodies: a web page open in a local browser can send
neither without a CORS preflight, which the sandbox never grants.
"""

from __future__ import annotations

import hmac
import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .admin_token import ADMIN_TOKEN_HEADER
from .config import FIRST_USER_UID
from .engine import PERMISSIONS
from .journal import EngineError
from .params import decimal_param, int_param, json_param
from .responses import Handler, envelope, json_response

if TYPE_CHECKING:
    from .app import Sandbox


SANDBOX: web.AppKey[Any] = web.AppKey("sandbox")


def _sandbox(request: web.Request) -> Sandbox:
    return request.app[SANDBOX]  # type: ignore[no-any-return]


log = logging.getLogger(__name__)

ADMIN_PREFIX = "/sandbox"
# Admin bodies are small JSON objects; the HTTP layer caps bodies at 1 MiB already.
MAX_ADMIN_BODY_CHARS = 64 * 1024
JSON_CONTENT_TYPE = "application/json"


def _error(code: int, msg: str | None = None) -> web.Response:
    return envelope(code, msg, status=400)


def is_admin_route(request: web.Request) -> bool:
    """True when the route the router matched is an admin route (whatever the raw path)."""
    resource = request.match_info.route.resource
    canonical = resource.canonical if resource is not None else ""
    return canonical == ADMIN_PREFIX or canonical.startswith(ADMIN_PREFIX + "/")


@web.middleware
async def admin_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Admin routes: the token first (401), then the content type (415)."""
    if not is_admin_route(request):
        return await handler(request)
    sent = request.headers.get(ADMIN_TOKEN_HEADER, "").encode("utf-8", "replace")
    if not hmac.compare_digest(sent, _sandbox(request).admin_token.encode()):
        return envelope(10002, f"admin routes need the sandbox's admin token in the {ADMIN_TOKEN_HEADER} header", status=401)
    if (request.method == "POST" or request.can_read_body) and request.content_type != JSON_CONTENT_TYPE:
        return envelope(10004, f"admin routes accept only {JSON_CONTENT_TYPE} bodies", status=415)
    return await handler(request)


async def _json(request: web.Request) -> dict[str, Any]:
    """The JSON object of the body ({} when empty); numbers stay text for the strict parsers."""
    if not request.can_read_body:
        return {}
    data = json_param(await request.text() or "{}", MAX_ADMIN_BODY_CHARS)
    if not isinstance(data, dict):
        raise EngineError(10004)
    return data


def _number(data: dict[str, Any], name: str, default: float) -> float:
    """A strict decimal field as a float (10004 when malformed or out of range)."""
    value = data.get(name)
    return default if value is None else float(decimal_param(value))


def _uid(sandbox: Sandbox, data: dict[str, Any]) -> int:
    """The account named by `uid` or `api_key`; neither names the ready account."""
    uid = int_param(data.get("uid"), None)
    if uid is not None:
        return uid
    if data.get("api_key") is None:
        return FIRST_USER_UID
    info = sandbox.engine.key_info(str(data["api_key"]))
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
        except web.HTTPException:
            raise  # e.g. 413 for an oversized body, answered by the app's middleware
        except Exception:  # a bug still answers JSON
            log.exception("sandbox admin route failed: %s", request.path)
            return envelope(50000, status=500)

    return wrapper


@guarded
async def deposit(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    data = await _json(request)
    dep_id = sandbox.engine.deposit(
        _uid(sandbox, data), str(data["currency"]), str(data["amount"]), str(data.get("account", "spot")), data.get("chain")
    )
    return json_response({"code": 0, "deposit_id": dep_id})


@guarded
async def complete_withdrawal(request: web.Request) -> web.Response:
    wid = int_param(request.match_info["id"], None, 20033)
    assert wid is not None
    wid = _sandbox(request).engine.complete_withdrawal(wid)
    return json_response({"code": 0, "withdraw_id": wid})


@guarded
async def add_fault(request: web.Request) -> web.Response:
    data = await _json(request)
    fault = _sandbox(request).faults.add(
        str(data.get("path", "*")),
        str(data["kind"]),
        times=int_param(data.get("times"), 1),
        delay=_number(data, "delay", 0.0),
        when=str(data.get("when", "before")),
    )
    return json_response({"code": 0, "fault": fault.__dict__})


@guarded
async def clear_faults(request: web.Request) -> web.Response:
    _sandbox(request).faults.clear()
    return json_response({"code": 0})


@guarded
async def list_faults(request: web.Request) -> web.Response:
    return json_response({"code": 0, "faults": [f.__dict__ for f in _sandbox(request).faults.pending()]})


@guarded
async def clock(request: web.Request) -> web.Response:
    data = await _json(request)
    clk = _sandbox(request).engine.clock
    if "advance" in data and hasattr(clk, "advance"):
        clk.advance(_number(data, "advance", 0.0))
    elif "set" in data and hasattr(clk, "set"):
        clk.set(_number(data, "set", clk.now()))
    elif data:
        return _error(10004, "the sandbox runs on the system clock; start it with a ManualClock")
    return json_response({"code": 0, "now": clk.now()})


@guarded
async def trading_rules(request: web.Request) -> web.Response:
    q = request.query
    report = _sandbox(request).engine.trading_indicators(q.get("api_key", ""), q.get("symbol", ""))
    return json_response({"code": 0, **report})


@guarded
async def state(request: web.Request) -> web.Response:
    return json_response({"code": 0, **_sandbox(request).engine.state_summary()})


@guarded
async def keys(request: web.Request) -> web.Response:
    data = await _json(request)
    perms = data.get("permissions", list(PERMISSIONS))
    funded = data.get("funded", True)
    if not isinstance(perms, list) or not all(isinstance(p, str) for p in perms) or not isinstance(funded, bool):
        raise EngineError(10004)
    expires_at = None if data.get("expires_at") is None else _number(data, "expires_at", 0.0)
    key, secret, uid = _sandbox(request).engine.create_api_key(
        perms, uid=int_param(data.get("uid"), None), expires_at=expires_at, funded=funded
    )
    return json_response({"code": 0, "api_key": key, "secret": secret, "uid": uid})


@guarded
async def reset_limits(request: web.Request) -> web.Response:
    _sandbox(request).limiter.reset()
    return json_response({"code": 0})


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
