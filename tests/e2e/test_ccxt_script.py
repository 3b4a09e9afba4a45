"""A script written for stock ccxt runs unchanged, with only the import swapped,
against the sandbox, and prints structures of the same keys and types (up to the
documented differences of docs/differences-from-ccxt.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dfx_unified.sandbox import SandboxServer
from tests.ccxt_shapes import differences, documented_table

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "ccxt_script.py"
KEYED_RESULTS = {"fetch_tickers"}


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(seed=21) as srv:  # system clock: both libraries stamp real time
        yield srv


def _run(source: str, server: SandboxServer, tmp_path: Path, name: str) -> dict:
    key, secret = server.create_api_key()
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(path), server.url, key, secret], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_a_ccxt_script_runs_unchanged_with_the_import_swapped(server, tmp_path):
    source = SCRIPT.read_text(encoding="utf-8")
    assert source.count("\nimport ccxt\n") == 1
    swapped = source.replace("\nimport ccxt\n", "\nimport dfx_unified as ccxt\n")
    theirs = _run(source, server, tmp_path, "stock.py")
    ours = _run(swapped, server, tmp_path, "swapped.py")
    assert theirs.keys() == ours.keys()
    documented = {tuple(row[:4]) for row in documented_table("Unified structures")}
    undocumented = sorted(
        (name, *difference)
        for name in theirs
        for difference in differences(theirs[name], ours[name], "", name in KEYED_RESULTS)
        if (name, *difference) not in documented
    )
    assert undocumented == []
