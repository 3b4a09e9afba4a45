"""JSON answers of the sandbox: strict JSON only, and the reference's error envelope."""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from dfx_unified import spec

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Python's json writes NaN / Infinity, which is not JSON: a value like that in an
# answer is a sandbox bug, and must fail loudly (the caller answers 50000) rather
# than reach a client as a body no JSON parser accepts.
strict_dumps = functools.partial(json.dumps, allow_nan=False)


def json_response(data: Any, *, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    """`data` as strict JSON (ValueError if it holds a non-finite float)."""
    return web.json_response(data, status=status, headers=headers, dumps=strict_dumps)


def envelope(code: int, msg: str | None = None, *, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    """`{"code": N, "msg": ...}` with the reference's text for the code unless `msg` is given."""
    body = {"code": code, "msg": msg or spec.ERROR_MESSAGES.get(code, "Exception error")}
    return json_response(body, status=status, headers=headers)
