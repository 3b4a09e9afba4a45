"""Public market data: tickers, order books, trades, candles."""

from __future__ import annotations

from typing import Any

from ccxt.base import errors as ccxt_errors

from . import fastpath, spec
from .flow import Flow, LoadMarkets, ccxt_for_contracts, gives_way_to_ccxt, unified


def check_limit(limit: Any, maximum: int, what: str) -> int | None:
    """None, or a whole number in 1..maximum; BadRequest before anything is sent."""
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit != int(limit):
        raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} {what} limit must be a whole number, got {limit!r}")
    if not 1 <= int(limit) <= maximum:
        raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} {what} limit must be between 1 and {maximum}, got {limit}")
    return int(limit)


def check_time(value: Any, what: str) -> int | None:
    """None, or a time in ms as a whole non-negative number; BadRequest before sending."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
        raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} {what} must be a timestamp in milliseconds, got {value!r}")
    if value > 2**53 or value != int(value):
        raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} {what} must be a whole number of milliseconds, got {value!r}")
    return int(value)


def kline_window(
    timeframe: str, since: int | None, limit: int | None, until: int | None, now: int
) -> tuple[int | None, int | None]:
    """(start_time, end_time) in seconds of the /kline request for ccxt's since/limit/until (ms).

    With `since`, the window starts at the open of the candle containing it and ends
    after `limit` candles (the server's maximum, 500, when no limit is given, so a
    long range pages forward from `since` instead of the server keeping its last 500),
    or at `until` if that comes first. Without `since`, it ends at `until` (or now) and
    starts `limit` candles earlier. None leaves the server's default.
    """
    size = spec.TIMEFRAME_SECONDS[timeframe]
    until_s = None if until is None else until // 1000
    if since is not None:
        start = spec.candle_open(since // 1000, timeframe)
        end = start + ((limit or spec.KLINE_LIMIT_MAX) - 1) * size
        if until_s is not None:
            if until_s < start:
                raise ccxt_errors.BadRequest(
                    f"{spec.EXCHANGE_ID} until ({until}) is before the candle that contains since ({since})"
                )
            end = min(end, until_s)
        return start, end
    if limit is not None:
        end = now if until_s is None else until_s
        return spec.candle_open(end, timeframe) - (limit - 1) * size, end
    return None, until_s


class _TickerAnswer:
    """What the rows of one /ticker answer share, worked out once for all of them:
    the datetime of the answer's date, the price digits of each tick size."""

    __slots__ = ("datetimes", "digits")

    def __init__(self) -> None:
        self.datetimes = fastpath.Iso8601Memo()
        self.digits: dict[str, int] = {}


