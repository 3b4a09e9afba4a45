"""`dfx-unified sandbox --config/--weight-budget` reach the server's configuration."""

from __future__ import annotations

import json

import pytest

from dfx_unified import cli


def test_config_file_and_budget_flag(tmp_path, monkeypatch):
    config_file = tmp_path / "sandbox.json"
    whitelist = [{"currency": "USDT", "chain": "TRC20", "address": "TMyOwnAddress", "memo": ""}]
    config_file.write_text(json.dumps({"whitelist": whitelist, "margin_funds": {"USDT": "5"}}))
    seen = {}

    class Recorder:
        def __init__(self, **kwargs):
            seen.update(kwargs)
            raise SystemExit(0)  # stop before serving

    monkeypatch.setattr("dfx_unified.sandbox.SandboxServer", Recorder)
    args = cli.build_parser().parse_args(["sandbox", "--port", "0", "--config", str(config_file), "--weight-budget", "600"])
    with pytest.raises(SystemExit):
        cli.run_sandbox(args)
    config = seen["config"]
    assert config.whitelist == whitelist
    assert config.margin_funds == {"USDT": "5"}
    assert config.weight_budget == 600
