"""Secrets never reach logs (verbose mode included), exception messages or reprs."""

from __future__ import annotations

import logging

import ccxt
import pytest

import dfx_unified
from dfx_unified import signing
from tests.conftest import API_KEY, SECRET, make_exchange


def test_verbose_and_debug_logs_carry_no_key_secret_or_signature(replay, capsys, caplog):
    exchange = make_exchange(verbose=True)
    caplog.set_level(logging.DEBUG)
    with replay("quirks/resync_10008.yaml"):
        exchange.private_spot_get_spot_assets()
    signature = signing.sign(SECRET, "")  # what spot/assets (no parameters) is signed with
    captured = capsys.readouterr()
    text = captured.out + captured.err + caplog.text
    assert "fetch Request" in text  # verbose mode did log the requests
    for secret in (SECRET, API_KEY, signature):
        assert secret not in text


def test_exceptions_and_reprs_carry_no_secrets(replay):
    exchange = make_exchange()
    with replay("quirks/resync_10008_twice.yaml"), pytest.raises(ccxt.InvalidNonce) as info:
        exchange.private_spot_get_spot_assets()
    for text in (str(info.value), repr(info.value), repr(exchange), str(exchange)):
        assert SECRET not in text and API_KEY not in text
    assert repr(exchange) == "dfx_unified.digifinex()"


def test_missing_credential_error_names_the_field_not_the_value():
    exchange = dfx_unified.digifinex({"apiKey": API_KEY, "enableRateLimit": False})
    with pytest.raises(ccxt.AuthenticationError) as info:
        exchange.sign("spot/assets", ["private", "spot"], "GET", {})
    assert "secret" in str(info.value) and API_KEY not in str(info.value)


def test_async_verbose_logs_carry_no_secrets(replay, capsys, caplog):
    import asyncio

    import dfx_unified.async_support

    async def run():
        exchange = dfx_unified.async_support.digifinex(
            {"apiKey": API_KEY, "secret": SECRET, "enableRateLimit": False, "verbose": True}
        )
        try:
            with replay("quirks/resync_10008.yaml"):
                await exchange.private_spot_get_spot_assets()
        finally:
            await exchange.close()

    caplog.set_level(logging.DEBUG)
    asyncio.run(run())
    captured = capsys.readouterr()
    text = captured.out + captured.err + caplog.text
    assert "fetch Request" in text
    for secret in (SECRET, API_KEY, signing.sign(SECRET, "")):
        assert secret not in text
