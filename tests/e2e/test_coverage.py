"""Every unified method of the adapter is driven end to end against the sandbox."""

from __future__ import annotations

import re
from pathlib import Path

import dfx_unified
from dfx_unified.flow import unified_flows


def test_every_unified_method_has_an_end_to_end_test():
    sources = "\n".join(path.read_text() for path in Path(__file__).parent.glob("test_*.py"))
    called = set(re.findall(r"\.([a-z_]+)\(", sources))
    missing = sorted(set(unified_flows(dfx_unified.digifinex)) - called)
    assert missing == []
