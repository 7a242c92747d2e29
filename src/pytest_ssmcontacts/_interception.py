"""Routing ssm-contacts clients to the active fake, with the client's own pipeline intact.

botocore gives every client its own copy of the session's event handlers when the
client is created, so handlers registered later never reach a client made earlier
(say, at import time during collection). The entry point therefore is the endpoint's
``_send_request`` (botocore's, and aiobotocore's async override of it), which every
client of every age goes through. For an ssm-contacts call while a fake is active it
marks the call as faked (a context variable, so threads and asyncio tasks each have
their own) and makes sure two handlers sit first on that client's emitter:

* ``choose-signer`` answers UNSIGNED: a faked call never needs credentials, and a
  client created on a machine without any still works;
* ``before-send`` answers with the fake's HTTP response, ahead of every other
  handler registered for the whole service or for all services (moto's among them),
  so only the network send is replaced. botocore asks handlers registered for one
  operation (``before-send.ssm-contacts.StartEngagement``) first: a user's stub
  there that returns a response still wins, as it would against AWS.

Parameter validation, serialization, user handlers, the retry handler and response
parsing all run as the client runs them. For faked calls, retry back-off sleeps are
skipped and adaptive mode's client-side rate limiter neither waits nor learns, so
injected retryable errors cost no wall time and leave the client as it was.

Fail closed: while any fake is active, an ssm-contacts request that reaches a real
HTTP session anyway (by a path this module does not foresee) is refused, not sent.

The active fakes form a stack: the innermost answers, and the process environment is
owned by the stack (``_environment``), neutralised when the first fake starts and given
back when the last one stops.
"""

from __future__ import annotations

import asyncio
import contextvars
import importlib.abc
import importlib.machinery
import sys
import threading
import time
import weakref
from typing import TYPE_CHECKING, Any, Callable

import botocore
from botocore.awsrequest import AWSResponse

from . import _compat, _environment
from ._model import SERVICE_NAME

if TYPE_CHECKING:
    from ._activation import Activation

_lock = threading.RLock()
_active: list[Activation] = []
_patches = _compat.Patches()
_installed = False

_HANDLER_ID = "pytest-ssmcontacts"
_prepared: weakref.WeakSet[Any] = weakref.WeakSet()
_TARGET_PREFIX = "SSMContacts."
REPORT_URL = "https://github.com/pytest-ssmcontacts/pytest-ssmcontacts/issues"


class RefusedRequestError(RuntimeError):
    """An ssm-contacts request tried to reach the network while a fake was active."""


class _InFlight:
    __slots__ = ("asynchronous", "fake", "region")

    def __init__(self, fake: Activation, region: str | None, asynchronous: bool) -> None:
        self.fake = fake
        self.region = region
        self.asynchronous = asynchronous


_call: contextvars.ContextVar[_InFlight | None] = contextvars.ContextVar(
    "pytest_ssmcontacts_call", default=None
)


def faked_call_in_flight() -> bool:
    return _call.get() is not None


