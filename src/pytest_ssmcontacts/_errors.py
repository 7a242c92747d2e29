"""Service errors as the fake raises them internally, before they go on the wire."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from botocore.model import NoShapeFoundError

from . import _model
from ._violations import Violation, summarize

T = TypeVar("T")

SERVICE_CODE = "ssm-contacts"

# AWS's API Reference lists every modeled error as HTTP 400 except InternalServerException.
_STATUS = {"InternalServerException": 500}


class ServiceError(Exception):
    """A modeled ssm-contacts error: its code, message and the error shape's members."""

    def __init__(self, code: str, message: str, **members: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.members = members
        # The request member the broken rule is about, for the fixture's seeding
        # methods to name their own argument; never sent on the wire.
        self.member: str | None = None

    @property
    def status(self) -> int:
        return _status(self.code)


@functools.cache
def _status(code: str) -> int:
    # An error shape may declare its status (``error.httpStatusCode``); botocore's
    # ssm-contacts model declares none today, so the API Reference's statuses apply.
    try:
        declared = _model.error_shape(code).metadata.get("error", {}).get("httpStatusCode")
    except NoShapeFoundError:  # an error the model does not have
        declared = None
    return declared if isinstance(declared, int) else _STATUS.get(code, 400)


@contextlib.contextmanager
def about(member: str) -> Iterator[None]:
    """Mark a ServiceError raised inside as being about request member ``member``."""
    try:
        yield
    except ServiceError as error:
        if error.member is None:
            error.member = member
        raise


def field_validation(violations: list[Violation]) -> ServiceError:
    return ServiceError(
        "ValidationException",
        summarize(violations),
        Reason="FIELD_VALIDATION_FAILED",
        Fields=[{"Name": v.path, "Message": v.constraint} for v in violations],
    )


def invalid(detail: str) -> ServiceError:
    """A semantic rule broken: AWS words these "Invalid value provided - ..."."""
    return ServiceError("ValidationException", f"Invalid value provided - {detail}", Reason="OTHER")


def not_found(resource_type: str, resource_id: str) -> ServiceError:
    what = resource_type.replace("_", " ").lower()
    return ServiceError(
        "ResourceNotFoundException",
        f"Resource not found: {what} {resource_id} does not exist",
        ResourceId=resource_id,
        ResourceType=resource_type,
    )


def existing(items: Mapping[str, T], resource_id: str, resource_type: str) -> T:
    """The item stored under ``resource_id``, or ResourceNotFoundException naming it."""
    item = items.get(resource_id)
    if item is None:
        raise not_found(resource_type, resource_id)
    return item


def conflict(message: str, resource_type: str, resource_id: str, **members: Any) -> ServiceError:
    return ServiceError(
        "ConflictException", message, ResourceId=resource_id, ResourceType=resource_type, **members
    )


def in_use(
    message: str, resource_type: str, resource_id: str, relation: str, dependents: list[str]
) -> ServiceError:
    """A ConflictException for a resource others depend on, naming 25 of them at most.

    25 is the model's limit on DependentResourceIds.
    """
    return conflict(
        message,
        resource_type,
        resource_id,
        DependentEntities=[{"RelationType": relation, "DependentResourceIds": dependents[:25]}],
    )


def not_supported(operation: str) -> ServiceError:
    """The answer to an operation the model has and the fake lacks.

    Every operation of the model botocore ships today has a handler; a newer botocore
    may bring operations the fake does not know yet.
    """
    return ServiceError(
        "ValidationException",
        f"{operation} is not supported by pytest-ssmcontacts yet; "
        "see the API coverage table in the documentation",
        Reason="UNKNOWN_OPERATION",
    )
