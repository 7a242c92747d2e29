"""Opaque, tamper-evident NextTokens and the ways the fake pages through results.

A token carries where the previous page stopped, signed (HMAC-SHA256) with a secret
the fake draws when it is created or reset, over the operation, the account and Region
it lists, and the request's filters. A token the fake did not issue for this very
request (forged, altered, truncated, from another operation, Region or filters,
another fake or an earlier activation) fails the signature check and is refused with
ValidationException, in time bounded by the token's length (at most 2048 characters by
the model). Positions
are range-checked too, so even a signed token cannot ask for unbounded work.
Scanning starts where the last page stopped, so following a paginator over N items
costs O(N), not O(N^2).

Stored items page ``by_position`` (append-only sequences) or ``by_key`` (sorted
items); a generated sequence (shifts) keeps its own ``resume_point`` in the token.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import hashlib
import hmac
import json
import weakref
from collections.abc import Sequence
from typing import Any, Callable, TypeVar

from .._errors import ServiceError, invalid
from ._registry import Request

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 100
# Every position a token carries is below this: far above any real count, far below
# what would overflow a C int or a date computation.
MAX_POSITION = 2**31 - 1
_NOT_FILTERS = ("NextToken", "MaxResults")
_MAC_BYTES = 16


# The MAC keyed and fed with the last request's operation and filters: a follow-up page
# checks the token it brought and signs the one it returns, and a request's filters
# (a preview's whole recurrence) are serialised once for both. The request is held
# weakly: a finished call must not keep its fake's state alive.
_bound: tuple[weakref.ref[Request], hmac.HMAC] | None = None
# Filters come from a decoded JSON body, never circular: no cycle bookkeeping.
_canonical = json.JSONEncoder(sort_keys=True, default=str, check_circular=False)


def _signature(request: Request, payload: bytes) -> bytes:
    global _bound
    bound = _bound
    if bound is None or bound[0]() is not request:
        filters = {k: v for k, v in request.params.items() if k not in _NOT_FILTERS}
        store = request.store
        text = _canonical.encode([request.operation, store.account_id, store.region, filters])
        base = hmac.new(request.backend.token_key, text.encode(), hashlib.sha256)
        base.update(b"\0")
        bound = _bound = (weakref.ref(request), base)
    mac = bound[1].copy()
    mac.update(payload)
    return mac.digest()[:_MAC_BYTES]


# A key (a string) is carried as its UTF-8 bytes after this mark rather than as JSON,
# whose escapes (six characters for a vertical tab, which a rotation name may hold)
# could push a token past the model's 2,048 characters. Positions are JSON lists, so
# the two never mix up.
_KEY = b"K"


def token_for(request: Request, where: Any) -> str:
    """The NextToken that resumes ``request`` at ``where`` (a string key or a JSON list)."""
    if isinstance(where, str):
        payload = _KEY + where.encode("utf-8", "surrogatepass")
    else:
        # A JSON list, not an object: botocore's paginator takes a StartingToken that
        # decodes to a JSON object for a resume token of its own.
        payload = json.dumps([where], separators=(",", ":")).encode()
    return base64.b64encode(payload + _signature(request, payload)).decode()


def _not_issued(token: str) -> ServiceError:
    shown = token if len(token) <= 64 else token[:61] + "..."
    return invalid(
        f"NextToken {shown} is not a token this operation issued for these filters; "
        "repeat the filters of the call that returned it, or start again without NextToken"
    )


def _decode(request: Request) -> Any:
    token = request.params.get("NextToken")
    if not token:
        return None
    try:
        raw = base64.b64decode(token.encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        raise _not_issued(token) from None
    payload, signature = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
    if len(raw) <= _MAC_BYTES or not hmac.compare_digest(signature, _signature(request, payload)):
        raise _not_issued(token)
    try:
        if payload.startswith(_KEY):
            return payload[len(_KEY) :].decode("utf-8", "surrogatepass")
        (where,) = json.loads(payload)
    except (ValueError, TypeError):
        raise _not_issued(token) from None
    return where


def _pair(request: Request, where: Any) -> tuple[int, int]:
    if (
        not isinstance(where, list)
        or len(where) != 2
        or not all(
            isinstance(w, int) and not isinstance(w, bool) and 0 <= w <= MAX_POSITION for w in where
        )
    ):
        raise _not_issued(str(request.params.get("NextToken")))
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
    start, anchor = (0, count) if where is None else _pair(request, where)
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
        raise _not_issued(str(request.params.get("NextToken")))
    keys = [key for key, _ in keyed]
    start = 0 if after is None else bisect.bisect_right(keys, after)
    size = page_size(request)
    chunk = keyed[start : start + size]
    token = token_for(request, chunk[-1][0]) if start + size < len(keyed) else None
    return [item for _, item in chunk], token


def resume_point(request: Request) -> tuple[int, int]:
    """Where a generated sequence resumes: a (number, part) pair stored in the token."""
    where = _decode(request)
    return (0, 0) if where is None else _pair(request, where)
