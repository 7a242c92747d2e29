"""Routing ssm-contacts clients to the active fake, with botocore's pipeline intact.

botocore gives every client its own copy of the session's event handlers when the
client is created, so handlers registered later never reach a client made earlier
(say, at import time during collection). The entry point therefore is
``Endpoint._send_request``, which every client of every age goes through. For an
ssm-contacts call while a fake is active it marks the call as faked (thread-local)
and makes sure two handlers sit first on that client's emitter:

* ``choose-signer`` answers UNSIGNED: a faked call never needs credentials, and a
  client created on a machine without any still works;
* ``before-send`` answers with the fake's HTTP response, ahead of every other
  handler registered for the whole service or for all services (moto's among them),
  so only the network send is replaced. botocore asks handlers registered for one
  operation (``before-send.ssm-contacts.StartEngagement``) first: a user's stub
  there that returns a response still wins, as it would against AWS.

Parameter validation, serialization, user handlers, the retry handler and response
parsing all run as botocore runs them. Retry back-off sleeps of faked calls are
skipped, so injected retryable errors cost no wall time.
"""

from __future__ import annotations

import threading
import time
import weakref
from typing import TYPE_CHECKING, Any, Callable

import botocore
import botocore.endpoint
from botocore.awsrequest import AWSResponse
from botocore.endpoint import Endpoint

from ._model import SERVICE_NAME

if TYPE_CHECKING:
    from ._fake import SSMContacts

_lock = threading.Lock()
_active: list[SSMContacts] = []
_local = threading.local()
_installed = False
_original_send_request: Callable[..., Any] | None = None

_HANDLER_ID = "pytest-ssmcontacts"
_prepared: weakref.WeakSet[Any] = weakref.WeakSet()


class _Raw:
    """The minimal raw-response object ``AWSResponse`` reads a body from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Any:
        yield self._data


class _InFlight:
    __slots__ = ("fake", "region")

    def __init__(self, fake: SSMContacts, region: str | None) -> None:
        self.fake = fake
        self.region = region


def _before_send(request: Any, **_: Any) -> AWSResponse | None:
    call: _InFlight | None = getattr(_local, "call", None)
    if call is None:
        return None
    status, headers, body = call.fake._serve(request.headers, request.body, call.region)
    return AWSResponse(request.url, status, headers, _Raw(body))


def _choose_signer(**_: Any) -> Any:
    return botocore.UNSIGNED if getattr(_local, "call", None) is not None else None


def _send_request(self: Endpoint, request_dict: Any, operation_model: Any) -> Any:
    assert _original_send_request is not None
    if not _active or self._endpoint_prefix != SERVICE_NAME:
        return _original_send_request(self, request_dict, operation_model)
    fake = _active[-1]
    emitter = self._event_emitter
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
    previous = getattr(_local, "call", None)
    _local.call = _InFlight(fake, request_dict.get("context", {}).get("client_region"))
    try:
        return _original_send_request(self, request_dict, operation_model)
    finally:
        _local.call = previous


class _TimeWithoutFakedSleeps:
    """``time`` as botocore's endpoint module sees it: back-off of faked calls is instant."""

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    @staticmethod
    def sleep(seconds: float) -> None:
        if getattr(_local, "call", None) is None:
            time.sleep(seconds)


def _install() -> None:
    global _installed, _original_send_request
    if _installed:
        return
    _original_send_request = Endpoint._send_request
    Endpoint._send_request = _send_request
    botocore.endpoint.time = _TimeWithoutFakedSleeps()
    _installed = True


def activate(fake: SSMContacts) -> None:
    with _lock:
        _install()
        _active.append(fake)


def deactivate(fake: SSMContacts) -> None:
    with _lock:
        for index in range(len(_active) - 1, -1, -1):
            if _active[index] is fake:
                del _active[index]
                break
