"""Embedded DigiFinex v3 sandbox: engine (no HTTP), aiohttp app, in-process server."""

from .admin_client import AdminClient, AdminError, AdminTokenNotFoundError
from .admin_token import ADMIN_TOKEN_HEADER, admin_token_path
from .clock import Clock, FixedClock, ManualClock, SystemClock
from .config import SandboxConfig
from .engine import Engine
from .journal import EngineError
from .server import SandboxServer

__all__ = [
    "ADMIN_TOKEN_HEADER",
    "AdminClient",
    "AdminError",
    "AdminTokenNotFoundError",
    "Clock",
    "Engine",
    "EngineError",
    "FixedClock",
    "ManualClock",
    "SandboxConfig",
    "SandboxServer",
    "SystemClock",
    "admin_token_path",
]
