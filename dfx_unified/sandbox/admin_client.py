"""A client for the sandbox's admin routes (/sandbox/...), token included.

    from dfx_unified.sandbox.admin_client import AdminClient
    admin = AdminClient("http://127.0.0.1:8686")      # token found by itself
    admin.deposit("BTC", "1", api_key=key)
    admin.advance_clock(60); admin.state()

The token comes from, in order: the `token` argument; the DFX_UNIFIED_ADMIN_TOKEN
environment variable; the token file a sandbox started on this machine with
`dfx-unified sandbox` writes for its host and port (`admin_token_path`). Without any
of them the constructor raises AdminTokenNotFoundError. The token is never shown in a
repr, a message or an exception.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dfx_unified import spec

from .admin_token import ADMIN_TOKEN_ENV, ADMIN_TOKEN_HEADER, admin_token_path, read_token_file


class AdminError(Exception):
    """An admin request that failed: the sandbox refused it, or could not be reached."""

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None) -> None:
        super().__init__(message)
        self.status = status  # HTTP status (None when no answer came)
        self.code = code  # the envelope's code, when the sandbox answered one


class AdminTokenNotFoundError(AdminError):
    """No admin token was given, set in the environment, or found in a token file."""


@dataclass(frozen=True)
class SandboxKey:
    """A key minted by `POST /sandbox/keys` (the secret is kept out of the repr)."""

    api_key: str
    secret: str = field(repr=False)
    uid: int


def _host_port(url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AdminError(f"not a sandbox URL: {url!r} (expected http://host:port)")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def find_admin_token(url: str) -> tuple[str, str]:
    """(token, where it came from) for the sandbox at `url`, from the environment or its token file."""
    token = os.environ.get(ADMIN_TOKEN_ENV, "").strip()
    if token:
        return token, f"${ADMIN_TOKEN_ENV}"
    host, port = _host_port(url)
    token = read_token_file(host, port) or ""
    if token:
        return token, str(admin_token_path(host, port))
    raise AdminTokenNotFoundError(
        f"no admin token for the sandbox at {url}: pass token=..., set {ADMIN_TOKEN_ENV}, or start the sandbox with "
        f"`dfx-unified sandbox` on this machine (it writes {admin_token_path(host, port)}); "
        "an in-process SandboxServer gives its token as server.admin_token"
    )


class AdminClient:
    """The sandbox's admin routes as methods; every call sends the admin token."""

    def __init__(self, url: str = spec.DEFAULT_SANDBOX_URL, token: str | None = None, *, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        _host_port(self.url)
        if token:
            self._token, self.token_source = token, "argument"
        else:
            self._token, self.token_source = find_admin_token(self.url)
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"AdminClient({self.url!r}, token from {self.token_source})"

    # ------------------------------------------------------------ transport
    def request(
        self, method: str, path: str, body: Mapping[str, Any] | None = None, query: Mapping[str, str] | None = None
    ) -> Any:
        """One admin call; returns the decoded JSON answer, or raises AdminError."""
        url = f"{self.url}/sandbox/{path.lstrip('/')}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        headers = {ADMIN_TOKEN_HEADER: self._token, "Accept": "application/json"}
        data = None
        if body is not None or method == "POST":
            data = json.dumps(dict(body or {})).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise self._refusal(method, path, error) from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise AdminError(f"sandbox admin {method} /sandbox/{path} to {self.url} failed: {error}") from None

    @staticmethod
    def _refusal(method: str, path: str, error: urllib.error.HTTPError) -> AdminError:
        try:
            answer = json.loads(error.read())
            code, msg = answer.get("code"), answer.get("msg")
        except (ValueError, AttributeError, OSError):
            code, msg = None, error.reason
        message = f"sandbox admin {method} /sandbox/{path}: HTTP {error.code}, code {code}: {msg}"
        return AdminError(message, status=error.code, code=code)

    # ------------------------------------------------------------ funds
    def deposit(
        self,
        currency: str,
        amount: Any,
        *,
        api_key: str | None = None,
        uid: int | None = None,
        account: str = "spot",
        chain: str | None = None,
    ) -> int:
        """Credit a deposit (to `api_key`'s or `uid`'s account, else the ready account); the deposit id.

        `amount` is sent as text (str(amount)) so a Decimal or string arrives exactly.
        """
        body: dict[str, Any] = {"currency": currency, "amount": str(amount), "account": account}
        if api_key is not None:
            body["api_key"] = api_key
        if uid is not None:
            body["uid"] = uid
        if chain is not None:
            body["chain"] = chain
        return int(self.request("POST", "deposit", body)["deposit_id"])

    def complete_withdrawal(self, withdraw_id: int) -> int:
        """Complete a pending withdrawal (state 3); returns its id."""
        return int(self.request("POST", f"withdrawals/{int(withdraw_id)}/complete", {})["withdraw_id"])

    # ------------------------------------------------------------ keys and limits
    def create_api_key(
        self,
        permissions: Iterable[str] = ("read", "trade", "withdraw"),
        *,
        uid: int | None = None,
        expires_at: float | None = None,
        funded: bool = True,
    ) -> SandboxKey:
        """A new key on a new account (funded unless funded=False), or on `uid`'s account."""
        body: dict[str, Any] = {"permissions": list(permissions), "funded": funded}
        if uid is not None:
            body["uid"] = uid
        if expires_at is not None:
            body["expires_at"] = expires_at
        answer = self.request("POST", "keys", body)
        return SandboxKey(answer["api_key"], answer["secret"], int(answer["uid"]))

    def reset_limits(self) -> None:
        """Clear every weight counter and ban."""
        self.request("POST", "limits/reset", {})

    def trading_rules(self, api_key: str, symbol: str) -> dict[str, Any]:
        """The API trading-rule indicators of `api_key` on `symbol`."""
        answer: dict[str, Any] = self.request("GET", "trading-rules", query={"api_key": api_key, "symbol": symbol})
        return answer

    # ------------------------------------------------------------ clock
    def clock(self) -> float:
        """The sandbox clock's current time (Unix seconds)."""
        return float(self.request("GET", "clock")["now"])

    def set_clock(self, t: float) -> float:
        """Set a ManualClock sandbox to `t`; returns the new time."""
        return float(self.request("POST", "clock", {"set": t})["now"])

    def advance_clock(self, seconds: float) -> float:
        """Move a ManualClock sandbox forward by `seconds`; returns the new time."""
        return float(self.request("POST", "clock", {"advance": seconds})["now"])

    # ------------------------------------------------------------ faults
    def add_fault(self, path: str, kind: str, *, times: int = 1, delay: float = 0.0, when: str = "before") -> dict[str, Any]:
        """Inject a fault on `path` (below /v3/, or '*'); returns the fault as stored."""
        answer = self.request("POST", "faults", {"path": path, "kind": kind, "times": times, "delay": delay, "when": when})
        fault: dict[str, Any] = answer["fault"]
        return fault

    def faults(self) -> list[dict[str, Any]]:
        """The faults still pending."""
        pending: list[dict[str, Any]] = self.request("GET", "faults")["faults"]
        return pending

    def clear_faults(self) -> None:
        """Remove every pending fault."""
        self.request("DELETE", "faults")

    # ------------------------------------------------------------ state
    def state(self) -> dict[str, Any]:
        """Per-account balances, orders, trades, positions, totals and `conserved`."""
        answer: dict[str, Any] = self.request("GET", "state")
        return answer
