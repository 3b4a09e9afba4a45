"""dfx_unified.numbers: the one strict parser for numbers from the wire and from requests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dfx_unified import numbers
from dfx_unified.numbers import (
    MAX_ADJUSTED_EXPONENT,
    MAX_SIGNIFICANT_DIGITS,
    NumberError,
    strict_decimal,
    strict_decimal_or_none,
    strict_int,
)

# seeded and derandomized: the same examples on every run, nothing stored between runs
FUZZ = settings(derandomize=True, database=None, max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", "0"),
        ("-0", "-0"),
        ("+12", "12"),
        ("1.50", "1.50"),  # trailing zeros kept: the value is exact, scale included
        ("0.00000001", "1E-8"),
        ("0.000", "0.000"),
        ("-0.00123", "-0.00123"),
        ("1e30", "1E+30"),
        ("9.999e30", "9.999E+30"),
        ("1.000e-5", "0.00001000"),
        ("1E-30", "1E-30"),
        ("123456789.123456789", "123456789.123456789"),
        (" 42\t", "42"),  # surrounding ASCII blanks only
        ("0e999999999", "0"),  # zero is in bounds whatever its exponent
        ("0." + "0" * 60, "0E-60"),
    ],
)
def test_accepts_plain_ascii_notation(text: str, expected: str) -> None:
    assert str(strict_decimal(text)) == expected  # the value and its scale


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "nan",
        "NaN",
        "-nan",
        "sNaN",
        "inf",
        "-Infinity",
        "INF",
        "1_0",  # Python's int()/Decimal() accept underscores
        "\u0661\u0660",  # Arabic-Indic digits: Decimal() reads them as 10
        "\uff11\uff12",  # fullwidth digits
        "1\u00a0",  # non-ASCII blank around
        "1 0",
        "1e",
        "e5",
        ".5",
        "5.",
        "1.2.3",
        "0x10",
        "1e+",
        "--1",
        "1,5",
        "abc",
        "1e31",
        "1e-31",
        "10000000000000000000000000000000",  # 10^31
        "1e999999999",
        "1e-400",
        "1e" + "9" * 1_000_000,  # a million-digit exponent: refused on length, not converted
        "0." + "0" * 30 + "1",  # 1e-31
        "1" + "1" * MAX_SIGNIFICANT_DIGITS,  # 41 significant digits
    ],
)
def test_refuses_everything_else(text: str) -> None:
    with pytest.raises(NumberError):
        strict_decimal(text)
    assert strict_decimal_or_none(text) is None


@pytest.mark.parametrize("value", [None, True, False, b"1", Decimal("1"), [1], {"a": 1}, object(), 1 + 2j])
def test_refuses_other_types(value: Any) -> None:
    with pytest.raises(ValueError):  # NumberError is a ValueError
        strict_decimal(value)


def test_ints_and_finite_floats() -> None:
    assert strict_decimal(7) == Decimal(7)
    assert strict_decimal(-(10**30)) == Decimal("-1E30")
    assert strict_decimal(0.1) == Decimal("0.1")  # repr, not the binary expansion
    assert strict_decimal(1e16) == Decimal("1E16")
    for refused in (10**31, 10**5000, float("nan"), float("inf"), -float("inf"), 1e-300, 1e300):
        assert strict_decimal_or_none(refused) is None


def test_huge_int_refused_without_text_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    # str() of a 10^6-digit int is slow (and limited since 3.11); the bound is checked on bits
    huge = 1 << 4_000_000
    with pytest.raises(NumberError):
        strict_decimal(huge)
    with pytest.raises(NumberError):
        strict_int(huge)


def test_huge_exponent_never_reaches_decimal_or_int(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused by the text's shape: no Decimal and no int is built from the exponent."""

    def forbidden(*args: Any) -> Any:
        raise AssertionError("conversion attempted")

    monkeypatch.setattr(numbers, "Decimal", forbidden)
    monkeypatch.setattr(numbers, "int", forbidden, raising=False)
    for text in ("1e999999999", "-5.5E-99999999999", "1e" + "7" * 90):
        with pytest.raises(NumberError):
            strict_decimal(text)


@pytest.mark.parametrize(
    ("value", "expected"), [("0", 0), ("-12", -12), ("+3", 3), (" 1700000000 ", 1_700_000_000), (5, 5), ("9" * 31, int("9" * 31))]
)
def test_strict_int_accepts(value: Any, expected: int) -> None:
    assert strict_int(value) == expected


@pytest.mark.parametrize(
    "value", ["1.0", "1e3", "1_0", "\u0661\u0660", "", "nan", "1" + "0" * 31, True, 1.0, None, "0x1", 10**31]
)
def test_strict_int_refuses(value: Any) -> None:
    with pytest.raises(NumberError):
        strict_int(value)


# ---------------------------------------------------------------- properties
in_bounds = st.builds(
    lambda sign, digits, adjusted: Decimal((sign, tuple(digits), adjusted - len(digits) + 1)),
    st.integers(0, 1),
    st.lists(st.integers(0, 9), min_size=1, max_size=MAX_SIGNIFICANT_DIGITS).filter(lambda d: d[0] != 0),
    st.integers(-MAX_ADJUSTED_EXPONENT, MAX_ADJUSTED_EXPONENT),
)


@FUZZ
@given(in_bounds, st.sampled_from(["str", "f", "e", "E"]))
def test_every_number_in_bounds_round_trips(value: Decimal, notation: str) -> None:
    text = {"str": str(value), "f": format(value, "f"), "e": format(value, "e"), "E": format(value, "E")}[notation]
    result = strict_decimal(text)
    assert result == value


@FUZZ
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_finite_floats_read_through_repr(value: float) -> None:
    expected = Decimal(repr(value))
    if expected == 0 or -MAX_ADJUSTED_EXPONENT <= expected.adjusted() <= MAX_ADJUSTED_EXPONENT:
        assert strict_decimal(value) == expected
    else:
        assert strict_decimal_or_none(value) is None


_NUMBERISH = st.text(alphabet=st.sampled_from(list("0123456789+-.eE_ nNaAiIfF\t\u0661\u0660\u00a0x")), max_size=40)


@FUZZ
@given(st.one_of(_NUMBERISH, st.text(max_size=40)))
def test_any_text_is_an_exact_bounded_number_or_a_number_error(text: str) -> None:
    """The contract on hostile text: NumberError, or exactly the value Decimal() reads."""
    try:
        result = strict_decimal(text)
    except NumberError:
        return
    stripped = text.strip(" \t\n\r\f\v")
    assert stripped.isascii() and "_" not in stripped
    assert stripped.lower().lstrip("+-")[:1].isdigit()
    assert result == Decimal(stripped) and result.is_finite()
    if result != 0:
        assert -MAX_ADJUSTED_EXPONENT <= result.adjusted() <= MAX_ADJUSTED_EXPONENT


@FUZZ
@given(st.integers(min_value=-(10**35), max_value=10**35))
def test_ints_within_the_bound(value: int) -> None:
    if abs(value) < 10 ** (MAX_ADJUSTED_EXPONENT + 1):
        assert strict_decimal(value) == Decimal(value)
        assert strict_int(value) == strict_int(str(value)) == value
    else:
        assert strict_decimal_or_none(value) is None
        with pytest.raises(NumberError):
            strict_int(str(value))
