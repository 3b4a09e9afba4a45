"""Seeded DigiFinex v3 response bodies, shaped like the reference's examples.

Every body is the pre-decoded JSON (dicts, lists, ints, floats, strings) a client
gets from json.loads, keyed by URL path. Both libraries are served from the same
dict, so they parse identical inputs and see the same pairs: every generated pair is
in /v3/markets, /v3/spot/symbols and /v3/trades/symbols (the list ccxt.digifinex
reads), a fifth of them in /v3/margin/symbols.
"""

from __future__ import annotations

import random
import string
from typing import Any

DATE = 1_589_874_294  # the reference's example time (s)
QUOTES = ("USDT", "USDT", "USDT", "BTC", "ETH", "USDC")
# codes that either library renames (commonCurrencies) are never generated, so the
# comparison shows parsing differences, not naming tables
RESERVED = {"BHT", "EPS", "FREE", "MBN", "TEL", "XBT", "BCC", "BCHSV", "BCHABC", "DRK", "XDG"}


def _round(value: float, digits: int) -> float:
    return round(value, digits)


def _currency_codes(rng: random.Random, count: int) -> list[str]:
    codes: list[str] = []
    seen = set(QUOTES) | RESERVED
    while len(codes) < count:
        code = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.choice((3, 4, 4, 5))))
        if code not in seen:
            seen.add(code)
            codes.append(code)
    return codes


