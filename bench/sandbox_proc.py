"""Start the DigiFinex v3 sandbox in a subprocess (so its event loop does not share the
GIL with the measured clients) and talk to its admin API.

The subprocess is the `dfx-unified sandbox` command itself (`python -m dfx_unified
sandbox --port 0 --weight-budget N`), which prints its URL, key, secret and admin token.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from dfx_unified import spec
from dfx_unified.sandbox.admin_client import AdminClient


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
        self.admin = AdminClient(self.url, self.process.stdout.readline().split(":", 1)[1].strip(), timeout=30)
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

    def reset_limits(self) -> None:
        self.admin.reset_limits()

    def new_key(self, funds: dict[str, str]) -> tuple[str, str]:
        """A fresh funded key, topped up with `funds` (spot) through the admin API."""
        made = self.admin.create_api_key(funded=True)
        for currency, amount in funds.items():
            self.admin.deposit(currency, amount, api_key=made.api_key)
        return made.api_key, made.secret
