"""Re-record cassettes/sandbox/*.yaml against a fresh in-process sandbox.

    python -m tests.record_sandbox_cassettes

The sandbox runs on a frozen clock with a fixed seed, so a re-recording gives the
same cassettes. ACCESS-KEY, ACCESS-SIGN and ACCESS-TIMESTAMP are filtered out, and
the sandbox's random port is rewritten to the default sandbox URL that
`set_sandbox_mode(True)` points at.
"""

from __future__ import annotations

from pathlib import Path

import vcr

import dfx_unified
from dfx_unified import spec
from dfx_unified.sandbox import ManualClock, SandboxServer
from tests.sandbox_scenarios import CLOCK_START, SCENARIOS, SEED, freeze_client_clock

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes" / "sandbox"
SECRET_HEADERS = ["ACCESS-KEY", "ACCESS-SIGN", "ACCESS-TIMESTAMP"]


def record(name: str) -> Path:
    clock = ManualClock(CLOCK_START)
    with SandboxServer(seed=SEED, clock=clock) as server:

        def to_default_url(request):  # type: ignore[no-untyped-def]
            request.uri = request.uri.replace(server.url, spec.DEFAULT_SANDBOX_URL)
            return request

        def without_volatile_headers(response):  # type: ignore[no-untyped-def]
            response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() == "content-type"}
            return response

        recorder = vcr.VCR(
            record_mode="all",
            filter_headers=SECRET_HEADERS,
            before_record_request=to_default_url,
            before_record_response=without_volatile_headers,
            decode_compressed_response=True,
        )
        path = CASSETTES / f"{name}.yaml"
        path.unlink(missing_ok=True)
        exchange = dfx_unified.digifinex(
            {"apiKey": server.api_key, "secret": server.secret, "enableRateLimit": False, "urls": {"test": {"rest": server.url}}}
        )
        exchange.set_sandbox_mode(True)
        freeze_client_clock(exchange, clock.now)
        try:
            with recorder.use_cassette(str(path)):
                SCENARIOS[name](exchange)
        finally:
            exchange.close()
    return path


def main() -> int:
    CASSETTES.mkdir(parents=True, exist_ok=True)
    for name in SCENARIOS:
        print(f"recorded {record(name).relative_to(CASSETTES.parent.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
