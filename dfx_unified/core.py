"""The shared heart of both classes: configuration, signing, the request flow.

`DigifinexCore` holds everything that is the same for the sync and the async class
and does no I/O itself: describe(), sign(), error handling, the weight budget and the
`_call` flow through which every request passes (ban pause, clock resync on 10008,
retries of retry-safe requests).
"""

from __future__ import annotations

import logging
import math
import os
from typing import TYPE_CHECKING, Any

from ccxt.base import errors as ccxt_errors
from ccxt.base.decimal_to_precision import TICK_SIZE
from ccxt.base.types import Entry

from . import ccxt_compat, errors, signing, spec
from .flow import Flow, LoadMarkets, Send, Sleep, unified, unified_flows
from .ratelimit import WeightBudget
from .redact import RedactingFilter, redact

_logger = logging.getLogger("dfx_unified")
_logger.addFilter(RedactingFilter())


def _implicit_api() -> type:
    """ccxt >= 4.5 wants implicit methods as `Entry` descriptors on a mixin: build
    them from the endpoint table, the same source describe()['api'] comes from."""
    attributes: dict[str, Any] = {}
    for access, sections in spec.ccxt_api_tree().items():
        for section, methods in sections.items():
            for http_method, paths in methods.items():
                for path, config in paths.items():
                    words = [access, section, http_method] + [
                        w for w in path.replace("{", "").replace("}", "").replace("/", "_").split("_") if w
                    ]
                    snake = "_".join(words)
                    camel = words[0] + "".join(w.capitalize() for w in words[1:])
                    entry = Entry(path, [access, section], http_method.upper(), config)
                    attributes[snake] = attributes[camel] = entry
    return type("ImplicitAPI", (), attributes)


if TYPE_CHECKING:

    class ImplicitAPI:  # the descriptors are built at import time, below
        def __getattr__(self, name: str) -> Any: ...

else:
    ImplicitAPI = _implicit_api()


def _retryable_read_error(error: BaseException) -> bool:
    """Transport failures and server-side errors that a repeated read can outlive."""
    if isinstance(error, (ccxt_errors.RateLimitExceeded, ccxt_errors.InvalidNonce)):
        return False
    return isinstance(error, (ccxt_errors.NetworkError, ccxt_errors.BadResponse))


def outcome_unknown(error: BaseException) -> bool:
    """After this error, a request that creates something may or may not have landed.

    10005 and 10008 are refusals before acting; a timeout, a reset, a 5xx page or a
    garbled body say nothing about what the server did.
    """
    return _retryable_read_error(error)


# unified flows that are helpers of ccxt's base, not capabilities in `has`
_NOT_CAPABILITIES = frozenset({"load_time_difference"})


# The swap API (/swap/v2/, not in the v3 reference) stays ccxt.digifinex's: its
# implicit methods sit in this section of describe()['api'], its URLs contain this.
CCXT_SECTION = "swap"
CCXT_URL_PART = "/swap/v2/"
# market types served by ccxt.digifinex's own implementation
CCXT_MARKET_TYPES = frozenset({"swap", "future"})


def _section(api: Any) -> str | None:
    return api[1] if isinstance(api, (list, tuple)) and len(api) > 1 else None


def camel_case(name: str) -> str:
    """ccxt's method naming: fetch_ohlcv -> fetchOHLCV, fetch_my_trades -> fetchMyTrades."""
    first, *rest = name.split("_")
    return first + "".join("OHLCV" if word == "ohlcv" else word.capitalize() for word in rest)


