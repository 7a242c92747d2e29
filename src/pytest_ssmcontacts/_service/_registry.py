"""Operation handlers by name, the request each one receives, and what they declare.

A handler declares its operation and whether it honours ``IdempotencyToken``; the
replay of a repeated token happens here, once, for every idempotent operation.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any, Callable

import attrs

from .._errors import invalid, not_supported
from ._sharded import ShardedDict
from ._store import Backend, Store


@attrs.frozen
class Request:
    """A validated API call, bound to the partition it addresses."""

    operation: str
    params: dict[str, Any]
    store: Store
    backend: Backend
    now: datetime.datetime


Handler = Callable[[Request], "dict[str, Any]"]

HANDLERS: dict[str, Handler] = {}

_TOKEN = "IdempotencyToken"


def handles(operation: str, *, idempotent: bool = False) -> Callable[[Handler], Handler]:
    """Register the handler of ``operation``.

    ``idempotent=True``: a repeat of an ``IdempotencyToken`` with the same parameters
    answers the first response and changes nothing. The replay comes before anything
    else, lookups of the resources the call names included: the service promises the
    operation runs once for the given details, so a repeat reports what that one run
    did even when the resources it named have changed since.
    """

    def register(handler: Handler) -> Handler:
        HANDLERS[operation] = _idempotent(handler) if idempotent else handler
        return handler

    return register


def dispatch(request: Request) -> dict[str, Any]:
    handler = HANDLERS.get(request.operation)
    if handler is None:
        raise not_supported(request.operation)
    return handler(request)


def compact(**members: Any) -> dict[str, Any]:
    """Members that are set; the service omits optional members rather than sending null."""
    return {name: value for name, value in members.items() if value is not None}


# -- idempotency tokens ----------------------------------------------------------


def _idempotent(handler: Handler) -> Handler:
    @functools.wraps(handler)
    def replaying(request: Request) -> dict[str, Any]:
        token = request.params.get(_TOKEN)
        if not token:
            return handler(request)
        seen = request.store.idempotency.get(request.operation, {}).get(token)
        if seen is not None:
            first_params, response = seen
            if _without_token(first_params) != _without_token(request.params):
                raise invalid(
                    f"IdempotencyToken {token} was already used with different parameters "
                    f"for {request.operation}"
                )
            return response
        # A call that fails changes nothing, its token included.
        response = handler(request)
        # The request's params, read-only, compared without their token on a repeat. The
        # call log holds the same object: a copy for every call of a busy fake would
        # cost a tenth of what it keeps per engagement.
        tokens = request.store.idempotency.setdefault(request.operation, ShardedDict())
        tokens[token] = (request.params, response)
        return response

    return replaying


def _without_token(params: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in params.items() if key != _TOKEN}
