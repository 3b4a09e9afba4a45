"""One strict parser for numbers that cross a trust boundary (wire answers, requests).

`Decimal(text)` accepts far more than a price or an amount: `nan`, `inf`, `1_0`,
Arabic-Indic digits, surrounding Unicode spaces, and exponents such as `1e999999999`
whose later arithmetic overflows or expands into a billion-digit integer. The parser
here accepts only plain ASCII decimal notation within fixed bounds, and decides in
time proportional to a short, capped text, before any Decimal arithmetic happens.

Accepted:
- `str`: optional surrounding ASCII whitespace, then `[+-]digits[.digits][(e|E)[+-]digits]`
  (no underscores, no inner spaces, no non-ASCII digits, no `nan`/`inf`/`infinity`,
  no bare `.5` or `5.`);
- `int` (not `bool`);
- a finite `float`, read through `repr` (the shortest text that round-trips).

Bounds (zero is always in bounds, whatever its exponent):
- the adjusted exponent (the power of ten of the leading digit) lies within
  +-MAX_ADJUSTED_EXPONENT;
- at most MAX_SIGNIFICANT_DIGITS digits from the first non-zero digit to the last
  digit written.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

# 10^30 is beyond any price, amount, balance or supply a venue quotes (the largest
# token supplies are ~10^15 units), and 10^-30 is finer than any asset's smallest unit
# (18 decimals for ERC-20 tokens): anything outside is junk or an attack, and the
# bound keeps every product of two numbers within ~10^60, far from Decimal's limits.
MAX_ADJUSTED_EXPONENT: Final = 30
# 40 digits hold any real quantity exactly (a 10^22 supply with 18 decimals), while a
# capped digit count keeps each Decimal operation on short coefficients.
MAX_SIGNIFICANT_DIGITS: Final = 40
# Longest text accepted (sign, digits, point, exponent, surrounding blanks). Any
# number within the bounds above is written in far fewer characters (at most 73 in
# plain notation), so the cap refuses only padding, and every text is refused or
# accepted after O(MAX_TEXT_LENGTH) work whatever its length.
MAX_TEXT_LENGTH: Final = 100

_ASCII_BLANKS: Final = " \t\n\r\f\v"
_NUMBER: Final = re.compile(r"([+-]?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?", re.ASCII)
_INTEGER: Final = re.compile(r"[+-]?[0-9]+", re.ASCII)
# |n| < 10^(MAX_ADJUSTED_EXPONENT + 1) needs at most this many bits; larger ints are
# refused before they are ever turned into text (str(int) is quadratic).
_INT_LIMIT: Final = 10 ** (MAX_ADJUSTED_EXPONENT + 1)
_MAX_INT_BITS: Final = _INT_LIMIT.bit_length()


class NumberError(ValueError):
    """A value that is not a number in the accepted notation, or out of bounds."""


def _describe(value: object) -> str:
    """A short description of a refused value for error messages (never a long text)."""
    if isinstance(value, str):
        return repr(value) if len(value) <= 32 else f"{value[:24]!r}... ({len(value)} characters)"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < _INT_LIMIT:
        return repr(value)
    return f"a value of type {type(value).__name__}"


def _from_text(text: str, original: object) -> Decimal:
    if len(text) > MAX_TEXT_LENGTH:
        raise NumberError(f"not a number: {_describe(original)} is longer than {MAX_TEXT_LENGTH} characters")
    stripped = text.strip(_ASCII_BLANKS)
    match = _NUMBER.fullmatch(stripped)
    if match is None:
        raise NumberError(f"not a number: {_describe(original)}")
    sign, whole, fraction, exponent_text = match.groups()
    fraction = fraction or ""
    digits = whole + fraction
    first = len(digits) - len(digits.lstrip("0"))
    if first == len(digits):
        # zero: always in bounds; an exponent (any length) changes nothing but the
        # scale, so it is dropped rather than turned into a huge Decimal exponent
        return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
    if len(digits) - first > MAX_SIGNIFICANT_DIGITS:
        raise NumberError(f"{_describe(original)} has more than {MAX_SIGNIFICANT_DIGITS} significant digits")
    exponent = 0
    if exponent_text is not None:
        magnitude = exponent_text.lstrip("+-").lstrip("0")
        # the mantissa shifts the exponent by fewer than MAX_TEXT_LENGTH places, so an
        # exponent of more than 4 digits is out of bounds without converting it
        if len(magnitude) > 4:
            raise NumberError(f"{_describe(original)} is out of range (exponent)")
        exponent = int(magnitude or "0") * (-1 if exponent_text.startswith("-") else 1)
    adjusted = exponent + len(whole) - 1 - first
    if not -MAX_ADJUSTED_EXPONENT <= adjusted <= MAX_ADJUSTED_EXPONENT:
        raise NumberError(f"{_describe(original)} is out of range (|exponent| > {MAX_ADJUSTED_EXPONENT})")
    return Decimal(stripped)


def strict_decimal(value: object) -> Decimal:
    """The exact Decimal `value` denotes, or NumberError (a ValueError).

    See the module docstring for the notation and the bounds. Takes time bounded by
    MAX_TEXT_LENGTH whatever the input.
    """
    if isinstance(value, str):
        return _from_text(value, value)
    if isinstance(value, bool):
        raise NumberError(f"not a number: {_describe(value)}")
    if isinstance(value, int):
        if value.bit_length() > _MAX_INT_BITS:
            raise NumberError(f"integer out of range (|n| >= 10^{MAX_ADJUSTED_EXPONENT + 1})")
        return _from_text(str(value), value)
    if isinstance(value, float):
        # repr of a non-finite float is 'nan' / 'inf', which the notation refuses
        return _from_text(repr(value), value)
    raise NumberError(f"not a number: {_describe(value)}")


def strict_decimal_or_none(value: object) -> Decimal | None:
    """strict_decimal(value), or None where it would raise (optional fields)."""
    try:
        return strict_decimal(value)
    except NumberError:
        return None


def strict_int(value: object) -> int:
    """An integer written `[+-]digits` (ASCII) or given as int (not bool), |n| < 10^31.

    For counts, ids, sizes and times: `1.0`, `1e3`, `1_0`, non-ASCII digits and floats
    are refused (NumberError, a ValueError).
    """
    if isinstance(value, bool):
        raise NumberError(f"not an integer: {_describe(value)}")
    if isinstance(value, int):
        if value.bit_length() > _MAX_INT_BITS or abs(value) >= _INT_LIMIT:
            raise NumberError(f"integer out of range (|n| >= 10^{MAX_ADJUSTED_EXPONENT + 1})")
        return value
    if isinstance(value, str) and len(value) <= MAX_TEXT_LENGTH:
        text = value.strip(_ASCII_BLANKS)
        if _INTEGER.fullmatch(text) and len(text.lstrip("+-").lstrip("0")) <= MAX_ADJUSTED_EXPONENT + 1:
            return int(text)
    raise NumberError(f"not an integer: {_describe(value)}")
