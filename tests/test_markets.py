"""Markets and currencies from the four symbol lists and /currencies (cassettes)."""

from __future__ import annotations

import ccxt
import pytest

from tests.conftest import LOAD_MARKETS_REQUESTS


def test_load_markets_from_reference_examples(exchange, replay):
    with replay("reference/load_markets.yaml") as cassette:
        markets = exchange.load_markets()
    assert cassette.play_count == LOAD_MARKETS_REQUESTS
    assert sorted(markets) == ["BTC/USDT", "LTC/USDT"]
    ltc = markets["LTC/USDT"]
    assert ltc["id"] == "LTC_USDT"
    assert (ltc["base"], ltc["quote"], ltc["baseId"], ltc["quoteId"]) == ("LTC", "USDT", "LTC", "USDT")
    assert ltc["type"] == "spot" and ltc["spot"] is True
    assert ltc["margin"] is True
    assert ltc["info"]["liquidation_rate"] == 0.3
    assert ltc["active"] is True  # trades/symbols is_allow "1"
    assert ltc["precision"] == {"amount": 0.0001, "price": 0.01}
    assert ltc["limits"]["amount"]["min"] == 0.001
    assert ltc["limits"]["cost"]["min"] == 2
    assert ltc["orderTypes"] == ["limit", "market"]
    # btc_usdt is only in /markets: known, but its API-trading flag is not
    btc = markets["BTC/USDT"]
    assert btc["id"] == "BTC_USDT"
    assert btc["active"] is None
    assert btc["margin"] is False
    assert btc["precision"] == {"amount": 0.0001, "price": 0.01}
    assert btc["limits"]["amount"]["min"] == 0.0001
    assert btc["limits"]["cost"]["min"] == 2
    assert btc["info"]["sources"] == ["markets"]


def test_currencies_from_reference_example(exchange, replay):
    with replay("reference/load_markets.yaml"):
        exchange.load_markets()
    xrp = exchange.currencies["XRP"]
    assert xrp["id"] == "xrp"
    assert xrp["deposit"] is True and xrp["withdraw"] is True and xrp["active"] is True
    assert xrp["fee"] == 0.006
    assert xrp["limits"]["withdraw"]["min"] == 0.02
    assert xrp["limits"]["deposit"]["min"] == 0.01
    # empty chain: the coin's own network, named after the coin
    assert list(xrp["networks"]) == ["XRP"]
    assert xrp["networks"]["XRP"]["id"] == ""


def test_live_market_variants(exchange, replay):
    with replay("quirks/load_markets.yaml"):
        markets = exchange.load_markets()
    assert set(markets) == {"BTC/USDT", "ETH/USDT", "XYZ/USDT", "NOAPI/USDT", "OLD/USDT"}
    # HALT in spot/symbols, but trades/symbols allows API trading: trust is_allow
    assert markets["ETH/USDT"]["active"] is True
    assert markets["NOAPI/USDT"]["active"] is False
    assert markets["XYZ/USDT"]["orderTypes"] == ["limit"]
    assert markets["XYZ/USDT"]["precision"] == {"amount": 0.1, "price": 0.00001}
    assert markets["OLD/USDT"]["precision"] == {"amount": 0.01, "price": 0.000001}
    assert markets["OLD/USDT"]["limits"]["amount"]["min"] == 10
    assert markets["BTC/USDT"]["margin"] is True
    # lowercase and uppercase ids find the same market
    assert exchange.market_by_any_id("btc_usdt")["symbol"] == "BTC/USDT"
    assert exchange.market_by_any_id("BTC_USDT")["symbol"] == "BTC/USDT"


def test_currency_networks_per_chain(exchange, replay):
    with replay("quirks/load_markets.yaml"):
        exchange.load_markets()
    usdt = exchange.currencies["USDT"]
    assert set(usdt["networks"]) == {"ERC20", "TRC20"}
    assert usdt["networks"]["ERC20"]["withdraw"] is True
    assert usdt["networks"]["TRC20"]["withdraw"] is False
    assert usdt["networks"]["TRC20"]["deposit"] is True
    assert usdt["networks"]["ERC20"]["fee"] == 5
    assert usdt["networks"]["TRC20"]["limits"]["withdraw"]["min"] == 2
    assert usdt["withdraw"] is True  # one chain withdraws
    assert usdt["fee"] is None  # differs per chain
    assert usdt["limits"]["withdraw"]["min"] == 2
    assert exchange.currencies["BTC"]["networks"]["BTC"]["fee"] == 0.0004


def test_unknown_symbol_is_bad_symbol_before_sending(exchange, replay):
    with replay("reference/load_markets.yaml") as cassette:
        exchange.load_markets()
        with pytest.raises(ccxt.BadSymbol, match="DOGE/USDT"):
            exchange.fetch_ticker("DOGE/USDT")
    assert cassette.play_count == LOAD_MARKETS_REQUESTS
