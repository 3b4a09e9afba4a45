"""Values entering the engine from requests: strict numbers and JSON, or a refusal.

Every number a request (or an admin call) hands the engine goes through
dfx_unified.numbers, so `nan`, `inf`, `1_0`, non-ASCII digits and out-of-range
exponents are refused with the reference's code for that field instead of reaching
Decimal arithmetic (overflow), a comparison (NaN passes every check) or a JSON answer
(Infinity is not JSON). Which code a field uses is listed in the sandbox README.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, overload

from dfx_unified.numbers import NumberError, strict_decimal, strict_int

from .journal import EngineError


def decimal_param(value: Any, code: int = 10004) -> Decimal:
    """A strict decimal (see dfx_unified.numbers), or EngineError(code)."""
    try:
        return strict_decimal(value)
    except NumberError:
        raise EngineError(code) from None


@overload
def int_param(value: Any, default: int, code: int = 10004) -> int: ...
@overload
def int_param(value: Any, default: None, code: int = 10004) -> int | None: ...


def int_param(value: Any, default: int | None, code: int = 10004) -> int | None:
    """A strict integer, `default` when absent (None or ''), or EngineError(code)."""
    if value is None or value == "":
        return default
    try:
        return strict_int(value)
    except NumberError:
        raise EngineError(code) from None


def limit_param(value: Any, default: int, maximum: int) -> int:
    """A row count: at least 1 (else 10004), at most `maximum` (larger values are capped)."""
    n = int_param(value, default)
    if n < 1:
        raise EngineError(10004)
    return min(n, maximum)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def json_param(text: str, max_chars: int, code: int = 10004) -> Any:
    """Parse JSON with every number kept as its text (for the strict parsers), or EngineError(code).

    NaN / Infinity literals, texts over `max_chars`, and nesting deeper than the
    parser's recursion limit are refused, not crashes.
    """
    if len(text) > max_chars:
        raise EngineError(code)
    try:
        return json.loads(text, parse_float=str, parse_int=str, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise EngineError(code) from None
