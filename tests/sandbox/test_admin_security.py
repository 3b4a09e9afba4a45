"""Admin routes: the admin token, JSON-only bodies, token discovery, loud non-loopback binds."""

from __future__ import annotations

import logging
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from dfx_unified.sandbox import ADMIN_TOKEN_HEADER, AdminClient, AdminError, ManualClock, SandboxServer, admin_token_path
from dfx_unified.sandbox.admin_client import AdminTokenNotFoundError
from dfx_unified.sandbox.admin_token import ADMIN_TOKEN_ENV, read_token_file, write_token_file
from dfx_unified.sandbox.app import build_app
from dfx_unified.sandbox.server import exposure_warning

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _private_runtime_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Token files of these tests go to the test's own directory; no token in the environment."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.delenv(ADMIN_TOKEN_ENV, raising=False)
    return runtime


def admin_routes(server: SandboxServer) -> list[tuple[str, str]]:
    """(method, concrete path) of every admin route the app registers, whoever added it."""
    routes = []
    for route in build_app(server.sandbox).router.routes():
        canonical = route.resource.canonical if route.resource is not None else ""
        if canonical.startswith("/sandbox/") and route.method != "HEAD":
            routes.append((route.method, canonical.replace("{id}", "701")))
    return routes


def snapshot(server: SandboxServer) -> tuple[Any, ...]:
    """What an admin call could change: keys, balances, clock, faults, limits."""
    state = server.state()
    return state["keys"], state["totals"], state["deposits"], server.clock.now(), len(server.sandbox.faults.pending())


def test_every_admin_route_needs_the_token(server: SandboxServer) -> None:
    routes = admin_routes(server)
    assert ("POST", "/sandbox/keys") in routes and ("POST", "/sandbox/clock") in routes and len(routes) >= 11
    before = snapshot(server)
    bodies = {"/sandbox/deposit": {"uid": server.uid, "currency": "BTC", "amount": "1"}, "/sandbox/clock": {"advance": 60}}
    for method, path in routes:
        body = bodies.get(path, {"kind": "reset"} if path.endswith("faults") else {})
        for headers in ({}, {ADMIN_TOKEN_HEADER: "wrong"}, {"Authorization": f"Bearer {server.admin_token}"}):
            answer = requests.request(method, server.url + path, json=body, headers=headers, timeout=10)
            assert answer.status_code == 401, (method, path)
            assert answer.json()["code"] == 10002
            assert server.admin_token not in answer.text
    assert snapshot(server) == before


def test_admin_routes_take_only_json(server: SandboxServer) -> None:
    before = snapshot(server)
    token = {ADMIN_TOKEN_HEADER: server.admin_token}
    body = '{"permissions": ["read"]}'
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None):
        headers = dict(token) if content_type is None else {**token, "Content-Type": content_type}
        answer = requests.post(f"{server.url}/sandbox/keys", data=body, headers=headers, timeout=10)
        assert answer.status_code == 415, content_type
        assert answer.json()["code"] == 10004
    assert snapshot(server) == before
    answer = requests.post(
        f"{server.url}/sandbox/keys", data=body, headers={**token, "Content-Type": "application/json; charset=utf-8"}, timeout=10
    )
    assert answer.status_code == 200 and answer.json()["api_key"]


