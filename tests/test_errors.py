"""The error table, envelopes and bodies that are not JSON."""

from __future__ import annotations

import ccxt
import pytest

from dfx_unified import errors, spec

# The most specific class for each code, chosen from the reference's text.
EXPECTED = {
    10001: ccxt.BadRequest,
    10002: ccxt.AuthenticationError,
    10003: ccxt.AuthenticationError,
    10004: ccxt.BadRequest,
    10005: ccxt.RateLimitExceeded,
    10006: ccxt.PermissionDenied,
    10007: ccxt.PermissionDenied,
    10008: ccxt.InvalidNonce,
    10009: ccxt.BadRequest,
    10011: ccxt.AuthenticationError,
    20002: ccxt.MarketClosed,
    20007: ccxt.InvalidOrder,
    20008: ccxt.InvalidOrder,
    20009: ccxt.InvalidOrder,
    20010: ccxt.InvalidOrder,
    20011: ccxt.InsufficientFunds,
    20012: ccxt.InvalidOrder,
    20013: ccxt.OrderNotFound,
    20014: ccxt.BadRequest,
    20015: ccxt.BadRequest,
    20018: ccxt.AccountSuspended,
    20019: ccxt.BadSymbol,
    20020: ccxt.AccountSuspended,
    20021: ccxt.BadRequest,
    20022: ccxt.BadRequest,
    20023: ccxt.BadRequest,
    20024: ccxt.BadRequest,
    20025: ccxt.PermissionDenied,
    20026: ccxt.InsufficientFunds,
    20027: ccxt.AccountSuspended,
    20028: ccxt.PermissionDenied,
    20029: ccxt.PermissionDenied,
    20030: ccxt.BadRequest,
    20032: ccxt.PermissionDenied,
    20033: ccxt.BadRequest,
    20034: ccxt.OnMaintenance,
    20035: ccxt.PermissionDenied,
    20036: ccxt.ExchangeError,
    20037: ccxt.InvalidAddress,
    20038: ccxt.InvalidAddress,
    20039: ccxt.BadRequest,
    20040: ccxt.RateLimitExceeded,
    20041: ccxt.PermissionDenied,
    20042: ccxt.BadSymbol,
    50000: ccxt.ExchangeNotAvailable,
}


def test_table_covers_every_code_of_the_reference():
    # EXPECTED above is transcribed from the reference's "Error codes" table (0 aside)
    assert set(spec.ERROR_CODES) == set(spec.ERROR_MESSAGES) == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_code_maps_to_its_class_and_keeps_code_and_text(code):
    error = errors.exception_for_response(200, "OK", "u", "GET", {}, "{}", {"code": code, "msg": "server says"})
    assert type(error) is EXPECTED[code]
    assert str(error) == f"digifinex {code} server says"
    assert error.code == code


def test_message_falls_back_to_the_reference_text():
    error = errors.exception_for_response(200, "OK", "u", "GET", {}, "{}", {"code": 20013})
    assert str(error) == "digifinex 20013 No order info found"


@pytest.mark.parametrize("code", [0, 200, "0", "200"])
def test_success_codes(code):
    assert errors.exception_for_response(200, "OK", "u", "GET", {}, "{}", {"code": code}) is None


def test_unknown_code_is_exchange_error():
    error = errors.exception_for_response(200, "OK", "u", "GET", {}, "{}", {"code": 99999, "msg": "new"})
    assert type(error) is ccxt.ExchangeError and "99999 new" in str(error)


def test_retry_after_header_kept_on_the_error():
    error = errors.exception_for_response(200, "OK", "u", "GET", {"Retry-After": "120"}, "{}", {"code": 10005})
    assert error.retry_after == 120.0


def test_502_html_page(public_exchange, replay):
    public_exchange.options["maxRetries"] = 0
    with replay("quirks/http_502_html.yaml"), pytest.raises(ccxt.ExchangeNotAvailable, match="502"):
        public_exchange.fetch_time()


@pytest.mark.parametrize(("cassette", "words"), [
    ("quirks/empty_body.yaml", "empty body"),
    ("quirks/non_json_body.yaml", "non-JSON body"),
    ("quirks/no_code.yaml", "no 'code'"),
])
def test_bodies_that_are_not_an_envelope(public_exchange, replay, cassette, words):
    public_exchange.options["maxRetries"] = 0
    with replay(cassette), pytest.raises(ccxt.BadResponse, match=words):
        public_exchange.fetch_time()


def test_exchange_error_keeps_server_message_through_the_client(exchange, replay):
    with replay("quirks/error_20019.yaml"), pytest.raises(ccxt.BadSymbol) as info:
        exchange.fetch_ticker("BTC/USDT")
    assert str(info.value).startswith("digifinex 20019 Wrong trading pair symbol")
