"""Request signing for DigiFinex v3 (reference: "Signature Authentication").

Pure functions with no I/O. The adapter signs with them and the sandbox verifies
with the same ones, so both ends agree by construction.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

HEADER_KEY = "ACCESS-KEY"
HEADER_SIGN = "ACCESS-SIGN"
HEADER_TIMESTAMP = "ACCESS-TIMESTAMP"
HEADER_RECV_WINDOW = "ACCESS-RECV-WINDOW"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def encode_params(params: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> str:
    """URL-encode parameters in the order given (the exchange verifies what it gets).

    Values are sent as ``str(value)``; callers pass amounts and prices as strings
    already rounded to the market's precision, so nothing is re-formatted here.
    """
    items = params.items() if isinstance(params, Mapping) else params
    pairs = [(key, _text(value)) for key, value in items]
    # ids, limits and numbers need no escaping: joined as they are, what urlencode
    # gives them (it leaves letters, digits and _.-~ alone); anything else goes through it
    if all(type(key) is str and _UNRESERVED(key) and _UNRESERVED(value) for key, value in pairs):
        return "&".join([f"{key}={value}" for key, value in pairs])
    return urlencode(pairs)


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*\Z").match


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def signature_payload(query: str, body: str) -> str:
    """What is signed: the query for GET, the body for POST, ``query&body`` if both."""
    if query and body:
        return f"{query}&{body}"
    return query or body


def sign(secret: str, payload: str) -> str:
    """Hex HMAC-SHA256 of ``payload`` keyed by ``secret``."""
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def verify(secret: str, payload: str, signature: str) -> bool:
    """Constant-time check of a signature (the reference: not case sensitive)."""
    # bytes, not str: compare_digest raises TypeError on non-ASCII text, and a hostile
    # header must be a wrong signature, not a crash
    given = signature.strip().lower().encode("utf-8", "surrogateescape")
    return hmac.compare_digest(sign(secret, payload).encode(), given)
