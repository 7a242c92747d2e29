"""Idempotency tokens: a repeat with the same token replays the first answer."""

from __future__ import annotations

from typing import Any

from .._errors import invalid
from ._registry import Request

_TOKEN = "IdempotencyToken"


def replay(request: Request) -> dict[str, Any] | None:
    """The stored response for this token, None for a new token.

    The same token with different parameters is refused, since the service
    promises the operation runs once for the given details.
    """
    token = request.params.get(_TOKEN)
    if not token:
        return None
    seen = request.store.idempotency.get(request.operation, {}).get(token)
    if seen is None:
        return None
    first_params, response = seen
    if _without_token(first_params) != _without_token(request.params):
        raise invalid(
            f"IdempotencyToken {token} was already used with different parameters for "
            f"{request.operation}"
        )
    return response


def remember(request: Request, response: dict[str, Any]) -> None:
    token = request.params.get(_TOKEN)
    if token:
        # The request's params are read-only (the call log keeps them too): kept whole,
        # not copied, and compared without their token on a repeat.
        tokens = request.store.idempotency.setdefault(request.operation, {})
        tokens[token] = (request.params, response)


def _without_token(params: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in params.items() if key != _TOKEN}
