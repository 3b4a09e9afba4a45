"""A script written for stock ccxt.digifinex: what a bot does on its first day.

    python examples/ccxt_script.py URL API_KEY SECRET

Nothing here knows dfx_unified: tests/e2e/test_ccxt_script.py runs it as it is with
ccxt, and again with only the import line changed to `import dfx_unified as ccxt`,
against the same sandbox, and compares the structures it prints (as JSON).
"""

import json
import sys

import ccxt

url, key, secret = sys.argv[1:4]
exchange = ccxt.digifinex({"apiKey": key, "secret": secret, "enableRateLimit": False})
exchange.urls["api"]["rest"] = url

out = {}
markets = exchange.load_markets()
out["markets"] = markets["BTC/USDT"]
out["currencies"] = exchange.currencies["USDT"]
out["fetch_ticker"] = exchange.fetch_ticker("BTC/USDT")
out["fetch_tickers"] = exchange.fetch_tickers(["BTC/USDT", "ETH/USDT"])
out["fetch_order_book"] = exchange.fetch_order_book("BTC/USDT", 5)
out["fetch_trades"] = exchange.fetch_trades("BTC/USDT", limit=5)
out["fetch_ohlcv"] = exchange.fetch_ohlcv("BTC/USDT", "1h", limit=5)
out["fetch_balance"] = exchange.fetch_balance()
bid = out["fetch_ticker"]["bid"]
order = exchange.create_order("BTC/USDT", "limit", "buy", 0.01, round(bid * 0.5, 2))
out["create_order limit"] = order
out["fetch_order"] = exchange.fetch_order(order["id"], "BTC/USDT")
out["fetch_open_orders"] = exchange.fetch_open_orders("BTC/USDT")
out["cancel_order"] = exchange.cancel_order(order["id"], "BTC/USDT")
exchange.create_order("BTC/USDT", "market", "buy", 0.01, out["fetch_ticker"]["ask"] * 1.5)
out["fetch_my_trades"] = exchange.fetch_my_trades("BTC/USDT")
out["fetch_orders"] = exchange.fetch_orders("BTC/USDT")
out["transfer"] = exchange.transfer("USDT", 10, "spot", "margin")
out["fetch_balance margin"] = exchange.fetch_balance({"type": "margin"})
out["fetch_deposit_address"] = exchange.fetch_deposit_address("BTC")
out["fetch_ledger"] = exchange.fetch_ledger("USDT")
print(json.dumps(out, default=str))
