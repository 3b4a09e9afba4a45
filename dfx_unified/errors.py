"""Response envelope checks and error mapping (pure: no I/O).

`exception_for_response` turns any HTTP answer into either None (success) or the
most specific ccxt exception, whose message keeps the exchange id, the code and the
server's own text. Nothing here raises a raw JSON or key error.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from ccxt.base import errors as ccxt_errors

from . import spec

SUCCESS_CODES = frozenset({0, 200})
_SNIPPET = 200


class OutcomeUnknown(ccxt_errors.OperationFailed):
    """A request that creates or moves something may or may not have been applied.

    Raised after a timeout or a dropped connection on order/new, batch_new, transfer
    or withdraw/new when reconciliation could not find the result. `checked` says
    what was looked at; the request was not re-sent.
    """

    def __init__(self, message: str, checked: list[str] | None = None) -> None:
        super().__init__(message)
        self.checked = list(checked or [])


class TradingRulesGuardError(ccxt_errors.OperationRejected):
    """Refused before sending: the order would trip a DigiFinex API trading rule."""


def exception_class(code: int) -> type[Exception]:
    name = spec.ERROR_CODES.get(code, "ExchangeError")
    return getattr(ccxt_errors, name)  # type: ignore[no-any-return]


def _snippet(body: str | None) -> str:
    text = (body or "").strip().replace("\n", " ")
    return text if len(text) <= _SNIPPET else text[:_SNIPPET] + "..."


def _retry_after(headers: Mapping[str, Any] | None) -> float | None:
    if not headers:
        return None
    for key, value in headers.items():
        if str(key).lower() == "retry-after":
            try:
                return float(value)
            except (TypeError, ValueError):
                return None
    return None


def exception_for_response(
    status: int | None,
    reason: str | None,
    url: str,
    method: str,
    headers: Mapping[str, Any] | None,
    body: str | None,
    parsed: Any,
) -> Exception | None:
    """Classify one HTTP answer. Returns the exception to raise, or None on success."""
    where = f"{spec.EXCHANGE_ID} {method} {url}"
    if status is not None and status >= 500:
        return ccxt_errors.ExchangeNotAvailable(
            f"{where} HTTP {status} {reason or ''}: {_snippet(body)}".rstrip()
        )
    if not isinstance(parsed, dict):
        kind = "empty body" if not (body or "").strip() else "non-JSON body"
        return ccxt_errors.BadResponse(f"{where} HTTP {status}: {kind}: {_snippet(body)}")
    if "code" not in parsed:
        return ccxt_errors.BadResponse(f"{where} HTTP {status}: no 'code' in {_snippet(body)}")
    raw_code: Any = parsed.get("code")
    try:
        code = int(raw_code)
    except (TypeError, ValueError):
        return ccxt_errors.BadResponse(f"{where}: code {raw_code!r} is not a number")
    if code in SUCCESS_CODES:
        if status is not None and status >= 400:
            return ccxt_errors.ExchangeError(f"{where} HTTP {status}: {_snippet(body)}")
        return None
    server_text = str(parsed.get("msg") or parsed.get("message") or spec.ERROR_MESSAGES.get(code, ""))
    error = exception_class(code)(f"{spec.EXCHANGE_ID} {code} {server_text}".rstrip())
    error.code = code  # type: ignore[attr-defined]
    error.server_message = server_text  # type: ignore[attr-defined]
    retry_after = _retry_after(headers)
    if retry_after is not None:
        error.retry_after = retry_after  # type: ignore[attr-defined]
    return error


def error_code(error: BaseException) -> int | None:
    return getattr(error, "code", None)


def resume_message(error: Exception, resume_at_ms: int) -> str:
    when = _dt.datetime.fromtimestamp(resume_at_ms / 1000, tz=_dt.timezone.utc).isoformat()
    return f"{error}; requests paused until {when} (resume_at={resume_at_ms})"
