"""Keep API keys, secrets and signatures out of logs (ccxt's verbose mode included)."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from .signing import HEADER_KEY, HEADER_SIGN

MASK = "***"
_SECRET_HEADERS = {HEADER_KEY.lower(), HEADER_SIGN.lower(), "secret", "apikey", "password"}
# header dumps that reached a string (e.g. a formatted log line)
_HEADER_IN_TEXT = re.compile(r"(?i)('?(?:access-key|access-sign)'?\s*[:=]\s*'?)([^',}\s]+)")


def redact(value: Any) -> Any:
    """A copy of `value` with secret headers and fields masked."""
    if isinstance(value, Mapping):
        return {k: (MASK if str(k).lower() in _SECRET_HEADERS else redact(v)) for k, v in value.items()}
    if isinstance(value, str):
        return _HEADER_IN_TEXT.sub(lambda m: m.group(1) + MASK, value)
    if isinstance(value, (list, tuple)):
        return type(value)(redact(v) for v in value)
    return value


class RedactingFilter(logging.Filter):
    """Masks secrets in a record's message and arguments before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(redact(arg) for arg in args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True
