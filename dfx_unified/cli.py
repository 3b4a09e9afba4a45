"""The `dfx-unified` command: `sandbox` serves the local DigiFinex v3 sandbox, `demo`
runs the demo against a URL."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence

from dfx_unified import spec


def _funds(text: str) -> dict[str, str]:
    """'USDT=100000,BTC=10' -> {'USDT': '100000', 'BTC': '10'}."""
    out: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        code, sep, amount = part.partition("=")
        if not sep or not code.strip() or not amount.strip():
            raise argparse.ArgumentTypeError(f"bad funds entry {part!r}; use CODE=AMOUNT[,CODE=AMOUNT]")
        out[code.strip().upper()] = amount.strip()
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dfx-unified", description="DigiFinex v3 tools")
    sub = parser.add_subparsers(dest="command", required=True)
    sb = sub.add_parser("sandbox", help="serve the local DigiFinex v3 sandbox until Ctrl-C")
    sb.add_argument("--host", default="127.0.0.1")
    sb.add_argument("--port", type=int, default=spec.DEFAULT_SANDBOX_PORT, help="0 picks a free port")
    sb.add_argument("--seed", type=int, default=42)
    sb.add_argument("--state", default=None, help="SQLite file that keeps the state across restarts")
    sb.add_argument("--funds", type=_funds, default=None, help="spot funds of new accounts, e.g. USDT=100000,BTC=10")
    sb.add_argument(
        "--config",
        default=None,
        help="JSON file of SandboxConfig fields (whitelist, margin_funds, weight_budget, fees, ...); see the sandbox README",
    )
    sb.add_argument("--weight-budget", type=int, default=None, help="weight per minute before 10005 (default 1200)")
    demo = sub.add_parser("demo", help="run the demo against a sandbox (or another URL)")
    demo.add_argument("--url", default=None)
    return parser


def run_sandbox(args: argparse.Namespace) -> int:
    from dfx_unified.sandbox import SandboxConfig, SandboxServer

    config = SandboxConfig()
    if args.config:
        with open(args.config, encoding="utf-8") as handle:
            config = SandboxConfig.from_json(json.load(handle))
    if args.weight_budget is not None:
        config.weight_budget = args.weight_budget
    if args.funds:
        config.funds = args.funds
    server = SandboxServer(
        host=args.host, port=args.port, seed=args.seed, state_path=args.state, config=config, write_token_file=True
    )
    server.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("\n".join(server.startup_lines()), flush=True)
    try:
        # wake twice a second so Ctrl-C is seen promptly on every platform
        while not stop.wait(0.5):
            continue
    except KeyboardInterrupt:
        print("stopping", flush=True)
    finally:
        server.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    if raw and raw[0] == "demo":
        from dfx_unified.demo import main as demo_main

        return demo_main(raw[1:])
    args = build_parser().parse_args(raw)
    return run_sandbox(args)
