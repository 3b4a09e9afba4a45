"""Embedded DigiFinex v3 sandbox: engine (no HTTP), aiohttp app, in-process server."""

from .clock import Clock, FixedClock, ManualClock, SystemClock
from .config import SandboxConfig
from .engine import Engine
from .journal import EngineError
from .server import SandboxServer

__all__ = ["Clock", "Engine", "EngineError", "FixedClock", "ManualClock", "SandboxConfig", "SandboxServer", "SystemClock"]
