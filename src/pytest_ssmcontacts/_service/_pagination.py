"""Opaque, tamper-evident NextTokens and the ways the fake pages through results.

A token records where the previous page stopped plus a fingerprint of the request's
filters, so a token from another operation, another filter or a corrupted string is
refused with ValidationException. Scanning starts where the last page stopped, so
following a paginator over N items costs O(N), not O(N^2).

Stored items page ``by_position`` (append-only sequences) or ``by_key`` (sorted
items); a generated sequence (shifts) keeps its own ``resume_point`` in the token.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
from collections.abc import Sequence
from typing import Any, Callable, TypeVar

from .._errors import invalid
from ._registry import Request

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 100
_NOT_FILTERS = ("NextToken", "MaxResults")


def _fingerprint(request: Request) -> str:
    filters = {k: v for k, v in request.params.items() if k not in _NOT_FILTERS}
    text = json.dumps([request.operation, filters], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def token_for(request: Request, where: Any) -> str:
    """The NextToken that resumes ``request`` at ``where`` (any JSON value)."""
    # A JSON list, not an object: botocore's paginator takes a StartingToken that
    # decodes to a JSON object for a resume token of its own.
    payload = json.dumps([_fingerprint(request), where], separators=(",", ":"))
    return base64.b64encode(payload.encode()).decode()


def _decode(request: Request) -> Any:
    token = request.params.get("NextToken")
    if not token:
        return None
    try:
        fingerprint, where = json.loads(base64.b64decode(token.encode(), validate=True))
        if not isinstance(fingerprint, str):
            raise TypeError(fingerprint)
    except (ValueError, TypeError):
        raise invalid(f"NextToken {token} is not a token this operation issued") from None
    if fingerprint != _fingerprint(request):
        raise invalid(
            f"NextToken {token} was issued for a different request; repeat the filters of the "
            "call that returned it"
        )
    return where


def _pair(where: Any) -> tuple[int, int]:
    if (
        not isinstance(where, list)
        or len(where) != 2
        or not all(isinstance(w, int) and w >= 0 for w in where)
    ):
        raise invalid("NextToken is not a token this operation issued")
    return where[0], where[1]


def page_size(request: Request) -> int:
    # MaxResults=0 passes the model's range; it is read as "no preference".
    size = request.params.get("MaxResults")
    return size if isinstance(size, int) and size > 0 else DEFAULT_PAGE_SIZE


def by_position(
    request: Request,
    items: Sequence[T],
    *,
    newest_first: bool = False,
    keep: Callable[[T], bool] | None = None,
) -> tuple[list[T], str | None]:
    """A page of an append-only sequence, oldest first or newest first.

    The token is the number of positions already scanned, which stays valid while
    items are appended (new ones sort before the scan when newest first).
    """
    where = _decode(request)
    count = len(items)
    start, anchor = (0, count) if where is None else _pair(where)
    anchor = min(anchor, count)
    size = page_size(request)

    def at(position: int) -> T:
        return items[anchor - 1 - position] if newest_first else items[position]

    end = anchor if newest_first else count
    out: list[T] = []
    position = start
    while position < end and len(out) < size:
        item = at(position)
        position += 1
        if keep is None or keep(item):
            out.append(item)
    # Look ahead so the last page carries no NextToken, as botocore expects.
    while position < end and keep is not None and not keep(at(position)):
        position += 1
    token = token_for(request, [position, anchor]) if position < end else None
    return out, token


def by_key(
    request: Request,
    keyed: Sequence[tuple[str, T]],
) -> tuple[list[T], str | None]:
    """A page of items sorted by a unique string key; the token is the last key returned."""
    after = _decode(request)
    if after is not None and not isinstance(after, str):
        raise invalid("NextToken is not a token this operation issued")
    keys = [key for key, _ in keyed]
    start = 0 if after is None else bisect.bisect_right(keys, after)
    size = page_size(request)
    chunk = keyed[start : start + size]
    token = token_for(request, chunk[-1][0]) if start + size < len(keyed) else None
    return [item for _, item in chunk], token


def resume_point(request: Request) -> tuple[int, int]:
    """Where a generated sequence resumes: a (number, part) pair stored in the token."""
    where = _decode(request)
    return (0, 0) if where is None else _pair(where)
