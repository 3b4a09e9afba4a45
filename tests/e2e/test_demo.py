"""The README's first command: `dfx-unified demo` walks the tour and exits 0."""

from __future__ import annotations

import re

from dfx_unified import cli


def test_demo_runs_the_whole_tour(capsys):
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    for title in ("Markets", "Ticker", "Order book", "Spot balance", "Limit buy placed", "Market sell placed",
                  "Limit buy after the market sell", "Placed a far bid and cancelled it", "Transfer",
                  "Margin balance", "Withdrawal requested", "Withdrawal history"):
        assert f"== {title}" in out
    def section(title: str) -> str:
        return out.split(f"== {title}\n", 1)[1].split("\n==", 1)[0]

    # every status printed is the exchange's: never a guess, never None
    assert "status=open" in section("Limit buy placed")
    assert "status=closed" in section("Market sell placed")
    assert "status=closed" in section("Limit buy after the market sell")
    assert "status=open" in section("Placed a far bid and cancelled it")
    assert "status=canceled" in section("Placed a far bid and cancelled it")
    assert "status=None" not in out
    assert re.search(r"USDT spot -> margin: ok", out)
    assert re.search(r"via TRC20: pending", out)
