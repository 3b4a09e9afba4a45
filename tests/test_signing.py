"""Signing through the class's own request path, headers, and credentials."""

from __future__ import annotations

import ccxt
import pytest

from dfx_unified import signing
from tests.conftest import make_exchange

VECTOR_SIGNATURE = "7e2d0636cab21fd41c828b8c6ce8f77e643febecdeaeab0771c01dc4d7dbef38"


def test_reference_vector_through_the_request_path():
    exchange = make_exchange()
    request = exchange.sign(
        "spot/order/new",
        ["private", "spot"],
        "POST",
        {"symbol": "trx_usdt", "price": "0.01", "amount": "1", "type": "buy"},
    )
    assert request["url"] == "https://openapi.digifinex.com/v3/spot/order/new"
    # the body is the signed string, byte for byte, in the order given (not sorted)
    assert request["body"] == "symbol=trx_usdt&price=0.01&amount=1&type=buy"
    headers = request["headers"]
    assert headers["ACCESS-SIGN"] == VECTOR_SIGNATURE
    assert headers["ACCESS-KEY"] == "0123456789abcd"
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert headers["ACCESS-TIMESTAMP"].isdigit() and len(headers["ACCESS-TIMESTAMP"]) == 10


def test_get_signs_the_query_string_and_sends_no_body():
    exchange = make_exchange()
    request = exchange.sign("{market}/order/current", ["private", "spot"], "GET", {"market": "margin", "symbol": "btc_usdt"})
    assert request["url"] == "https://openapi.digifinex.com/v3/margin/order/current?symbol=btc_usdt"
    assert request["body"] is None
    assert request["headers"]["ACCESS-SIGN"] == signing.sign("01234567890123456789abcd", "symbol=btc_usdt")
    assert "Content-Type" not in request["headers"]


def test_private_get_without_parameters_signs_the_empty_string():
    request = make_exchange().sign("spot/assets", ["private", "spot"], "GET", {})
    assert request["url"] == "https://openapi.digifinex.com/v3/spot/assets"
    assert request["headers"]["ACCESS-SIGN"] == signing.sign("01234567890123456789abcd", "")


def test_query_and_body_are_joined_query_first():
    assert signing.signature_payload("a=1", "b=2") == "a=1&b=2"
    assert signing.signature_payload("", "b=2") == "b=2"
    assert signing.signature_payload("a=1", "") == "a=1"


def test_timestamp_is_seconds_corrected_by_the_measured_offset():
    exchange = make_exchange()
    exchange.options["timeDifference"] = 3_600_000  # local clock one hour ahead
    now = exchange.seconds()
    stamp = int(exchange.sign("spot/assets", ["private", "spot"], "GET", {})["headers"]["ACCESS-TIMESTAMP"])
    assert now - 3601 <= stamp <= now - 3599


def test_recv_window_header_only_when_set():
    exchange = make_exchange()
    assert "ACCESS-RECV-WINDOW" not in exchange.sign("spot/assets", ["private", "spot"], "GET", {})["headers"]
    exchange.options["recvWindow"] = 30
    assert exchange.sign("spot/assets", ["private", "spot"], "GET", {})["headers"]["ACCESS-RECV-WINDOW"] == "30"


def test_public_requests_carry_no_credentials():
    request = make_exchange().sign("ticker", ["public", "spot"], "GET", {"symbol": "btc_usdt"})
    assert request["headers"] == {}


def test_url_override_from_constructor():
    exchange = make_exchange(urls={"api": {"rest": "http://127.0.0.1:9"}})
    assert exchange.sign("time", ["public", "spot"], "GET", {})["url"] == "http://127.0.0.1:9/v3/time"
    assert exchange.urls["www"] == "https://www.digifinex.com"


@pytest.mark.parametrize("missing", ["apiKey", "secret"])
def test_private_call_without_credentials_raises_before_sending(missing, replay):
    config = {"apiKey": "k", "secret": "s", "enableRateLimit": False}
    config.pop(missing)
    import dfx_unified

    exchange = dfx_unified.digifinex(config)
    # the cassette holds no spot/assets: a send would fail the test
    with replay("reference/time.yaml") as cassette, pytest.raises(ccxt.AuthenticationError, match=missing):
        exchange.private_spot_get_spot_assets()
    assert cassette.play_count == 0


def test_encode_params_equals_urlencode_on_random_params() -> None:
    """The unescaped join is taken only where urlencode would change nothing."""
    import random
    from urllib.parse import urlencode

    rng = random.Random(3)
    alphabet = "abcXYZ019_.-~ +&=/%é:"
    def text() -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))

    for _ in range(3000):
        values = (rng.randint(-5, 10**6), rng.random(), True, False, None, text())
        params = {text(): rng.choice(values) for _ in range(rng.randint(0, 4))}
        expected = urlencode([(k, signing._text(v)) for k, v in params.items()])
        assert signing.encode_params(params) == expected, params
        assert signing.encode_params(list(params.items())) == expected, params