class MarketDataMixin:
    options: dict[str, Any]

    # ------------------------------------------------------------ tickers
    @unified
    @ccxt_for_contracts("symbol")
    def fetch_ticker(self, symbol: str, params: dict[str, Any] | None = None) -> Flow:
        """Ticker of one market (GET /v3/ticker?symbol=)."""
        yield LoadMarkets()
        market = self.checked_market(symbol)  # type: ignore[attr-defined]
        request = {"symbol": self.wire_id(market), **(params or {})}  # type: ignore[attr-defined]
        response = yield from self._call("ticker", request)  # type: ignore[attr-defined]
        rows = response.get("ticker") or []
        if not rows:
            raise ccxt_errors.BadResponse(f"{spec.EXCHANGE_ID} ticker for {symbol} came back empty")
        return self.parse_ticker(dict(rows[0], date=response.get("date")), market)

    @unified
    @ccxt_for_contracts("symbols")
    def fetch_tickers(self, symbols: list[str] | None = None, params: dict[str, Any] | None = None) -> Flow:
        """All tickers in one request (GET /v3/ticker), optionally filtered by symbol."""
        yield LoadMarkets()
        wanted = None
        if symbols is not None:
            wanted = {self.checked_market(s)["symbol"] for s in symbols}  # type: ignore[attr-defined]
        response = yield from self._call("ticker", params)  # type: ignore[attr-defined]
        date = response.get("date")
        shared = _TickerAnswer()
        result: dict[str, Any] = {}
        for row in response.get("ticker") or []:
            market = self.market_by_any_id(row.get("symbol"))  # type: ignore[attr-defined]
            symbol = market["symbol"] if market else self.symbol_for_id(row.get("symbol"))  # type: ignore[attr-defined]
            # spot ids can collide with other product lines: a loaded market wins
            if symbol in result and market is None:
                continue
            if wanted is not None and symbol not in wanted:
                continue
            result[symbol] = self._parse_ticker_row(dict(row, date=date), market, shared)
        return result

    @gives_way_to_ccxt
    def parse_ticker(self, ticker: dict[str, Any], market: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._parse_ticker_row(ticker, market, _TickerAnswer())

    def _parse_ticker_row(self, ticker: dict[str, Any], market: dict[str, Any] | None, shared: _TickerAnswer) -> dict[str, Any]:
        """parse_ticker, with what the rows of one answer share."""
        market_id = ticker.get("symbol")
        symbol = market["symbol"] if market else self.symbol_for_id(market_id)  # type: ignore[attr-defined]
        date = ticker.get("date")
        timestamp = int(date) * 1000 if date is not None else None
        fast = self._fast_ticker(ticker, market, symbol, timestamp, shared)
        if fast is not None:
            return fast
        last = self.safe_string(ticker, "last")  # type: ignore[attr-defined]
        return self.safe_ticker(  # type: ignore[attr-defined, no-any-return]
            {
                "symbol": symbol,
                "timestamp": timestamp,
                "datetime": self.iso8601(timestamp),  # type: ignore[attr-defined]
                "high": self.safe_string(ticker, "high"),  # type: ignore[attr-defined]
                "low": self.safe_string(ticker, "low"),  # type: ignore[attr-defined]
                "bid": self.safe_string(ticker, "buy"),  # type: ignore[attr-defined]
                "bidVolume": None,
                "ask": self.safe_string(ticker, "sell"),  # type: ignore[attr-defined]
                "askVolume": None,
                "vwap": None,
                "open": None,
                "close": last,
                "last": last,
                "previousClose": None,
                "change": None,
                # `change` is the 24 h change in percent
                "percentage": self.safe_string(ticker, "change"),  # type: ignore[attr-defined]
                "average": None,
                # `vol` is in the base currency, `base_vol` (despite its name) in quote
                "baseVolume": self.safe_string(ticker, "vol"),  # type: ignore[attr-defined]
                "quoteVolume": self.safe_string(ticker, "base_vol"),  # type: ignore[attr-defined]
                "info": ticker,
            },
            market,
        )

    def _fast_ticker(
        self,
        ticker: dict[str, Any],
        market: dict[str, Any] | None,
        symbol: str | None,
        timestamp: int | None,
        shared: _TickerAnswer,
    ) -> dict[str, Any] | None:
        """safe_ticker's result built directly (fastpath reproduces its arithmetic);
        None when numbers are not floats or the text is unusual: safe_ticker then runs."""
        if not self._fast():  # type: ignore[attr-defined]
            return None
        precision = None
        if market is not None and self.is_tick_precision():  # type: ignore[attr-defined]
            tick = self.safe_string(market.get("precision"), "price")  # type: ignore[attr-defined]
            if tick is not None:
                precision = shared.digits.get(tick)
                if precision is None:
                    precision = shared.digits[tick] = self.precision_from_string(tick)  # type: ignore[attr-defined]
        derived = fastpath.derive(ticker.get("last"), ticker.get("change"), ticker.get("vol"), ticker.get("base_vol"), precision)
        if derived is None:
            return None
        close, open_, change, percentage, average, vwap = derived
        number = fastpath.number
        return {
            "symbol": symbol,
            "timestamp": timestamp,
            "datetime": shared.datetimes[timestamp],
            "high": number(ticker.get("high"), True),
            "low": number(ticker.get("low"), True),
            "bid": number(ticker.get("buy"), True),
            "bidVolume": None,
            "ask": number(ticker.get("sell"), True),
            "askVolume": None,
            "vwap": vwap,
            "open": open_,
            "close": close,
            "last": close,
            "previousClose": None,
            "change": change,
            # `change` is the 24 h change in percent
            "percentage": percentage,
            "average": average,
            # `vol` is in the base currency, `base_vol` (despite its name) in quote
            "baseVolume": number(ticker.get("vol")),
            "quoteVolume": number(ticker.get("base_vol")),
            "info": ticker,
            "indexPrice": None,
            "markPrice": None,
        }

    # ------------------------------------------------------------ order book
    @unified
    @ccxt_for_contracts("symbol")
    def fetch_order_book(self, symbol: str, limit: int | None = None, params: dict[str, Any] | None = None) -> Flow:
        """Order book (GET /v3/order_book; limit 1..150, default 10 on the server)."""
        limit = check_limit(limit, spec.ORDER_BOOK_LIMIT_MAX, "order book")
        yield LoadMarkets()
        market = self.checked_market(symbol)  # type: ignore[attr-defined]
        request: dict[str, Any] = {"symbol": self.wire_id(market)}  # type: ignore[attr-defined]
        if limit is not None:
            request["limit"] = limit
        response = yield from self._call("order_book", {**request, **(params or {})})  # type: ignore[attr-defined]
        date = response.get("date")
        timestamp = int(date) * 1000 if date is not None else None
        return self._parse_order_book(response, market["symbol"], timestamp)

    def _parse_order_book(self, response: dict[str, Any], symbol: str, timestamp: int | None) -> dict[str, Any]:
        """ccxt's parse_order_book, with the levels converted in one comprehension a side
        (fastpath.order_book_side); any level it does not model sends the whole book
        through ccxt's own parse_order_book."""
        fast = self._fast()  # type: ignore[attr-defined]
        bids = fastpath.order_book_side(response.get("bids", [])) if fast else None
        asks = fastpath.order_book_side(response.get("asks", [])) if fast else None
        if bids is None or asks is None:
            return self.parse_order_book(response, symbol, timestamp)  # type: ignore[attr-defined, no-any-return]
        return {
            "symbol": symbol,
            "bids": self.sort_by(bids, 0, True),  # type: ignore[attr-defined]
            "asks": self.sort_by(asks, 0),  # type: ignore[attr-defined]
            "timestamp": timestamp,
            "datetime": fastpath.iso8601(timestamp),
            "nonce": None,
        }

    # ------------------------------------------------------------ trades
    @unified
    @ccxt_for_contracts("symbol")
    def fetch_trades(
        self, symbol: str, since: int | None = None, limit: int | None = None, params: dict[str, Any] | None = None
    ) -> Flow:
        """Recent public trades (GET /v3/trades; limit 1..500, default 100)."""
        limit = check_limit(limit, spec.TRADES_LIMIT_MAX, "trades")
        yield LoadMarkets()
        market = self.checked_market(symbol)  # type: ignore[attr-defined]
        request: dict[str, Any] = {"symbol": self.wire_id(market)}  # type: ignore[attr-defined]
        if limit is not None:
            request["limit"] = limit
        response = yield from self._call("trades", {**request, **(params or {})})  # type: ignore[attr-defined]
        trades = self.parse_trades(response.get("data") or [], market, since, limit)  # type: ignore[attr-defined]
        return trades

    @gives_way_to_ccxt
    def parse_trades(
        self,
        trades: Any,
        market: dict[str, Any] | None = None,
        since: int | None = None,
        limit: int | None = None,
        params: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        """ccxt's parse_trades without its per-row extend(trade, params) copy when
        params is empty (the copy then equals the row); same sort and filters. The
        rows share one datetime memo (they share a handful of times)."""
        if params:
            return super().parse_trades(trades, market, since, limit, params)  # type: ignore[misc, no-any-return]
        parse = self._parse_trade_row
        datetimes = fastpath.Iso8601Memo()
        result = [parse(row, market, datetimes) for row in self.to_array(trades)]  # type: ignore[attr-defined]
        result = self.sort_by_2(result, "timestamp", "id")  # type: ignore[attr-defined]
        symbol = self.safe_string(market, "symbol")  # type: ignore[attr-defined]
        return self._filter_symbol_since_limit(result, symbol, since, limit)  # type: ignore[attr-defined, no-any-return]

    @gives_way_to_ccxt
    def parse_trade(self, trade: dict[str, Any], market: dict[str, Any] | None = None) -> dict[str, Any]:
        """A public trade (/trades row) or one of ours (/mytrades row)."""
        return self._parse_trade_row(trade, market, None)

    def _parse_trade_row(
        self, trade: dict[str, Any], market: dict[str, Any] | None, datetimes: fastpath.Iso8601Memo | None
    ) -> dict[str, Any]:
        """parse_trade, with the datetime memo of the answer when parse_trades runs it."""
        if "is_maker" in trade or "order_id" in trade:
            return self.parse_my_trade(trade, market)  # type: ignore[attr-defined, no-any-return]
        date = trade.get("date")
        timestamp = int(float(date) * 1000) if date is not None else None
        fast = self._fast_public_trade(trade, market, timestamp, datetimes)
        if fast is not None:
            return fast
        price = self.safe_string(trade, "price")  # type: ignore[attr-defined]
        amount = self.safe_string(trade, "amount")  # type: ignore[attr-defined]
        return self.safe_trade(  # type: ignore[attr-defined, no-any-return]
            {
                "id": self.safe_string(trade, "id"),  # type: ignore[attr-defined]
                "info": trade,
                "timestamp": timestamp,
                "datetime": self.iso8601(timestamp),  # type: ignore[attr-defined]
                "symbol": market["symbol"] if market else None,
                "order": None,
                # the public feed says neither the order type nor maker/taker
                "type": None,
                "side": self.safe_string(trade, "type"),  # type: ignore[attr-defined]
                "takerOrMaker": None,
                "price": price,
                "amount": amount,
                "cost": None,
                "fee": None,
            },
            market,
        )

    def _fast_public_trade(
        self,
        trade: dict[str, Any],
        market: dict[str, Any] | None,
        timestamp: int | None,
        datetimes: fastpath.Iso8601Memo | None = None,
    ) -> dict[str, Any] | None:
        """safe_trade's result for a public trade, built directly: cost = price * amount
        exactly as Precise.string_mul (fastpath.trade_numbers), fee/fees as
        parsed_fee_and_fees gives them for a trade without fees. None (safe_trade runs)
        for a market with a contract size, numbers that are not floats, or text Precise
        would refuse."""
        if not self._fast() or (market is not None and market.get("contractSize") is not None):  # type: ignore[attr-defined]
            return None
        try:
            price, amount, cost = fastpath.trade_numbers(trade.get("price"), trade.get("amount"))
        except (ValueError, OverflowError):
            return None
        return {
            "id": fastpath.text(trade.get("id")),
            "info": trade,
            "timestamp": timestamp,
            "datetime": fastpath.iso8601(timestamp) if datetimes is None else datetimes[timestamp],
            "symbol": market["symbol"] if market else None,
            "order": None,
            "type": None,
            "side": fastpath.text(trade.get("type")),
            "takerOrMaker": None,
            "price": price,
            "amount": amount,
            "cost": cost,
            "fee": {"cost": None, "currency": None},
            "fees": [],
        }

    # ------------------------------------------------------------ candles
    @unified
    @ccxt_for_contracts("symbol")
    def fetch_ohlcv(
        self,
        symbol: str,
        timeframe: str = "1m",
        since: int | None = None,
        limit: int | None = None,
        params: dict[str, Any] | None = None,
    ) -> Flow:
        """Candles (GET /v3/kline; up to 500 a request; times in seconds on the wire).

        `since`/`limit`/`params['until']` (ms) map to start_time/end_time (s).
        """
        if timeframe not in spec.TIMEFRAMES:
            raise ccxt_errors.BadRequest(
                f"{spec.EXCHANGE_ID} timeframe {timeframe!r} is not one of {', '.join(spec.TIMEFRAMES)}"
            )
        limit = check_limit(limit, spec.KLINE_LIMIT_MAX, "ohlcv")
        params = dict(params or {})
        until = params.pop("until", None)
        since = check_time(since, "since")
        until = check_time(until, "until")
        yield LoadMarkets()
        market = self.checked_market(symbol)  # type: ignore[attr-defined]
        start, end = kline_window(timeframe, since, limit, until, self.milliseconds() // 1000)  # type: ignore[attr-defined]
        request: dict[str, Any] = {"symbol": self.wire_id(market), "period": spec.TIMEFRAMES[timeframe]}  # type: ignore[attr-defined]
        if start is not None:
            request["start_time"] = start
        if end is not None:
            request["end_time"] = end
        response = yield from self._call("kline", {**request, **params})  # type: ignore[attr-defined]
        first = None if start is None else start * 1000
        rows = self.parse_ohlcvs(response.get("data") or [], market, timeframe, first, None)  # type: ignore[attr-defined]
        if until is not None:
            rows = [row for row in rows if row[0] <= until]
        if limit is not None:
            rows = rows[:limit] if since is not None else rows[-limit:]
        return rows

    @gives_way_to_ccxt
    def parse_ohlcv(self, ohlcv: list[Any], market: dict[str, Any] | None = None) -> list[Any]:
        # the wire row is [time (s), volume, close, high, low, open]
        if self._fast():  # type: ignore[attr-defined]
            fast = fastpath.candle(ohlcv)
            if fast is not None:
                return fast
        return [
            self.safe_timestamp(ohlcv, 0),  # type: ignore[attr-defined]
            self.safe_number(ohlcv, 5),  # type: ignore[attr-defined]
            self.safe_number(ohlcv, 3),  # type: ignore[attr-defined]
            self.safe_number(ohlcv, 4),  # type: ignore[attr-defined]
            self.safe_number(ohlcv, 2),  # type: ignore[attr-defined]
            self.safe_number(ohlcv, 1),  # type: ignore[attr-defined]
        ]
