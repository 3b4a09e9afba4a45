"""`dfx-unified demo`: a guided tour of the unified API against the embedded sandbox.

Starts the sandbox in-process (or uses --url with --key/--secret), then walks through
markets, a ticker, the order book, balances, a limit order, a market order that fills
it, a cancel, a spot->margin transfer and a withdrawal, printing what comes back.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

import ccxt

import dfx_unified

SYMBOL = "BTC/USDT"


def _say(title: str, text: str = "") -> None:
    print(f"\n== {title}")
    if text:
        print(text)


def _order_line(order: dict[str, Any]) -> str:
    return (
        f"   id={order['id']} {order['type']} {order['side']} amount={order['amount']} "
        f"price={order['price']} status={order['status']} filled={order['filled']}"
    )


def tour(exchange: Any, whitelisted_address: str | None) -> None:
    markets = exchange.load_markets()
    market = markets[SYMBOL]
    margin_count = sum(1 for m in markets.values() if m["margin"])
    _say(
        "Markets",
        f"   {len(markets)} markets ({margin_count} with margin); {SYMBOL}: "
        f"amount step {market['precision']['amount']}, price step {market['precision']['price']}, "
        f"min amount {market['limits']['amount']['min']}, order types {market['orderTypes']}",
    )

    ticker = exchange.fetch_ticker(SYMBOL)
    _say("Ticker", f"   {SYMBOL} last={ticker['last']} bid={ticker['bid']} ask={ticker['ask']} "
         f"24h volume={ticker['baseVolume']}")

    book = exchange.fetch_order_book(SYMBOL, 5)
    levels = zip(book["bids"][:3], book["asks"][:3], strict=False)
    rows = [f"   bid {b[0]:>12} x {b[1]:<10} | ask {a[0]:>12} x {a[1]}" for b, a in levels]
    _say("Order book (top 3)", "\n".join(rows))

    balance = exchange.fetch_balance()
    _say("Spot balance", "\n".join(
        f"   {code:<5} free={balance[code]['free']} used={balance[code]['used']} total={balance[code]['total']}"
        for code in ("USDT", "BTC") if code in balance
    ))

    # A bid one tick above the best bid becomes the top of the book ...
    tick = market["precision"]["price"]
    amount = max(market["limits"]["amount"]["min"] or 0.001, 0.001)
    price = float(exchange.price_to_precision(SYMBOL, book["bids"][0][0] + tick))
    # order/new answers only an id: fetchOrderAfterCreate reads each order back, so
    # the status printed is the exchange's, not a guess
    learn = {"fetchOrderAfterCreate": True}
    limit_order = exchange.create_order(SYMBOL, "limit", "buy", amount, price, learn)
    _say("Limit buy placed", _order_line(limit_order))

    # ... so a market sell of the same amount fills against it.
    market_order = exchange.create_order(SYMBOL, "market", "sell", amount, None, learn)
    _say("Market sell placed", _order_line(market_order))
    filled = exchange.fetch_order(limit_order["id"], SYMBOL)
    _say("Limit buy after the market sell", _order_line(filled))

    far_bid = float(exchange.price_to_precision(SYMBOL, price * 0.8))
    resting = exchange.create_order(SYMBOL, "limit", "buy", amount, far_bid, learn)
    canceled = exchange.cancel_order(resting["id"], SYMBOL)
    _say("Placed a far bid and cancelled it", _order_line(resting) + "\n" + _order_line(canceled))

    transfer = exchange.transfer("USDT", 100, "spot", "margin")
    _say("Transfer", f"   {transfer['amount']} {transfer['currency']} {transfer['fromAccount']} -> "
         f"{transfer['toAccount']}: {transfer['status']}")
    margin = exchange.fetch_balance({"type": "margin"})
    _say("Margin balance", f"   USDT total={margin.get('USDT', {}).get('total')}")

    if whitelisted_address:
        withdrawal = exchange.withdraw("USDT", 20, whitelisted_address, params={"network": "TRC20"})
        _say("Withdrawal requested", f"   id={withdrawal['id']} {withdrawal['amount']} {withdrawal['currency']} "
             f"to {withdrawal['address']} via {withdrawal['network']}: {withdrawal['status']}")
        history = exchange.fetch_withdrawals("USDT")
        _say("Withdrawal history", "\n".join(f"   id={w['id']} {w['amount']} {w['status']}" for w in history[-3:]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dfx-unified demo", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="use a running sandbox at this URL instead of starting one")
    parser.add_argument("--key", help="API key for --url")
    parser.add_argument("--secret", help="API secret for --url")
    parser.add_argument("--seed", type=int, default=7, help="seed of the in-process sandbox")
    args = parser.parse_args(argv)

    from .sandbox import SandboxServer
    from .sandbox.config import DEFAULT_WHITELIST

    trc20 = next(w["address"] for w in DEFAULT_WHITELIST if w["currency"] == "USDT" and w["chain"] == "TRC20")
    server = None
    if args.url:
        if not (args.key and args.secret):
            parser.error("--url needs --key and --secret")
        url, key, secret = args.url, args.key, args.secret
    else:
        server = SandboxServer(seed=args.seed).start()
        url, key, secret = server.url, server.api_key, server.secret
    print(f"dfx_unified {dfx_unified.__version__} demo against the DigiFinex v3 sandbox at {url}")
    exchange = dfx_unified.digifinex({"apiKey": key, "secret": secret, "urls": {"test": {"rest": url}}})
    exchange.set_sandbox_mode(True)
    try:
        tour(exchange, trc20)
    except ccxt.BaseError as error:
        print(f"\ndemo failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    finally:
        exchange.close()
        if server is not None:
            server.stop()
    print("\nDone: every call above went through dfx_unified.digifinex, exactly as against the real exchange.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