class _Raw:
    """The minimal raw-response object ``AWSResponse`` reads a body from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Any:
        yield self._data


def _before_send(request: Any, **_: Any) -> Any:
    call = _call.get()
    if call is None:
        return None
    status, headers, body = call.fake._serve(request.headers, request.body, call.region)
    if call.asynchronous:
        return _compat.async_response(request.url, status, headers, body)
    return AWSResponse(request.url, status, headers, _Raw(body))


def _choose_signer(**_: Any) -> Any:
    return botocore.UNSIGNED if _call.get() is not None else None


def _prepare(endpoint: Any) -> None:
    emitter = _compat.endpoint_emitter(endpoint)
    # register_first is idempotent but not cheap (botocore inspects the handler's
    # signature first), so each client's emitter is set up once.
    if emitter not in _prepared:
        emitter.register_first(
            f"before-send.{SERVICE_NAME}", _before_send, unique_id=_HANDLER_ID + "-send"
        )
        emitter.register_first(
            f"choose-signer.{SERVICE_NAME}", _choose_signer, unique_id=_HANDLER_ID + "-signer"
        )
        _prepared.add(emitter)


def _routed_fake(endpoint: Any) -> Activation | None:
    if not _active or _compat.endpoint_service(endpoint) != SERVICE_NAME:
        return None
    return _active[-1]


def _sync_send_request(original: Callable[..., Any]) -> Callable[..., Any]:
    def _send_request(self: Any, request_dict: Any, operation_model: Any) -> Any:
        fake = _routed_fake(self)
        if fake is None:
            return original(self, request_dict, operation_model)
        _prepare(self)
        token = _call.set(_InFlight(fake, _compat.client_region(request_dict), False))
        try:
            return original(self, request_dict, operation_model)
        finally:
            _call.reset(token)

    return _send_request


def _async_send_request(original: Callable[..., Any]) -> Callable[..., Any]:
    async def _send_request(self: Any, request_dict: Any, operation_model: Any) -> Any:
        fake = _routed_fake(self)
        if fake is None:
            return await original(self, request_dict, operation_model)
        _prepare(self)
        token = _call.set(_InFlight(fake, _compat.client_region(request_dict), True))
        try:
            return await original(self, request_dict, operation_model)
        finally:
            _call.reset(token)

    return _send_request


# -- fail closed -------------------------------------------------------------------


def _header(headers: Any, name: str) -> str:
    # A headers object of a kind we do not know reads as empty: the URL still counts.
    try:
        return str(headers.get(name) or "")
    except Exception:
        return ""


def _check_escape(url: Any, headers: Any) -> None:
    if not _active:
        return
    target = _header(headers, "X-Amz-Target")
    if not (
        target.startswith(_TARGET_PREFIX)
        or f"/{SERVICE_NAME}/aws4_request" in _header(headers, "Authorization")
        or f"//{SERVICE_NAME}." in str(url)
    ):
        return
    operation = target[len(_TARGET_PREFIX) :] if target.startswith(_TARGET_PREFIX) else ""
    what = f"ssm-contacts {operation}" if operation else "an ssm-contacts request"
    raise RefusedRequestError(
        f"pytest-ssmcontacts refused to send {what} to {url}: a fake ssm-contacts service "
        "is active, so no ssm-contacts request may reach the network, and this one got "
        "past the fake. This is a bug in pytest-ssmcontacts or a client it does not know; "
        f"please report it at {REPORT_URL} with your botocore (and aiobotocore) versions "
        "and how the client was made."
    )


def _sync_guard(original: Callable[..., Any]) -> Callable[..., Any]:
    def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        _check_escape(getattr(request, "url", ""), getattr(request, "headers", {}))
        return original(self, request, *args, **kwargs)

    return send


def _async_guard(original: Callable[..., Any]) -> Callable[..., Any]:
    async def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        _check_escape(getattr(request, "url", ""), getattr(request, "headers", {}))
        return await original(self, request, *args, **kwargs)

    return send


# -- no wall time for faked retries ------------------------------------------------


class _TimeWithoutFakedSleeps:
    """``time`` as botocore's endpoint module sees it: back-off of faked calls is instant."""

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    @staticmethod
    def sleep(seconds: float) -> None:
        if _call.get() is None:
            time.sleep(seconds)


class _AsyncioWithoutFakedSleeps:
    """``asyncio`` as older aiobotocore endpoints see it: faked back-off is instant."""

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(seconds: float, *args: Any, **kwargs: Any) -> Any:
        if _call.get() is None:
            return await asyncio.sleep(seconds, *args, **kwargs)
        return await asyncio.sleep(0)


def _async_sleep(original: Callable[..., Any]) -> Callable[..., Any]:
    async def _sleep(self: Any, seconds: float) -> None:
        if _call.get() is None:
            await original(self, seconds)

    return _sleep


def _sync_acquire(original: Callable[..., Any]) -> Callable[..., Any]:
    # Adaptive mode's client-side rate limiter waits for tokens on a real clock.
    def acquire(self: Any, *args: Any, **kwargs: Any) -> Any:
        return True if _call.get() is not None else original(self, *args, **kwargs)

    return acquire


