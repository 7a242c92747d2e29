"""One API call through the fake: decode, validate, injected faults, the operation, encode.

Every call is logged, successful or not, before its answer goes back on the wire.
"""

from __future__ import annotations

import datetime
import sys
from typing import Any

from . import _model, _protocol
from ._clock import Clock
from ._errors import ServiceError, field_validation
from ._faults import Faults
from ._frozen import FrozenDict, FrozenList
from ._service import Request, dispatch
from ._service._store import Backend
from ._validation import validate
from .records import Call

# Strings up to this length are shared between calls (ARNs are at most 2048 long).
_SHARED_LENGTH = 2048


def serve(
    backend: Backend,
    faults: Faults,
    clock: Clock,
    headers: Any,
    body: Any,
    region: str,
) -> tuple[int, dict[str, str], bytes]:
    """The HTTP answer (status, headers, body) to one JSON 1.1 request."""
    operation = "<unknown>"
    params: dict[str, Any] = {}
    # Read once: the call, its records and the work run before it share one instant.
    now = clock.now()
    try:
        operation, params = _protocol.decode(headers.get("X-Amz-Target"), body)
        operation = _shared(operation)
        params = _without_nulls(params)
        result = _handle(backend, faults, now, operation, params, region)
    except ServiceError as error:
        backend.calls.append(_call(backend, operation, params, error.code, region, now))
        return _protocol.encode_error(error)
    backend.calls.append(_call(backend, operation, params, None, region, now))
    return _protocol.encode_result(result)


def _call(
    backend: Backend,
    operation: str,
    params: dict[str, Any],
    error: str | None,
    region: str,
    now: datetime.datetime,
) -> Call:
    return Call(operation, params, error, region=region, account_id=backend.account_id, time=now)


def _handle(
    backend: Backend,
    faults: Faults,
    now: datetime.datetime,
    operation: str,
    params: dict[str, Any],
    region: str,
) -> dict[str, Any]:
    if operation not in _model.operation_names():
        raise ServiceError(
            "ValidationException", f"Unknown operation {operation}", Reason="UNKNOWN_OPERATION"
        )
    violations = validate(_model.input_shape(operation), params)
    if violations:
        raise field_validation(violations)
    fault = faults.take(operation, params)
    if fault is not None:
        raise fault
    request = Request(
        operation=operation,
        params=params,
        store=backend.store(region),
        backend=backend,
        now=now,
    )
    result = dispatch(request)
    # Work due now (a stage of 0 minutes) happens before the caller looks again.
    backend.timeline.run_until(request.now)
    return result


def _without_nulls(value: Any) -> Any:
    """The request as the operations and the call log see it: read-only, compact.

    Members sent as JSON null are absent, as in every AWS JSON protocol; null list
    items stay, so validation can report them. The result is frozen, so the call log
    can keep it as it is and whatever an operation stores from it can never change.
    Member names and most values repeat from call to call (ARNs, senders, subjects):
    one string each rather than one per call keeps a large call log small. Idempotency
    tokens never repeat, so sharing them would only cost. A body nested deeper than the
    protocol reads is refused here, in the same walk (a large request is walked once).
    """
    kind = type(value)
    if kind is dict:
        return _object(value, 1)
    if kind is list:
        return _array(value, 1)
    return _shared(value)


# The two walks below are the hottest code of a large request (a shift preview carries
# 11,160 hand-offs): scalars are handled inline rather than by a call per value.


def _object(value: dict[str, Any], depth: int) -> FrozenDict:
    if depth > _protocol.MAX_DEPTH:
        raise _protocol.too_deep()
    out = {}
    deeper = depth + 1
    for key, item in value.items():
        kind = type(item)
        if kind is str:
            if len(item) <= _SHARED_LENGTH and key != "IdempotencyToken":
                item = _intern(item)
        elif kind is dict:
            item = _object(item, deeper)
        elif kind is list:
            item = _array(item, deeper)
        elif item is None:
            continue
        out[_intern(key) if len(key) <= _SHARED_LENGTH else key] = item
    return FrozenDict(out)


def _array(value: list[Any], depth: int) -> FrozenList:
    if depth > _protocol.MAX_DEPTH:
        raise _protocol.too_deep()
    out = []
    deeper = depth + 1
    for item in value:
        kind = type(item)
        if kind is str:
            if len(item) <= _SHARED_LENGTH:
                item = _intern(item)
        elif kind is dict:
            item = _object(item, deeper)
        elif kind is list:
            item = _array(item, deeper)
        out.append(item)
    return FrozenList(out)


_intern = sys.intern


def _shared(value: Any) -> Any:
    return sys.intern(value) if type(value) is str and len(value) <= _SHARED_LENGTH else value
