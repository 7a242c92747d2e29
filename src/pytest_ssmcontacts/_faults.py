"""Errors a test queues for the next calls of an operation (``fail_next``)."""

from __future__ import annotations

import difflib
from typing import Any

import attrs

from . import _model
from ._errors import SERVICE_CODE, ServiceError

_DEFAULT_MESSAGES = {
    "AccessDeniedException": "User is not authorized to perform: ssm-contacts:{operation}",
    "ConflictException": "The request conflicts with the current state of the resource",
    "DataEncryptionException": "The operation failed to due an encryption key error",
    "InternalServerException": "Unexpected error occurred while processing the request",
    "ResourceNotFoundException": "Resource not found",
    "ServiceQuotaExceededException": "Service quota exceeded",
    "ThrottlingException": "Rate exceeded",
    "ValidationException": "Invalid value provided",
}

# Which request member names the resource an injected error is about.
_RESOURCE_PARAMS = (
    ("ContactId", "CONTACT"),
    ("ContactArn", "CONTACT"),
    ("ContactChannelId", "CONTACT_CHANNEL"),
    ("EngagementId", "ENGAGEMENT"),
    ("PageId", "PAGE"),
    ("RotationOverrideId", "ROTATION_OVERRIDE"),
    ("RotationId", "ROTATION"),
    ("ResourceARN", "CONTACT"),
)


@attrs.define
class _Fault:
    operation: str
    error: str
    times: int
    remaining: int
    message: str | None

    def describe(self) -> str:
        """The ``fail_next()`` call that queued this fault, as the test wrote it."""
        arguments = [repr(self.operation), repr(self.error)]
        if self.times != 1:
            arguments.append(f"times={self.times}")
        if self.message is not None:
            arguments.append(f"message={self.message!r}")
        return f"fail_next({', '.join(arguments)}): {self.remaining} left unused"


def check_operation(operation: str) -> str:
    """The model's name for ``operation``, or a ValueError that says what exists."""
    __tracebackhide__ = True
    resolved = _model.resolve_operation_name(operation) if isinstance(operation, str) else None
    if resolved is None:
        close = difflib.get_close_matches(str(operation), _model.operation_names(), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(
            f"fail_next(): unknown operation {operation!r}; expected an ssm-contacts operation "
            f"such as 'StartEngagement' or 'start_engagement'{hint}"
        )
    return resolved


@attrs.define
class Faults:
    _queued: dict[str, list[_Fault]] = attrs.Factory(dict)
    _all: list[_Fault] = attrs.Factory(list)  # in the order queued, for the unused report

    def add(self, operation: str, error: str, *, times: int, message: str | None) -> None:
        __tracebackhide__ = True
        name = check_operation(operation)
        modeled = _model.error_names(name)
        if error not in modeled:
            raise ValueError(
                f"fail_next(): {name} does not model {error!r}; expected one of: "
                f"{', '.join(modeled)}"
            )
        if not isinstance(times, int) or isinstance(times, bool) or times < 1:
            raise ValueError(f"fail_next(): times must be a positive integer, got {times!r}")
        if message is not None and not isinstance(message, str):
            raise ValueError(f"fail_next(): message must be a string, got {message!r}")
        fault = _Fault(name, error, times, times, message)
        self._queued.setdefault(name, []).append(fault)
        self._all.append(fault)

    def unused(self) -> list[str]:
        """One line per ``fail_next()`` whose faults were not all used, in queueing order."""
        return [fault.describe() for fault in self._all if fault.remaining > 0]

    def take(self, operation: str, params: dict[str, Any]) -> ServiceError | None:
        queue = self._queued.get(operation)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining == 0:
            queue.pop(0)
        return _build(operation, fault, params)


def _build(operation: str, fault: _Fault, params: dict[str, Any]) -> ServiceError:
    message = fault.message or _DEFAULT_MESSAGES.get(fault.error, fault.error).format(
        operation=operation
    )
    shape = _model.error_shape(fault.error)
    members: dict[str, Any] = {}
    required = set(shape.required_members)
    if "ResourceId" in required or "ResourceType" in required:
        resource_id, resource_type = _resource_of(params)
        members["ResourceId"] = resource_id
        members["ResourceType"] = resource_type
    if "QuotaCode" in required:
        members["QuotaCode"] = "L-00000000"
    if "ServiceCode" in required:
        members["ServiceCode"] = SERVICE_CODE
    if fault.error == "ValidationException":
        members["Reason"] = "OTHER"
    return ServiceError(fault.error, message, **members)


def _resource_of(params: dict[str, Any]) -> tuple[str, str]:
    for name, resource_type in _RESOURCE_PARAMS:
        value = params.get(name)
        if isinstance(value, str):
            if name == "ResourceARN" and ":rotation/" in value:
                resource_type = "ROTATION"
            return value, resource_type
    return "unknown", "UNKNOWN"
