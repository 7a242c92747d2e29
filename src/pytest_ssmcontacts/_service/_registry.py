"""Operation handlers by name, and the request object each one receives."""

from __future__ import annotations

import datetime
from typing import Any, Callable

import attrs

from .._errors import not_supported
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


def handles(operation: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[operation] = handler
        return handler

    return register


def dispatch(request: Request) -> dict[str, Any]:
    handler = HANDLERS.get(request.operation)
    if handler is None:
        raise not_supported(request.operation)
    return handler(request)
