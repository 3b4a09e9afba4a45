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
    after_fill = out.split("== Limit buy after the market sell", 1)[1].split("==", 1)[0]
    assert "status=closed" in after_fill
    assert re.search(r"USDT spot -> margin: ok", out)
    assert re.search(r"via TRC20: pending", out)