def build(seed: int = 20240501, markets: int = 1000, book_levels: int = 150, trades: int = 500,
          candles: int = 500, orders: int = 100) -> dict[str, Any]:
    """All bodies plus the facts the runner needs (pairs, the pair used for one-market calls)."""
    rng = random.Random(seed)
    bases = _currency_codes(rng, markets)
    pairs: list[dict[str, Any]] = []
    for base in bases:
        quote = rng.choice(QUOTES)
        price_precision = rng.randint(2, 8)
        amount_precision = rng.randint(0, 6)
        price = _round(10 ** rng.uniform(-4, 4.5), price_precision) or 10 ** -price_precision
        pairs.append(
            {
                "id": f"{base}_{quote}",
                "base": base,
                "quote": quote,
                "price": price,
                "price_precision": price_precision,
                "amount_precision": amount_precision,
                "minimum_amount": float(10 ** -amount_precision) if amount_precision else 1.0,
                "minimum_value": rng.choice((1, 2, 5, 10)),
                "order_types": ["LIMIT", "MARKET"] if rng.random() < 0.9 else ["LIMIT"],
                "is_allow": "1" if rng.random() < 0.95 else "0",
                "margin": rng.random() < 0.2,
            }
        )
    # one well-known pair for the single-market rows
    pairs[0].update(id="BTC_USDT", base="BTC", quote="USDT", price=9592.22, price_precision=2, amount_precision=4,
                    minimum_amount=0.0001, minimum_value=2, order_types=["LIMIT", "MARKET"], is_allow="1", margin=True)

    def symbol_row(p: dict[str, Any]) -> dict[str, Any]:
        return {
            "status": "TRADING",
            "symbol": p["id"],
            "quote_asset": p["quote"],
            "base_asset": p["base"],
            "amount_precision": p["amount_precision"],
            "price_precision": p["price_precision"],
            "minimum_amount": p["minimum_amount"],
            "minimum_value": p["minimum_value"],
            "zone": "MAIN",
            "order_types": list(p["order_types"]),
        }

    bodies: dict[str, Any] = {}
    bodies["/v3/markets"] = {
        "data": [
            {
                "volume_precision": p["amount_precision"],
                "price_precision": p["price_precision"],
                "market": p["id"].lower(),
                "min_amount": p["minimum_value"],
                "min_volume": p["minimum_amount"],
            }
            for p in pairs
        ],
        "date": DATE,
        "code": 0,
    }
    bodies["/v3/spot/symbols"] = {"code": 0, "symbol_list": [symbol_row(p) for p in pairs]}
    bodies["/v3/trades/symbols"] = {"code": 0, "symbol_list": [dict(symbol_row(p), is_allow=p["is_allow"]) for p in pairs]}
    bodies["/v3/margin/symbols"] = {
        "code": 0,
        "symbol_list": [dict(symbol_row(p), liquidation_rate=0.3) for p in pairs if p["margin"]],
    }
    bodies["/v3/margin/currencies"] = {
        "code": 0, "funding_time": "GMT+8 10:00:00", "currencys": ["BTC", "USDT"], "margin_fees": []
    }
    currencies = sorted({p["base"] for p in pairs} | {p["quote"] for p in pairs})
    currency_rows = []
    for code in currencies:
        chains = ["ERC20", "TRC20"] if code == "USDT" else [""]
        for chain in chains:
            currency_rows.append(
                {
                    "currency": code.lower(),
                    "chain": chain,
                    "min_deposit_amount": _round(rng.uniform(0.001, 10), 4),
                    "min_withdraw_amount": _round(rng.uniform(0.01, 20), 4),
                    "deposit_status": 1 if rng.random() < 0.95 else 0,
                    "withdraw_status": 1 if rng.random() < 0.95 else 0,
                    "withdraw_fee_currency": code.lower(),
                    "min_withdraw_fee": _round(rng.uniform(0.0001, 5), 4),
                    "withdraw_fee_rate": _round(rng.uniform(0, 0.02), 4),
                }
            )
    bodies["/v3/currencies"] = {"code": 200, "data": currency_rows}
    # ccxt.digifinex also loads the swap instruments with the spot markets; this
    # comparison is spot only, so the swap list is empty (as the sandbox answers)
    bodies["/swap/v2/public/instruments"] = {"code": 0, "data": []}

    tickers = []
    for p in pairs:
        digits = p["price_precision"]
        last = p["price"]
        spread = max(10 ** -digits, last * 0.0005)
        tickers.append(
            {
                "vol": _round(rng.uniform(0, 1e6), 4),
                "change": _round(rng.uniform(-20, 20), 2),
                "base_vol": _round(rng.uniform(0, 1e8), 5),
                "sell": _round(last + spread, digits),
                "last": last,
                "symbol": p["id"].lower(),
                "low": _round(last * rng.uniform(0.8, 1.0), digits),
                "buy": _round(max(last - spread, 10 ** -digits), digits),
                "high": _round(last * rng.uniform(1.0, 1.2), digits),
            }
        )
    bodies["/v3/ticker"] = {"ticker": tickers, "date": DATE, "code": 0}

    mid = 9592.22
    bids = [[_round(mid - 0.01 * (i + 1) - rng.uniform(0, 0.5) * i, 2), _round(rng.uniform(0.0001, 3), 4)]
            for i in range(book_levels)]
    asks = [[_round(mid + 0.01 * (i + 1) + rng.uniform(0, 0.5) * i, 2), _round(rng.uniform(0.0001, 3), 4)]
            for i in range(book_levels)]
    bids.sort(key=lambda level: -level[0])
    asks.sort(key=lambda level: level[0])
    bodies["/v3/order_book"] = {"bids": bids, "asks": asks, "date": DATE, "code": 0}

    trade_rows = []
    trade_id = 2_989_995_478
    for i in range(trades):
        trade_rows.append(
            {
                "date": DATE - i // 3,
                "id": trade_id - i * 5,
                "amount": _round(rng.uniform(0.0001, 2), 4),
                "type": rng.choice(("buy", "sell")),
                "price": _round(mid + rng.uniform(-20, 20), 2),
            }
        )
    bodies["/v3/trades"] = {"data": trade_rows, "date": DATE, "code": 0}

    kline = []
    start = (DATE // 60) * 60 - (candles - 1) * 60
    price = mid
    for i in range(candles):
        open_ = price
        close = _round(open_ + rng.uniform(-15, 15), 2)
        high = _round(max(open_, close) + rng.uniform(0, 8), 2)
        low = _round(min(open_, close) - rng.uniform(0, 8), 2)
        kline.append([start + 60 * i, _round(rng.uniform(0, 900), 4), close, high, low, open_])
        price = close
    bodies["/v3/kline"] = {"data": kline, "code": 0}

    order_rows = []
    for _ in range(orders):
        p = pairs[rng.randrange(len(pairs))]
        status = rng.choice((0, 0, 0, 1))
        amount = _round(rng.uniform(1, 100) * (10 ** -p["amount_precision"]) * 10, p["amount_precision"]) or 1.0
        executed = _round(amount * rng.uniform(0.1, 0.9), p["amount_precision"]) if status == 1 else 0
        order_price = _round(p["price"] * rng.uniform(0.8, 1.2), p["price_precision"]) or p["price"]
        order_rows.append(
            {
                "symbol": p["id"],
                "order_id": f"{rng.getrandbits(128):032x}",
                "created_date": DATE - rng.randrange(86_400),
                "finished_date": 0,
                "price": order_price,
                "amount": amount,
                "cash_amount": 0,
                "executed_amount": executed,
                "avg_price": order_price if executed else 0,
                "status": status,
                "type": rng.choice(("buy", "sell")),
                "kind": "spot",
            }
        )
    bodies["/v3/spot/order/current"] = {"code": 0, "data": order_rows}

    # the same rows plus one order on a pair neither list carries (delisted since)
    unlisted = dict(order_rows[0], symbol="ZZZOLD_USDT", order_id=f"{rng.getrandbits(128):032x}")
    extra = {"code": 0, "data": [*order_rows, unlisted]}
    return {"bodies": bodies, "pairs": pairs, "symbol": "BTC/USDT", "open_orders_with_unlisted": extra}
