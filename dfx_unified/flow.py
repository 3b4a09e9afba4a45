"""One source of logic for the sync and the async class.

Every unified method is written once, as a generator (a *flow*) that yields the I/O
it needs as small step objects and receives the results back. Two tiny drivers run
the flows: `run_sync` with blocking calls, `run_async` with awaits (and real
concurrency for `Gather`). The classes only bind each flow to a method name.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
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


@dataclass(frozen=True)
class CcxtCall:
    """Run ccxt.digifinex's own implementation of a method (what we don't own: swap).

    `answers` maps an implicit-API path to an answer this flow already holds: ccxt's
    code is handed it instead of asking the exchange again (see `ccxt_answer`).
    """

    name: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)


# Set while ccxt's own code runs for a CcxtCall: our parse_* overrides then give way
# to ccxt's (its swap rows are not ours to parse). A context variable, so a
# concurrent spot call in another task is not affected.
IN_CCXT: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("dfx_unified_in_ccxt", default=None)


def in_ccxt() -> bool:
    return IN_CCXT.get() is not None


def ccxt_answer(path: str) -> Any:
    """The answer a CcxtCall brought for `path` (taken once), or None."""
    answers = IN_CCXT.get()
    if not answers:
        return None
    return answers.pop(path, None)


def gives_way_to_ccxt(method: Callable[..., Any]) -> Callable[..., Any]:
    """A parse_* override of ours that gives way to ccxt.digifinex's own while ccxt's
    code runs for a CcxtCall (the rows are then swap rows, which ccxt parses)."""
    name = method.__name__

    @functools.wraps(method)
    def parse(self: Any, *args: Any, **kwargs: Any) -> Any:
        if IN_CCXT.get() is not None:
            return getattr(self.ccxt_class, name)(self, *args, **kwargs)
        return method(self, *args, **kwargs)

    return parse


def _ccxt_method(exchange: Any, step: CcxtCall) -> Callable[..., Any]:
    return functools.partial(getattr(exchange.ccxt_class, step.name), exchange)


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
            elif isinstance(step, CcxtCall):
                token = IN_CCXT.set(dict(step.answers))
                try:
                    value = _ccxt_method(exchange, step)(*step.args, **step.kwargs)
                finally:
                    IN_CCXT.reset(token)
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
            elif isinstance(step, CcxtCall):
                value = await _run_ccxt_async(exchange, step)
            else:
                raise TypeError(f"unknown flow step {step!r}")
        except Exception as exc:
            error = exc


async def _run_ccxt_async(exchange: Any, step: CcxtCall) -> Any:
    # a task of its own: the context variable stays set for ccxt's code only
    async def call() -> Any:
        IN_CCXT.set(dict(step.answers))
        return await _ccxt_method(exchange, step)(*step.args, **step.kwargs)

    return await asyncio.ensure_future(call())


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


TargetOf = Callable[[dict[str, Any]], Any]


def ccxt_for_contracts(target_of: str | TargetOf | None = "symbol") -> Callable[[Callable[..., Flow]], Callable[..., Flow]]:
    """For a unified method ccxt.digifinex also serves for swap: a call aimed at a
    contract market (by its symbol, or `type='swap'`, or the method's/default type
    option) runs ccxt's own implementation; the rest runs our flow.

    `target_of` names the argument holding the symbol (or list of symbols), or picks
    it from the bound arguments; None when only params/options decide.
    """

    def decorate(flow_function: Callable[..., Flow]) -> Callable[..., Flow]:
        signature = inspect.signature(flow_function)
        name = flow_function.__name__
        if callable(target_of):
            pick: TargetOf = target_of
        else:
            pick = (lambda arguments: arguments.get(target_of)) if target_of else (lambda arguments: None)

        @functools.wraps(flow_function)
        def routed(self: Any, *args: Any, **kwargs: Any) -> Flow:
            bound = signature.bind(self, *args, **kwargs)
            arguments = bound.arguments
            if (yield from self._aimed_at_ccxt(name, pick(arguments), arguments.get("params"))):
                if "params" in signature.parameters and arguments.get("params") is None:
                    arguments["params"] = {}  # ccxt's methods take a dict, never None
                return (yield CcxtCall(name, bound.args[1:], bound.kwargs))
            return (yield from flow_function(self, *args, **kwargs))

        return routed

    return decorate


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
