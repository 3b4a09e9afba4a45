"""One source of logic for the sync and the async class.

Every unified method is written once, as a generator (a *flow*) that yields the I/O
it needs as small step objects and receives the results back. Two tiny drivers run
the flows: `run_sync` with blocking calls, `run_async` with awaits (and real
concurrency for `Gather`). The classes only bind each flow to a method name.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

Flow = Generator[Any, Any, Any]


@dataclass(frozen=True)
class Send:
    """One HTTP attempt of an endpoint (throttled, signed, error-checked)."""

    path: str
    access: str  # 'public' | 'private'
    method: str  # 'GET' | 'POST'
    params: dict[str, Any] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)  # {'cost': weight}


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Gather:
    """Run independent sub-flows; concurrently under asyncio, in order when sync."""

    flows: tuple[Flow, ...]


@dataclass(frozen=True)
class LoadMarkets:
    reload: bool = False


def _send_args(step: Send) -> tuple[Any, ...]:
    return (step.path, [step.access, "spot"], step.method, step.params, step.config)


def run_sync(exchange: Any, flow: Flow) -> Any:
    """Drive a flow with blocking I/O."""
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = flow.throw(error) if error is not None else flow.send(value)
        except StopIteration as stop:
            return stop.value
        value, error = None, None
        try:
            if isinstance(step, Send):
                value = exchange.fetch2(*_send_args(step))
            elif isinstance(step, Gather):
                value = [run_sync(exchange, sub) for sub in step.flows]
            elif isinstance(step, Sleep):
                time.sleep(step.seconds)
            elif isinstance(step, LoadMarkets):
                value = exchange.load_markets(step.reload)
            else:
                raise TypeError(f"unknown flow step {step!r}")
        except Exception as exc:  # handed back into the flow, which decides
            error = exc


async def run_async(exchange: Any, flow: Flow) -> Any:
    """Drive a flow with asyncio; `Gather` runs its sub-flows concurrently."""
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = flow.throw(error) if error is not None else flow.send(value)
        except StopIteration as stop:
            return stop.value
        value, error = None, None
        try:
            if isinstance(step, Send):
                value = await exchange.fetch2(*_send_args(step))
            elif isinstance(step, Gather):
                value = await _gather(exchange, step.flows)
            elif isinstance(step, Sleep):
                await asyncio.sleep(step.seconds)
            elif isinstance(step, LoadMarkets):
                value = await exchange.load_markets(step.reload)
            else:
                raise TypeError(f"unknown flow step {step!r}")
        except Exception as exc:
            error = exc


async def _gather(exchange: Any, flows: tuple[Flow, ...]) -> list[Any]:
    tasks = [asyncio.ensure_future(run_async(exchange, sub)) for sub in flows]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        # one failed: do not leave its siblings running against a closing session
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def sync_method(flow_function: Callable[..., Flow]) -> Callable[..., Any]:
    @functools.wraps(flow_function)
    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        return run_sync(self, flow_function(self, *args, **kwargs))

    return _shell(method)


def async_method(flow_function: Callable[..., Flow]) -> Callable[..., Any]:
    @functools.wraps(flow_function)
    async def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        return await run_async(self, flow_function(self, *args, **kwargs))

    return _shell(method)


def _shell(method: Callable[..., Any]) -> Callable[..., Any]:
    # functools.wraps copied the flow's marker: a shell is not itself a flow
    vars(method).pop(UNIFIED_ATTR, None)
    return method


UNIFIED_ATTR = "__dfx_unified_flow__"


def unified(flow_function: Callable[..., Flow]) -> Callable[..., Flow]:
    """Mark a flow as the body of the unified method of the same name."""
    setattr(flow_function, UNIFIED_ATTR, True)
    return flow_function


def unified_flows(cls: type) -> dict[str, Callable[..., Flow]]:
    """Every flow marked @unified on `cls` and its bases, by method name."""
    found: dict[str, Callable[..., Flow]] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if callable(value) and getattr(value, UNIFIED_ATTR, False):
                found[name] = value
    return found


def bind(cls: type, make_method: Callable[[Callable[..., Flow]], Callable[..., Any]]) -> type:
    """Give `cls` a real method for each unified flow, made by `make_method`."""
    for name, flow_function in unified_flows(cls).items():
        setattr(cls, name, make_method(flow_function))
    return cls


def subflow(obj: Any, name: str, *args: Any, **kwargs: Any) -> Flow:
    """The flow behind unified method `name`, to `yield from` inside another flow."""
    method = getattr(type(obj), name)
    function = getattr(method, "__wrapped__", method)
    return function(obj, *args, **kwargs)  # type: ignore[no-any-return]