class DigifinexCore:
    """Configuration and the request pipeline, shared by both classes."""

    # our reproductions of ccxt's helpers (fastpath, market_index) are used; off
    # on a ccxt release they were not tested against (ccxt_compat)
    fast_paths: bool = ccxt_compat.FAST_PATHS

    # set by the ccxt base class; declared for type checkers
    options: dict[str, Any]
    urls: dict[str, Any]
    apiKey: str
    secret: str

    def describe(self) -> dict[str, Any]:
        return self.deep_extend(  # type: ignore[attr-defined, no-any-return]
            super().describe(),  # type: ignore[misc]
            {
                "id": spec.EXCHANGE_ID,
                "name": "DigiFinex",
                "countries": ["SG"],
                "version": "v3",
                # 1200 weight per minute: 50 ms per unit of weight. The actual
                # throttle is the rolling-window WeightBudget (throttle()).
                "rateLimit": 50,
                "pro": False,
                "precisionMode": TICK_SIZE,
                "has": self._has(),  # plus one True per unified flow, added below
                "timeframes": dict(spec.TIMEFRAMES),
                "urls": {
                    "logo": "https://www.digifinex.com/favicon.ico",
                    "api": {"rest": spec.REST_URL},
                    # set_sandbox_mode(True) points here; DFX_UNIFIED_SANDBOX_URL overrides
                    "test": {"rest": os.environ.get("DFX_UNIFIED_SANDBOX_URL", spec.DEFAULT_SANDBOX_URL)},
                    "www": "https://www.digifinex.com",
                    "doc": ["https://docs.digifinex.com"],
                    "fees": "https://digifinex.zendesk.com/hc/en-us/articles/360000328422",
                },
                "api": spec.ccxt_api_tree(),
                "fees": {
                    "trading": {
                        "tierBased": True,  # VIP levels lower the fees (ccxt says so too)
                        "percentage": True,
                        "maker": float(spec.FEES["maker"]),
                        "taker": float(spec.FEES["taker"]),
                    },
                },
                "requiredCredentials": {"apiKey": True, "secret": True},
                "options": {
                    "defaultType": "spot",
                    "accountsByType": dict(spec.ACCOUNTS_BY_TYPE),
                    "networks": {
                        "ERC20": "ERC20",
                        "TRC20": "TRC20",
                        "OMNI": "OMNI",
                        "BEP20": "BEP20",
                        "BSC": "BEP20",
                        "ETH": "ERC20",
                        "TRX": "TRC20",
                    },
                    "createMarketBuyOrderRequiresPrice": True,
                    # read a placed order back (one GET {market}/order) to learn its state
                    "fetchOrderAfterCreate": False,
                    "adjustForTimeDifference": False,
                    "timeDifference": 0,
                    # seconds between clock resyncs while adjustForTimeDifference is on
                    "timeDifferenceRefresh": 300,
                    "recvWindow": None,  # seconds; sent as ACCESS-RECV-WINDOW when set
                    "weightBudget": spec.WEIGHT_BUDGET,
                    "weightWindow": spec.WEIGHT_WINDOW_SECONDS,
                    # share of the budget the client spends: leaves room for
                    # requests in flight and for the server counting arrivals
                    "weightSafety": 0.97,
                    "weights": {},  # {'ticker': 10, ...} overrides the table
                    "maxRetries": 3,  # reads and cancels; 0 turns retries off
                    "retryDelay": 0.25,  # seconds, doubled after each failure
                    "reconcileAttempts": 3,
                    "reconcileDelay": 1.0,
                    "historyTimezone": spec.DEFAULT_HISTORY_TIMEZONE,
                    # daily borrow rate of a currency margin/currencies lists without
                    # tiers: ccxt.digifinex's flat figure for every currency (0.1%)
                    "crossBorrowRate": "0.001",
                    "tradingRulesGuard": "off",  # 'off' | 'warn' | 'block'
                    # ccxt's 'method' key stays; 'types' says what load_markets loads
                    "fetchMarkets": {"types": ["spot", "swap"]},
                },
                "commonCurrencies": {"BHT": "Black House Test", "EPS": "Epanus", "FREE": "FreeRossDAO"},
            },
        )

    def _has(self) -> dict[str, Any]:
        """ccxt.digifinex's `has` (swap and the methods we inherit stay its own), with
        True for every unified flow of ours and the sandbox."""
        has: dict[str, Any] = {
            "CORS": None,
            "spot": True,
            "margin": True,
            "swap": True,  # ccxt.digifinex's swap implementation, inherited
            "future": False,
            "option": False,
            "sandbox": True,
        }
        for name in unified_flows(type(self)):
            if name not in _NOT_CAPABILITIES:
                has[camel_case(name)] = True
        return has

    # ------------------------------------------------------------ secrets
    def __repr__(self) -> str:
        return f"dfx_unified.{(type(self).__module__.endswith('async_support') and 'async_support.') or ''}{spec.EXCHANGE_ID}()"

    def log(self, *args: Any) -> None:
        # ccxt's verbose mode prints request headers: never the key or signature
        print(*(redact(arg) for arg in args))

    # ------------------------------------------------------------ signing
    def _server_seconds(self) -> int:
        offset = self.options.get("timeDifference") or 0
        return int((self.milliseconds() - offset) // 1000)  # type: ignore[attr-defined]

    def sign(
        self,
        path: str,
        api: Any = "public",
        method: str = "GET",
        params: dict[str, Any] | None = None,
        headers: dict[str, Any] | None = None,
        body: Any = None,
    ) -> dict[str, Any]:
        if _section(api) == CCXT_SECTION:  # the swap API: ccxt.digifinex's own signing
            return super().sign(path, api, method, params or {})  # type: ignore[misc, no-any-return]
        params = dict(params or {})
        access = api[0] if isinstance(api, list) else api
        url_path = self.implode_params(path, params)  # type: ignore[attr-defined]
        params = self.omit(params, self.extract_params(path))  # type: ignore[attr-defined]
        url = self.urls["api"]["rest"].rstrip("/") + spec.API_PREFIX + url_path
        query = body_text = ""
        if method == "GET":
            query = signing.encode_params(params)
            if query:
                url += "?" + query
        else:
            body_text = signing.encode_params(params)
        request_headers: dict[str, Any] = {}
        if method == "POST":
            request_headers["Content-Type"] = signing.FORM_CONTENT_TYPE
        if access == "private":
            self.check_required_credentials()  # type: ignore[attr-defined]
            payload = signing.signature_payload(query, body_text)
            request_headers[signing.HEADER_KEY] = self.apiKey
            request_headers[signing.HEADER_TIMESTAMP] = str(self._server_seconds())
            request_headers[signing.HEADER_SIGN] = signing.sign(self.secret, payload)
            recv_window = self.options.get("recvWindow")
            if recv_window is not None:
                request_headers[signing.HEADER_RECV_WINDOW] = str(recv_window)
        return {
            "url": url,
            "method": method,
            "body": body_text if method == "POST" else None,
            "headers": request_headers,
        }

    def handle_errors(
        self,
        code: int,
        reason: str,
        url: str,
        method: str,
        headers: Any,
        body: str,
        response: Any,
        request_headers: Any,
        request_body: Any,
    ) -> None:
        if CCXT_URL_PART in url:  # the swap API: ccxt.digifinex's own error table
            return super().handle_errors(  # type: ignore[misc, no-any-return]
                code, reason, url, method, headers, body, response, request_headers, request_body
            )
        error = errors.exception_for_response(code, reason, url, method, headers, body, response)
        if error is not None:
            raise error

    # ------------------------------------------------------------ weights
    def calculate_rate_limiter_cost(
        self, api: Any, method: Any, path: Any, params: Any, config: dict[str, Any] | None = None
    ) -> float:
        """The endpoint's weight: options['weights'] (by path or {market} path) or the table."""
        overrides = self.options.get("weights") or {}
        endpoint = spec.ENDPOINTS_BY_PATH.get((str(method).upper(), path))
        for key in (path, endpoint.path if endpoint else None):
            if key in overrides:
                return float(overrides[key])
        return float((config or {}).get("cost", endpoint.weight if endpoint else 1))

    def _weight_budget(self) -> WeightBudget:
        capacity = float(self.options["weightBudget"]) * float(self.options["weightSafety"])
        window = float(self.options["weightWindow"])
        budget: WeightBudget | None = self.__dict__.get("_budget")
        if budget is None or budget.capacity != capacity or budget.window != window:
            budget = WeightBudget(capacity, window)
            self.__dict__["_budget"] = budget
        return budget

    def _throttle_delay(self, cost: float | None) -> float:
        return self._weight_budget().reserve(1 if cost is None else cost, self.milliseconds() / 1000)  # type: ignore[attr-defined]

    def _check_paused(self) -> None:
        budget = self._weight_budget()
        now = self.milliseconds() / 1000  # type: ignore[attr-defined]
        if now < budget.paused_until:
            resume_ms = int(budget.paused_until * 1000)
            raise ccxt_errors.RateLimitExceeded(
                f"{spec.EXCHANGE_ID} 10005 rate limit ban in force; not sent. "
                f"Requests resume at {self.iso8601(resume_ms)} (resume_at={resume_ms})"  # type: ignore[attr-defined]
            )

    def _pause_after_ban(self, error: Exception) -> Exception:
        """The exchange answered 10005: stop sending for the ban time."""
        budget = self._weight_budget()
        now = self.milliseconds() / 1000  # type: ignore[attr-defined]
        while budget.bans and budget.bans[0] < now - spec.RATE_BAN_HISTORY_SECONDS:
            budget.bans.popleft()
        budget.bans.append(now)
        hint = getattr(error, "retry_after", None)
        if hint is None:
            count = len(budget.bans)
            hint = next(seconds for limit, seconds in spec.RATE_BAN_SECONDS if limit is None or count <= limit)
        budget.paused_until = max(budget.paused_until, now + float(hint))
        resume_ms = math.ceil(budget.paused_until * 1000)
        paused = ccxt_errors.RateLimitExceeded(errors.resume_message(error, resume_ms))
        paused.code = 10005  # type: ignore[attr-defined]
        paused.resume_at = resume_ms  # type: ignore[attr-defined]
        return paused

    # ------------------------------------------------------------ request flow
    @staticmethod
    def _is_own_endpoint(path: str, api: Any, method: str) -> bool:
        """A v3 endpoint of the reference (our pipeline), not the swap API or a path
        only ccxt's table lists (ccxt's fetch2)."""
        return _section(api) != CCXT_SECTION and (str(method).upper(), path) in spec.ENDPOINTS_BY_PATH

    def _call(
        self, path: str, params: dict[str, Any] | None = None, method: str = "GET", sent: list[float] | None = None
    ) -> Flow:
        """Send one endpoint request through the pipeline; returns the decoded body.

        `sent`, when given, receives the time of every attempt, so a caller can tell
        an answer to a resent request (a retried cancel) from a first answer.
        """
        endpoint = spec.ENDPOINTS_BY_PATH.get((method, path))
        if endpoint is None:
            raise ccxt_errors.NotSupported(f"{spec.EXCHANGE_ID} has no endpoint {method} {path}")
        params = params or {}
        # ccxt's unified keys are consumed by the methods, never sent (own_params aside)
        sendable = {key: value for key, value in params.items() if key not in spec.UNIFIED_PARAMS or key in endpoint.own_params}
        retries = int(self.options.get("maxRetries") or 0)
        delay = float(self.options.get("retryDelay") or 0)
        failures = 0
        resynced = False
        while True:
            self._check_paused()
            if endpoint.access == "private":
                yield from self._refresh_clock_if_stale()
            self._before_request(path, params)
            if sent is not None:
                sent.append(self.milliseconds() / 1000)  # type: ignore[attr-defined]
            try:
                response = yield Send(path, endpoint.access, method, sendable, {"cost": endpoint.weight})
            except ccxt_errors.InvalidNonce:
                # 10008: the server refused before acting, so one resync + resend is safe
                if resynced:
                    raise
                resynced = True
                yield from self._sync_clock()
                continue
            except ccxt_errors.RateLimitExceeded as error:
                if errors.error_code(error) == 10005:
                    raise self._pause_after_ban(error) from error
                raise
            except Exception as error:
                if not (endpoint.retry_safe and failures < retries and _retryable_read_error(error)):
                    raise
                failures += 1
                if self.verbose:  # type: ignore[attr-defined]
                    self.log(f"{spec.EXCHANGE_ID} {method} {path} failed ({error}); retry {failures}/{retries}")
                yield Sleep(delay * (2 ** (failures - 1)))
                continue
            self._after_response(path, params, response)
            return response

    def _before_request(self, path: str, params: dict[str, Any]) -> None:
        """Hook run before each send (the trading-rules guard refuses orders here)."""

    def _after_response(self, path: str, params: dict[str, Any], response: Any) -> None:
        """Hook run on each successful answer (the guard learns placements and fills)."""

    def _call_once(
        self,
        path: str,
        params: dict[str, Any],
        reconcile: Any = None,
        what: str = "request",
    ) -> Flow:
        """Send a request that creates or moves something: never re-sent blindly.

        When the answer is lost (timeout, reset, 5xx page, garbled body) the outcome
        is unknown. `reconcile` is a flow factory that looks for the result (for
        orders: a matching recent order); it runs up to options['reconcileAttempts']
        times, options['reconcileDelay'] seconds apart, and its first non-None answer
        is returned. Otherwise OutcomeUnknown says what was checked.
        """
        try:
            return (yield from self._call(path, params, "POST"))
        except Exception as error:
            if not outcome_unknown(error):
                raise
            lost = error
        checked: list[str] = []
        if reconcile is not None:
            attempts = max(1, int(self.options.get("reconcileAttempts") or 1))
            pause = float(self.options.get("reconcileDelay") or 0)
            for attempt in range(attempts):
                if attempt:
                    yield Sleep(pause)
                try:
                    found = yield from reconcile(checked)
                except Exception as error:  # a failed check is reported, not fatal
                    checked.append(f"check failed: {type(error).__name__}: {error}")
                    continue
                if found is not None:
                    return found
        raise errors.OutcomeUnknown(
            f"{spec.EXCHANGE_ID} {what} outcome unknown after {type(lost).__name__}: {lost}. "
            f"The request was NOT re-sent. Checked: {'; '.join(checked) or 'nothing (no way to check)'}",
            checked,
        ) from lost

    # ------------------------------------------------------------ clock
    def _sync_clock(self) -> Flow:
        before = self.milliseconds()  # type: ignore[attr-defined]
        response = yield from self._call("time")
        after = self.milliseconds()  # type: ignore[attr-defined]
        server_ms = int(response["server_time"]) * 1000
        # The server's clock is whole seconds (truncated): our estimate errs behind,
        # which the 5 s behind-window tolerates, unlike the 1 s ahead-window.
        self.options["timeDifference"] = (before + after) // 2 - server_ms
        self.options["timeDifferenceSyncedAt"] = after
        return self.options["timeDifference"]

    def _refresh_clock_if_stale(self) -> Flow:
        if not self.options.get("adjustForTimeDifference"):
            return
        synced = self.options.get("timeDifferenceSyncedAt")
        refresh_ms = float(self.options.get("timeDifferenceRefresh") or 0) * 1000
        now = self.milliseconds()  # type: ignore[attr-defined]
        if synced is None or (refresh_ms > 0 and now - synced >= refresh_ms):
            yield from self._sync_clock()

    @unified
    def fetch_time(self, params: dict[str, Any] | None = None) -> Flow:
        """Server time in milliseconds (GET /v3/time; the server counts seconds)."""
        response = yield from self._call("time", params)
        return int(response["server_time"]) * 1000

    @unified
    def load_time_difference(self, params: dict[str, Any] | None = None) -> Flow:
        """Measure and store options['timeDifference'] from /v3/time (ms)."""
        return (yield from self._sync_clock())

    @unified
    def fetch_status(self, params: dict[str, Any] | None = None) -> Flow:
        """Exchange status from GET /v3/ping ('ok' when it answers pong)."""
        try:
            response = yield from self._call("ping", params)
        except (ccxt_errors.NetworkError, ccxt_errors.BadResponse) as error:
            return {"status": "error", "updated": self.milliseconds(), "eta": None, "url": None, "info": str(error)}  # type: ignore[attr-defined]
        ok = str(response.get("msg", "")).lower() == "pong"
        return {
            "status": "ok" if ok else "maintenance",
            "updated": self.milliseconds(),  # type: ignore[attr-defined]
            "eta": None,
            "url": None,
            "info": response,
        }

    # ------------------------------------------------------------ helpers
    def _fast(self) -> bool:
        """Whether the fast paths may run: allowed (fast_paths) and numbers are floats."""
        return self.fast_paths and self.number is float  # type: ignore[attr-defined]

    def _filter_symbol_since_limit(
        self, rows: list[dict[str, Any]], symbol: str | None, since: int | None, limit: int | None
    ) -> list[dict[str, Any]]:
        """filter_by_symbol_since_limit: without `since` its loop keeps the rows whose
        safe_value('symbol') equals the symbol (a comprehension does that), the rest is
        ccxt's own."""
        if since is None and symbol is not None:
            rows = [row for row in rows if row.get("symbol") == symbol]
            symbol = None
        return self.filter_by_symbol_since_limit(rows, symbol, since, limit)  # type: ignore[attr-defined, no-any-return]

    def _aimed_at_ccxt(self, name: str, target: Any, params: dict[str, Any] | None) -> Flow:
        """Whether a call of unified method `name` is for a contract market (ccxt's
        implementation serves those). The same order as ccxt's
        handle_market_type_and_params: params['type'] or ['defaultType'], then the
        market of the (first) symbol, then options[method]['type'], options['defaultType']."""
        params = params if isinstance(params, dict) else {}
        kind = params.get("type", params.get("defaultType"))
        symbol = target[0] if isinstance(target, (list, tuple)) and target else target
        if isinstance(symbol, str) and symbol:
            yield LoadMarkets()
            market = (self.markets or {}).get(symbol)  # type: ignore[attr-defined]
            if market is not None:
                contract = bool(market.get("contract"))
                if kind is not None and (kind in CCXT_MARKET_TYPES) != contract:
                    # ccxt would send the spot pair's id to the swap API (or back): refuse
                    raise ccxt_errors.BadRequest(
                        f"{spec.EXCHANGE_ID} {symbol} is a {market.get('type')} market, but params ask for type {kind!r}"
                    )
                return contract
        if kind is None:
            kind = self._type_option(name)
        return kind in CCXT_MARKET_TYPES

    def _type_option(self, name: str) -> Any:
        """options[method]['type'] (ccxt's per-method default), else options['defaultType']."""
        method_options = self.options.get(camel_case(name))
        if isinstance(method_options, str):
            return method_options
        if isinstance(method_options, dict):
            found = method_options.get("type", method_options.get("defaultType"))
            if found is not None:
                return found
        return self.options.get("defaultType", "spot")

    def _market_kind(
        self, params: dict[str, Any] | None, market: dict[str, Any] | None = None, method: str | None = None
    ) -> tuple[str, dict[str, Any]]:
        """'spot' or 'margin' as ccxt users ask for it; returns (kind, params left).

        The unified keys (type, defaultType, marginMode, margin) are consumed, never sent.
        """
        params = dict(params or {})
        margin_mode = params.pop("marginMode", None)
        margin_flag = params.pop("margin", None)
        kind = params.pop("type", None)
        default_type = params.pop("defaultType", None)
        if kind is None:
            kind = default_type
        if kind is None:
            if margin_mode or margin_flag:
                kind = "margin"
            else:
                kind = self._type_option(method) if method else self.options.get("defaultType", "spot")
        if kind in ("cross", "isolated"):
            kind = "margin"
        if kind not in spec.MARKET_KINDS:
            raise ccxt_errors.BadRequest(f"{spec.EXCHANGE_ID} supports type 'spot' or 'margin', not {kind!r}")
        return kind, params
