"""Service quotas the fake enforces, each overridable per test (``quotas={...}``).

Documented values are used where AWS documents one; the others are generous
placeholders, since the quotas page gives no number for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._errors import SERVICE_CODE, ServiceError


@attrs.define
class Quotas:
    contacts: int = 1000  # placeholder: contacts of all types per account and region
    channels_per_contact: int = 10  # placeholder
    stages_per_plan: int = 10  # placeholder
    targets_per_stage: int = 10  # placeholder
    activation_codes_per_hour: int = 5  # placeholder: SendActivationCode per channel per hour
    tags_per_resource: int = 50  # documented (TagsList max)
    rotations: int = 100  # placeholder: rotations per account and region
    rotations_per_schedule: int = 8  # documented (User Guide)
    overrides_per_rotation: int = 200  # placeholder

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(sorted(f.name for f in attrs.fields(cls)))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> Quotas:
        __tracebackhide__ = True
        if values is None:
            return cls()
        if not isinstance(values, Mapping):
            raise ValueError(f"quotas must be a dict of quota names to limits, got {values!r}")
        for name, limit in values.items():
            if name not in cls.names():
                raise ValueError(
                    f"unknown quota {name!r}; expected one of: {', '.join(cls.names())}"
                )
            if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
                raise ValueError(f"quota {name!r} must be a non-negative integer, got {limit!r}")
        return cls(**dict(values))


# Quota codes are not documented for these quotas; each gets a stable code of the
# AWS form "L-" + 8 hex digits so tests can tell them apart.
QUOTA_CODES = {
    "contacts": "L-5A8B2F00",
    "stages_per_plan": "L-5A8B2F01",
    "targets_per_stage": "L-5A8B2F02",
    "rotations": "L-5A8B2F03",
    "overrides_per_rotation": "L-5A8B2F04",
    "channels_per_contact": "L-5A8B2F05",
    "activation_codes_per_hour": "L-5A8B2F06",
    "tags_per_resource": "L-5A8B2F07",
}


def exceeded(
    quota: str,
    message: str,
    *,
    resource_type: str | None = None,
    resource_id: str | None = None,
) -> ServiceError:
    """The ServiceQuotaExceededException for ``quota`` (a ``Quotas`` field name)."""
    members: dict[str, Any] = {"QuotaCode": QUOTA_CODES[quota], "ServiceCode": SERVICE_CODE}
    if resource_id is not None:
        members["ResourceId"] = resource_id
    if resource_type is not None:
        members["ResourceType"] = resource_type
    return ServiceError("ServiceQuotaExceededException", message, **members)
