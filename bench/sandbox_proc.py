"""Start the DigiFinex v3 sandbox in a subprocess (so its event loop does not share the
GIL with the measured clients) and talk to its admin API.

The subprocess is the `dfx-unified sandbox` command itself (`python -m dfx_unified
sandbox --port 0 --weight-budget N`), which prints its URL, key and secret.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from typing import Any

from dfx_unified import spec


class Sandbox:
    """A sandbox subprocess: `with Sandbox(budget) as sb: sb.url, sb.api_key, sb.secret`."""

    def __init__(self, budget: int = spec.WEIGHT_BUDGET, seed: int = 42) -> None:
        self.budget, self.seed = budget, seed
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> Sandbox:
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "dfx_unified", "sandbox",
                "--port", "0", "--weight-budget", str(self.budget), "--seed", str(self.seed),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        self.api_key = self.process.stdout.readline().split(":", 1)[1].strip()
        self.secret = self.process.stdout.readline().split(":", 1)[1].strip()
        if not self.url.startswith("http"):
            self.__exit__()
            raise RuntimeError("bench: the sandbox subprocess did not start")
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def admin(self, method: str, path: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(self.url + path, data=body, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            answer: dict[str, Any] = json.loads(response.read())
        if answer.get("code") != 0:
            raise RuntimeError(f"bench: sandbox admin {path} answered {answer}")
        return answer

    def reset_limits(self) -> None:
        self.admin("POST", "/sandbox/limits/reset", {})

    def new_key(self, funds: dict[str, str]) -> tuple[str, str]:
        """A fresh funded key, topped up with `funds` (spot) through the admin API."""
        answer = self.admin("POST", "/sandbox/keys", {"funded": True})
        for currency, amount in funds.items():
            self.admin("POST", "/sandbox/deposit", {"api_key": answer["api_key"], "currency": currency, "amount": amount})
        return answer["api_key"], answer["secret"]