def _async_acquire(original: Callable[..., Any]) -> Callable[..., Any]:
    async def acquire(self: Any, *args: Any, **kwargs: Any) -> Any:
        if _call.get() is not None:
            return True
        return await original(self, *args, **kwargs)

    return acquire


def _throttling_detector(original: Callable[..., Any]) -> Callable[..., Any]:
    # Only adaptive mode's rate limiter asks this (retry decisions use the context form),
    # so an injected throttle neither switches the limiter on nor lowers its rate: the
    # client leaves the fake as fast as it came in.
    def is_throttling_error(self: Any, **kwargs: Any) -> Any:
        return False if _call.get() is not None else original(self, **kwargs)

    return is_throttling_error


# -- credentials cached while a fake is active -------------------------------------


def _sync_get_credentials(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_credentials(self: Any) -> Any:
        if _active:
            _environment.remember_session(self)
        return original(self)

    return get_credentials


def _async_get_credentials(original: Callable[..., Any]) -> Callable[..., Any]:
    async def get_credentials(self: Any) -> Any:
        if _active:
            _environment.remember_session(self)
        return await original(self)

    return get_credentials


# -- installing ----------------------------------------------------------------------


def _install_sync() -> None:
    _patches.replace(_compat.SYNC_SEND_REQUEST, _sync_send_request)
    _patches.replace(_compat.SYNC_SEND, _sync_guard)
    _patches.replace(_compat.SYNC_HTTP_SEND, _sync_guard)
    _patches.replace(_compat.SYNC_TOKEN_ACQUIRE, _sync_acquire)
    _patches.replace(_compat.THROTTLING_DETECTOR, _throttling_detector)
    _patches.replace(_compat.SYNC_GET_CREDENTIALS, _sync_get_credentials)
    _patches.replace((_compat.SYNC_SLEEP_MODULE, "time"), lambda _: _TimeWithoutFakedSleeps())


_ASYNC_WRAPPERS: dict[str, Callable[[Any], Any]] = {
    "send_request": _async_send_request,
    "send": _async_guard,
    "http-send": _async_guard,
    "httpx-send": _async_guard,
    "get-credentials": _async_get_credentials,
    "sleep-module": lambda _: _AsyncioWithoutFakedSleeps(),
}


def _install_async() -> None:
    """Patch whatever part of aiobotocore is loaded now (called again as more loads)."""
    with _lock:
        for key, point in _compat.async_patch_points().items():
            if key.startswith("sleep:"):
                wrapper: Callable[[Any], Any] = _async_sleep
            elif key.startswith("token:"):
                wrapper = _async_acquire
            else:
                wrapper = _ASYNC_WRAPPERS[key]
            _patches.replace(point, wrapper)


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Patches aiobotocore's modules as soon as they are imported.

    aiobotocore stays optional and is never imported here; a user who imports it after
    the first fake started is covered all the same.
    """

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname not in _compat.AIOBOTOCORE_MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        loader = getattr(spec, "loader", None)
        if spec is None or loader is None or not hasattr(loader, "exec_module"):
            return None
        original_exec = loader.exec_module

        def exec_module(module: Any) -> None:
            original_exec(module)
            _install_async()

        loader.exec_module = exec_module
        return spec


_finder = _PatchOnImport()


def _install() -> None:
    global _installed
    if _installed:
        return
    _install_sync()
    _install_async()
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    _installed = True


def activate(fake: Activation) -> None:
    with _lock:
        _install()
        if not _active:
            _environment.enter(fake.region)
        else:
            _environment.set_region(fake.region)
        _active.append(fake)


def deactivate(fake: Activation) -> None:
    with _lock:
        for index in range(len(_active) - 1, -1, -1):
            if _active[index] is fake:
                del _active[index]
                break
        else:
            return
        if _active:
            _environment.set_region(_active[-1].region)
        else:
            _environment.leave()


def any_active() -> bool:
    return bool(_active)
