"""The aiohttp application: /v3 routing, auth, timestamps, weights, envelopes, faults.

It knows nothing of matching; handlers.py turns parameters into engine calls.
"""

from __future__ import annotations

import asyncio
import logging
import math
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from aiohttp import web

from dfx_unified import signing, spec

from .admin import SANDBOX, add_admin_routes, admin_guard
from .admin_token import new_admin_token
from .auth import authenticate
from .engine import ApiKey, Engine
from .faults import Fault, FaultRegistry
from .handlers import HANDLERS, Ctx
from .journal import EngineError
from .limits import WeightLimiter
from .responses import Handler, envelope, json_response

log = logging.getLogger(__name__)

BAD_GATEWAY_HTML = (
    "<html><head><title>502 Bad Gateway</title></head><body>"
    "<center><h1>502 Bad Gateway</h1></center><hr><center>waf</center></body></html>"
)
# Stock ccxt.digifinex loads swap instruments with the spot markets; the sandbox has no
# swap product and answers that one path with an empty list so unchanged ccxt works.
SWAP_INSTRUMENTS_PATH = "/swap/v2/public/instruments"
KNOWN_PATHS = {path for _, path in spec.ENDPOINTS_BY_PATH}
# Largest request body read (aiohttp's default, made explicit): the largest real
# request, a 10-order batch, is about 2 KB. Larger bodies answer HTTP 413.
MAX_BODY_BYTES = 1024**2


@dataclass
class Sandbox:
    """Everything the request handlers share."""

    engine: Engine
    limiter: WeightLimiter
    faults: FaultRegistry = field(default_factory=FaultRegistry)
    weights: dict[str, int] = field(default_factory=dict)
    recv_window_max: float = 60.0
    admin_token: str = field(default_factory=new_admin_token, repr=False)


def rate_limited(seconds: float) -> web.Response:
    return envelope(10005, headers={"Retry-After": str(max(1, math.ceil(seconds)))})


def drop_connection(request: web.Request) -> web.Response:
    """Close the socket without an answer (the client sees a reset / empty reply)."""
    if request.transport is not None:
        request.transport.abort()
    # aiohttp drops writes to an aborted transport, so this response is never sent
    return web.Response(status=200)


def weight_of(sandbox: Sandbox, endpoint: spec.Endpoint, path: str) -> int:
    return sandbox.weights.get(path, sandbox.weights.get(endpoint.path, endpoint.weight))


def read_params(query: str, body: str) -> dict[str, str]:
    """Form body then query string; the query wins (reference: "priority in query string")."""
    params = dict(parse_qsl(body, keep_blank_values=True))
    params.update(parse_qsl(query, keep_blank_values=True))
    return params


async def handle_v3(request: web.Request) -> web.StreamResponse:
    sandbox: Sandbox = request.app[SANDBOX]
    path = request.match_info["path"].strip("/")
    endpoint = spec.ENDPOINTS_BY_PATH.get((request.method, path))
    if endpoint is None:
        return envelope(10001 if path in KNOWN_PATHS else 10009)
    fault = sandbox.faults.take(path)
    # The request is read before any fault strikes: a client that times out during
    # a "delay before" must not stop the action from landing afterwards.
    raw_query = request.rel_url.raw_query_string
    raw_body = (await request.read()).decode("utf-8", errors="replace")
    skew = 0.0
    delay_first = 0.0
    if (fault is not None and fault.when == "before") or (
        fault is not None and fault.kind in ("http_502", "rate_limit", "clock_skew")
    ):
        assert fault is not None
        if fault.kind == "delay":
            delay_first = fault.delay
        elif fault.kind == "reset":
            return drop_connection(request)
        elif fault.kind == "http_502":
            return web.Response(status=502, text=BAD_GATEWAY_HTML, content_type="text/html")
        elif fault.kind == "rate_limit":
            return rate_limited(fault.delay or 1)
        elif fault.kind == "clock_skew":
            skew = fault.delay

    async def act() -> web.Response:
        if delay_first:
            await asyncio.sleep(delay_first)
        return run(sandbox, request, endpoint, path, raw_query, raw_body, skew)

    # shielded: a client that hangs up cancels this handler, not the engine action
    response = await asyncio.shield(asyncio.ensure_future(act()))
    if (fault is not None and fault.when == "after") or (fault is not None and fault.kind == "malformed_json"):
        return await after_fault(request, fault, response)
    return response


def run(
    sandbox: Sandbox, request: web.Request, endpoint: spec.Endpoint, path: str, query: str, body: str, skew: float
) -> web.Response:
    engine = sandbox.engine
    ip = f"ip:{request.remote}"
    now = engine.clock.now()
    left = sandbox.limiter.banned_for(ip, now)
    if left > 0:
        return rate_limited(left)
    key: ApiKey | None = None
    subjects = [ip]
    weight = weight_of(sandbox, endpoint, path)
    try:
        if endpoint.access == "private":
            payload = signing.signature_payload(query, body)
            try:
                key = authenticate(engine, request.headers, payload, endpoint.permission, now + skew, sandbox.recv_window_max)
            except EngineError:
                # a refused request still costs its IP the weight (README), so a flood of
                # guessed keys or signatures meets 10005 and the ban like any other flood
                refused = sandbox.limiter.spend([ip], weight)
                if refused > 0:
                    return rate_limited(refused)
                raise
            subjects.append(f"key:{key.key}")
        refused = sandbox.limiter.spend(subjects, weight)
        if refused > 0:
            return rate_limited(refused)
        kind = path.split("/", 1)[0] if "{market}" in endpoint.path else ""
        ctx = Ctx(engine, read_params(query, body), kind, key)
        return json_response(HANDLERS[endpoint.path](ctx))
    except EngineError as exc:
        return envelope(exc.code)
    except Exception:  # a bug must still answer in the documented envelope
        log.exception("sandbox handler failed for %s", path)
        return envelope(50000)


async def after_fault(request: web.Request, fault: Fault, response: web.Response) -> web.StreamResponse:
    """Faults that strike once the engine has committed the action."""
    if fault.kind == "delay":
        await asyncio.sleep(fault.delay)
        return response
    if fault.kind == "reset":
        return drop_connection(request)
    text = response.text or ""
    return web.Response(status=200, text=text[: max(1, len(text) // 2)], content_type="application/json")


async def handle_swap_instruments(request: web.Request) -> web.Response:
    return json_response({"code": 0, "data": []})


async def handle_other(request: web.Request) -> web.Response:
    return envelope(10009)


@web.middleware
async def oversized_body(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A body over MAX_BODY_BYTES answers HTTP 413 in the JSON envelope (10004), not aiohttp's text."""
    try:
        return await handler(request)
    except web.HTTPRequestEntityTooLarge:
        return envelope(10004, f"request body larger than {MAX_BODY_BYTES} bytes", status=413)


def build_app(sandbox: Sandbox) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[oversized_body, admin_guard])
    app[SANDBOX] = sandbox
    app.router.add_route("*", "/v3/{path:.*}", handle_v3)
    app.router.add_get(SWAP_INSTRUMENTS_PATH, handle_swap_instruments)
    add_admin_routes(app)
    app.router.add_route("*", "/{path:.*}", handle_other)
    return app
