"""Zone-less date strings of the deposit/withdraw history ("2020-04-20 11:23:00").

The exchange does not say which zone these are in (known-quirks); the zone is the
option `historyTimezone`: an IANA name ("Asia/Singapore") or a fixed offset
("+08:00", "-0530", "UTC").
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from ccxt.base import errors as ccxt_errors
from dateutil import parser as date_parser
from dateutil import tz

from . import spec

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?$", re.IGNORECASE)


def history_zone(name: str | None) -> _dt.tzinfo:
    """tzinfo for an IANA name or a fixed offset; BadRequest for anything else."""
    text = (name or spec.DEFAULT_HISTORY_TIMEZONE).strip()
    if text.upper() in ("UTC", "GMT", "Z"):
        return _dt.timezone.utc
    match = _OFFSET.match(text)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
        return _dt.timezone(sign * _dt.timedelta(minutes=minutes))
    zone = tz.gettz(text)
    if zone is None:
        raise ccxt_errors.BadRequest(
            f"{spec.EXCHANGE_ID} options['historyTimezone'] {text!r} is neither an IANA zone nor an offset like '+08:00'"
        )
    return zone


def parse_history_date(value: Any, zone_name: str | None) -> int | None:
    """Milliseconds since the epoch for a history date; None when absent or unreadable.

    A value that carries its own zone keeps it; a number is taken as Unix seconds.
    """
    if value is None or value == "" or value == 0 or value == "0":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value * 1000)
    text = str(value).strip()
    if text.isdigit():
        return int(text) * 1000
    try:
        parsed = date_parser.parse(text)
    except (ValueError, OverflowError):
        return None  # an unreadable date is reported as unknown, never guessed
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=history_zone(zone_name))
    return int(parsed.timestamp() * 1000)
