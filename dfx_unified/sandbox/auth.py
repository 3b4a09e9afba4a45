"""Private-endpoint authentication as the reference describes it."""

from __future__ import annotations

from collections.abc import Mapping

from dfx_unified import signing, spec
from dfx_unified.numbers import NumberError, strict_decimal

from .engine import ApiKey, Engine
from .journal import EngineError

# Seconds since 1970 have 10 digits until the year 2286; 12 leave room and refuse
# millisecond stamps (13 digits) and padding before anything is converted.
TIMESTAMP_MAX_DIGITS = 12


def parse_timestamp(value: str | None) -> int:
    """ACCESS-TIMESTAMP: whole seconds in ASCII digits, else 10008.

    `nan`, `inf`, `1e9`, `1_700_000_000`, non-ASCII digits, signs, fractions and blanks
    inside are all refused: only a value compared as an integer can be trusted by the
    window check (every comparison with NaN is false).
    """
    if not value or len(value) > TIMESTAMP_MAX_DIGITS or not (value.isascii() and value.isdigit()):
        raise EngineError(10008)
    return int(value)


def recv_window(value: str | None, maximum: float) -> float:
    """ACCESS-RECV-WINDOW in seconds (a strict decimal, else 10004); values above 1000 are read as milliseconds."""
    if not value:
        return float(spec.TIMESTAMP_BEHIND_SECONDS)
    try:
        window = float(strict_decimal(value))
    except NumberError:
        raise EngineError(10004) from None
    if window > 1000:
        window /= 1000.0
    return max(0.0, min(window, maximum))


def authenticate(
    engine: Engine,
    headers: Mapping[str, str],
    payload: str,
    permission: str,
    now: float,
    recv_max: float,
) -> ApiKey:
    """Check key, expiry, timestamp window, signature and permission, in that order."""
    key = headers.get(signing.HEADER_KEY, "")
    if not key:
        raise EngineError(10009)
    info = engine.key_info(key)
    if info is None or not info.enabled:
        raise EngineError(10002)
    if info.expires_at is not None and info.expires_at <= now:
        raise EngineError(10011)
    stamp = parse_timestamp(headers.get(signing.HEADER_TIMESTAMP))
    behind = recv_window(headers.get(signing.HEADER_RECV_WINDOW), recv_max)
    if stamp < now - behind or stamp > now + spec.TIMESTAMP_AHEAD_SECONDS:
        raise EngineError(10008)
    if not signing.verify(info.secret, payload, headers.get(signing.HEADER_SIGN, "")):
        raise EngineError(10003)
    if permission not in info.permissions:
        raise EngineError(10006)
    return info
