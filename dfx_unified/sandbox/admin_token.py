"""The admin token of a sandbox: its header, its generation, and the token file.

Admin routes (/sandbox/...) mint keys, move funds and move the clock, so they need a
token. A sandbox started from the command line writes its token to a file only its
user can read, named after the address it serves, so tools on the same machine
(`AdminClient`, the CLI) find it without being told; the file goes when it stops.
No function here logs or returns the token in a message.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import socket
import stat
import tempfile
from pathlib import Path
from typing import Final

ADMIN_TOKEN_HEADER: Final = "X-DFX-Admin-Token"
ADMIN_TOKEN_ENV: Final = "DFX_UNIFIED_ADMIN_TOKEN"
_LOOPBACK_NAMES: Final = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
# Addresses a server binds to mean "every interface"; a client on this machine reaches
# such a server through the loopback address, so they share the loopback token file.
_ANY_ADDRESS: Final = frozenset({"", "0.0.0.0", "::", "*"})


def new_admin_token() -> str:
    """A fresh random token (256 bits, URL-safe text)."""
    return secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    """True when `host` names this machine's loopback interface only.

    A name other than localhost is resolved; it counts as loopback only when every
    address it resolves to is a loopback address. The any-address is not loopback.
    """
    name = _normal(host)
    if name in _LOOPBACK_NAMES or _is_loopback_literal(name):
        return True
    if name in _ANY_ADDRESS or _is_ip_literal(name):
        return False
    try:
        infos = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    return bool(infos) and all(_is_loopback_literal(str(info[4][0]).split("%", 1)[0]) for info in infos)


def _normal(host: str) -> str:
    return host.strip().strip("[]").lower()


def _is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback_literal(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _runtime_dir() -> Path:
    """$XDG_RUNTIME_DIR (per-user, 0700) when set, else the system temp directory."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return Path(runtime)
    return Path(tempfile.gettempdir())


def admin_token_path(host: str, port: int) -> Path:
    """Where the sandbox serving `host:port` keeps its admin token.

    Loopback names and the any-address share one file per port, since a client on this
    machine may call a sandbox bound to 0.0.0.0 or ::1 through 127.0.0.1 or localhost.
    Any other host gets a file of its own, so a token is never sent to another host
    because it happens to use the same port.
    """
    name = _normal(host)
    if name in _ANY_ADDRESS or name in _LOOPBACK_NAMES or _is_loopback_literal(name):
        return _runtime_dir() / f"dfx-unified-sandbox-{int(port)}.token"
    safe = "".join(c if c.isalnum() or c in ".-" else "_" for c in name)
    return _runtime_dir() / f"dfx-unified-sandbox-{safe}-{int(port)}.token"


def write_token_file(host: str, port: int, token: str) -> Path:
    """Write the token (mode 0600, never through a symlink) and return the path."""
    path = admin_token_path(host, port)
    # a file left by a sandbox that was killed (or planted by someone else) is replaced
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(token + "\n")
    return path


def read_token_file(host: str, port: int) -> str | None:
    """The token a sandbox on this machine wrote for host:port, if the file is ours.

    A file owned by another user, or readable by others, is ignored: it is not one a
    sandbox of ours wrote.
    """
    path = admin_token_path(host, port)
    try:
        info = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077:
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    try:
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeError):
        return None
    return token or None


def remove_token_file(path: Path, token: str) -> None:
    """Remove the file if it still holds `token` (a newer sandbox may have replaced it)."""
    try:
        if path.read_text(encoding="ascii").strip() == token:
            path.unlink()
    except (OSError, UnicodeError):
        pass