def test_a_web_page_cannot_call_admin_routes(server: SandboxServer) -> None:
    """What a page in a local browser can send without a preflight: text/plain, no custom header."""
    before = snapshot(server)
    page = {"Origin": "https://evil.example", "Content-Type": "text/plain"}
    answer = requests.post(f"{server.url}/sandbox/clock", data='{"advance": 86400}', headers=page, timeout=10)
    assert answer.status_code == 401
    preflight = requests.options(
        f"{server.url}/sandbox/clock",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Headers": ADMIN_TOKEN_HEADER},
        timeout=10,
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert snapshot(server) == before


def test_admin_token_per_server_given_or_generated_and_never_shown(clock: ManualClock) -> None:
    with SandboxServer(clock=clock) as one, SandboxServer(clock=clock) as two:
        assert len(one.admin_token) >= 32 and one.admin_token != two.admin_token
        for shown in (repr(one), repr(one.admin_client()), repr(one.sandbox)):
            assert one.admin_token not in shown
        with pytest.raises(AdminError) as refused:
            AdminClient(one.url, two.admin_token).state()
        assert refused.value.status == 401
        assert two.admin_token not in str(refused.value)
    with SandboxServer(clock=clock, admin_token="chosen-token") as given:
        assert given.admin_token == "chosen-token"
        assert AdminClient(given.url, "chosen-token").clock() == clock.now()


def test_admin_client_finds_the_token_argument_then_environment_then_file(
    server: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(AdminTokenNotFoundError) as missing:
        AdminClient(server.url)
    message = str(missing.value)
    assert ADMIN_TOKEN_ENV in message and str(admin_token_path("127.0.0.1", server.port)) in message
    path = write_token_file("127.0.0.1", server.port, server.admin_token)
    from_file = AdminClient(server.url)
    assert from_file.token_source == str(path) and from_file.state()["conserved"]
    # the loopback file serves every loopback spelling of the same port
    assert AdminClient(f"http://localhost:{server.port}").token_source == str(path)
    monkeypatch.setenv(ADMIN_TOKEN_ENV, "from-the-environment")
    assert AdminClient(server.url).token_source == f"${ADMIN_TOKEN_ENV}"
    with pytest.raises(AdminError) as refused:
        AdminClient(server.url).state()  # the environment wins over the file, even when wrong
    assert refused.value.status == 401
    assert AdminClient(server.url, server.admin_token).token_source == "argument"


def test_token_files_are_private_and_per_address(_private_runtime_dir: Path) -> None:
    path = write_token_file("0.0.0.0", 8686, "t0k3n")
    assert path == admin_token_path("127.0.0.1", 8686) == admin_token_path("::1", 8686) == admin_token_path("localhost", 8686)
    assert path.parent == _private_runtime_dir
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_token_file("localhost", 8686) == "t0k3n"
    # never sent to another host because it uses the same port
    assert admin_token_path("10.1.2.3", 8686) != path and read_token_file("10.1.2.3", 8686) is None
    path.chmod(0o644)  # not a file a sandbox of ours wrote
    assert read_token_file("127.0.0.1", 8686) is None


def test_token_file_lives_while_the_server_runs(clock: ManualClock) -> None:
    server = SandboxServer(clock=clock, write_token_file=True).start()
    try:
        path = admin_token_path("127.0.0.1", server.port)
        assert server.token_path == path and stat.S_IMODE(path.stat().st_mode) == 0o600
        assert AdminClient(server.url).clock() == clock.now()
        assert f"admin_token_file: {path}" in server.startup_lines()
    finally:
        server.stop()
    assert not path.exists()


@pytest.fixture
def cli_sandbox(_private_runtime_dir: Path) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "dfx_unified", "sandbox", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout is not None
        yield proc, [proc.stdout.readline().strip() for _ in range(5)]
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def test_cli_sandbox_prints_the_token_and_keeps_its_file_until_stopped(
    cli_sandbox: tuple[subprocess.Popen[str], list[str]],
) -> None:
    proc, lines = cli_sandbox
    url, token_line, file_line = lines[0], lines[3], lines[4]
    assert token_line.startswith("admin_token: ") and file_line.startswith("admin_token_file: ")
    token, path = token_line.split(": ", 1)[1], Path(file_line.split(": ", 1)[1])
    assert path == admin_token_path("127.0.0.1", int(url.rsplit(":", 1)[1]))
    assert path.read_text().strip() == token
    admin = AdminClient(url)  # no token given: found in the file
    assert admin.token_source == str(path) and admin.state()["conserved"]
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    assert not path.exists()
    assert proc.stderr is not None and "WARNING" not in proc.stderr.read()  # loopback: no warning


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost", "[::1]"])
def test_no_warning_on_loopback(host: str) -> None:
    assert exposure_warning(host, 8686) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "", "::", "192.168.1.20", "10.0.0.1"])
def test_warning_on_every_other_address(host: str) -> None:
    warning = exposure_warning(host, 8686)
    assert warning is not None and "WARNING" in warning and "127.0.0.1" in warning


def test_binding_all_interfaces_warns_on_the_log_and_stderr(
    clock: ManualClock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """The warning comes before the bind (which the test refuses: tests bind loopback only)."""

    async def refuse_to_bind(self: SandboxServer) -> None:
        raise OSError("the test does not bind 0.0.0.0")

    monkeypatch.setattr(SandboxServer, "_open", refuse_to_bind)
    server = SandboxServer(host="0.0.0.0", port=8686, clock=clock)
    with caplog.at_level(logging.WARNING, logger="dfx_unified.sandbox.server"), pytest.raises(OSError, match="does not bind"):
        server.start()
    server.stop()
    assert any("0.0.0.0:8686" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    assert "WARNING" in capsys.readouterr().err


def test_oversized_bodies_answer_413_in_the_json_envelope(server: SandboxServer) -> None:
    big = "x" * (1024**2 + 1)
    answer = requests.post(f"{server.url}/v3/spot/order/new", data=big, timeout=10)
    assert answer.status_code == 413 and answer.json()["code"] == 10004
    answer = requests.post(
        f"{server.url}/sandbox/keys",
        data=big,
        headers={ADMIN_TOKEN_HEADER: server.admin_token, "Content-Type": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 413 and answer.json()["code"] == 10004
