"""Service errors as the fake raises them internally, before they go on the wire."""

from __future__ import annotations

from typing import Any

from ._validation import Violation, summarize

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

    @property
    def status(self) -> int:
        return _STATUS.get(self.code, 400)


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


def not_found(resource_type: str, resource_id: str, label: str | None = None) -> ServiceError:
    what = label or resource_type.replace("_", " ").lower()
    return ServiceError(
        "ResourceNotFoundException",
        f"Resource not found: {what} {resource_id} does not exist",
        ResourceId=resource_id,
        ResourceType=resource_type,
    )


def conflict(message: str, resource_type: str, resource_id: str, **members: Any) -> ServiceError:
    return ServiceError(
        "ConflictException", message, ResourceId=resource_id, ResourceType=resource_type, **members
    )


def not_supported(operation: str) -> ServiceError:
    return ServiceError(
        "ValidationException",
        f"{operation} is not supported by pytest-ssmcontacts yet; "
        "see the API coverage table in the documentation",
        Reason="UNKNOWN_OPERATION",
    )
