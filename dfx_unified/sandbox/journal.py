"""Command journal plumbing: every state-changing engine call is a replayable command.

A command runs under the engine lock at one clock reading; once it has run (whether it
succeeded or failed, since a failed placement can still record a trading-rule ban)
its name, arguments and time go to the journal sink (the sqlite store). Replaying the
same commands at the same times on a fresh engine with the same seed rebuilds the
same state, which is how a restart loses nothing.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class EngineError(Exception):
    """A refusal with a reference error code."""

    def __init__(self, code: int, message: str | None = None) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message


class Sink(Protocol):
    def __call__(self, name: str, args: dict[str, Any], t: float) -> None: ...


class Journaled(Protocol):
    _now: float
    _replaying: bool
    _journal: Sink | None

    def _begin(self) -> float: ...


def command(fn: F) -> F:
    """Run under the lock at one clock reading, then journal the call."""
    sig = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        bound = sig.bind(self, *args, **kwargs)
        bound.apply_defaults()
        call_args = {k: v for k, v in bound.arguments.items() if k != "self"}
        with self._lock:
            now = self._begin()
            try:
                return fn(self, **call_args)
            finally:
                if self._journal is not None and not self._replaying:
                    self._journal(fn.__name__, call_args, now)

    wrapper.__journaled__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def query(fn: F) -> F:
    """Run under the lock after bringing the clock-driven state up to date."""

    @functools.wraps(fn)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self._begin()
            return fn(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
