"""``add_rotation`` and ``add_override``: friendly arguments, the API's rules.

This module only translates: members given by alias, ARN or ``Contact`` into ARNs
(resolved by ``_refs``), arguments into the CreateRotation members the model's input
shape checks, and the service's errors into ValueErrors naming the argument. The rules
themselves (members, time zone, recurrence, override limits, quotas) are
``_service._rotation_rules``' own, as for the API.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from . import _model, _refs
from ._arguments import describe, fail, python_path, service_failure, tag_field, tag_items
from ._clock import parse_start_time
from ._errors import ServiceError
from ._quotas import Quotas
from ._service import _rotation_rules
from ._service._store import OverrideState, RotationState, Store
from ._validation import validate
from ._violations import Violation

_ROTATION_ARGS = {
    "Name": "name",
    "ContactIds": "members",
    "TimeZoneId": "time_zone",
    "Recurrence": "recurrence",
    "StartTime": "start_time",
}


_ROTATION_RULE_ARGS = {
    "Name": "name",
    "Tags": "tags",
    "ContactIds": "members",
    "TimeZoneId": "time_zone",
    "Recurrence": "recurrence",
    "StartTime": "start_time",
}
_OVERRIDE_RULE_ARGS = {
    "RotationId": "rotation",
    "NewContactIds": "members",
    "StartTime": "start",
    "EndTime": "end",
}


def _rotation_field(violation: Violation, tags: list[tuple[Any, Any]]) -> str:
    head, *rest = violation.parts
    if head == "Tags":
        return tag_field(rest, tags) or "tags"
    return python_path(violation.parts, _ROTATION_ARGS)


def _member_arns(store: Store, members: Any, problems: list[str]) -> list[Any]:
    if isinstance(members, (str, bytes, Mapping)) or not isinstance(members, Sequence):
        problems.append(f"members must be a list of contact aliases or ARNs, got {members!r}")
        return []
    arns = []
    for index, member in enumerate(members):
        try:
            arns.append(_refs.contact_arn_in(store, member))
        except _refs.Unresolved:
            problems.append(f"members[{index}] {member!r} is not the alias of a contact")
    return arns


def add_rotation(
    store: Store,
    quotas: Quotas,
    now: datetime.datetime,
    *,
    name: Any,
    members: Any,
    time_zone: Any,
    recurrence: Any,
    start_time: Any = None,
    tags: Any = None,
) -> RotationState:
    __tracebackhide__ = True
    problems: list[str] = []
    contact_arns = _member_arns(store, members, problems)
    if problems:
        # The shape check would judge the half-resolved list: report the members alone.
        raise fail("add_rotation", problems)
    start = now
    try:
        start = parse_start_time(start_time) or now
    except (TypeError, ValueError) as exc:
        problems.append(str(exc))
    tags_given = tag_items(tags, problems)
    request = {
        "Name": name,
        "ContactIds": contact_arns,
        "TimeZoneId": time_zone,
        "Recurrence": recurrence,
    }
    if tags_given:
        request["Tags"] = [{"Key": k, "Value": v} for k, v in tags_given]
    for violation in validate(_model.input_shape("CreateRotation"), request):
        problems.append(describe(_rotation_field(violation, tags_given), violation))
    if problems:
        raise fail("add_rotation", problems)
    try:
        return _rotation_rules.create(
            store,
            quotas,
            name=name,
            contact_ids=contact_arns,
            time_zone=time_zone,
            recurrence=recurrence,
            start_time=start,
            tags=dict(tags_given),
            start_defaulted=start_time is None,
        )
    except ServiceError as exc:
        raise service_failure("add_rotation", exc, _ROTATION_RULE_ARGS) from None


def add_override(
    store: Store,
    quotas: Quotas,
    now: datetime.datetime,
    rotation: RotationState,
    *,
    members: Any,
    start: Any,
    end: Any,
) -> OverrideState:
    __tracebackhide__ = True
    problems: list[str] = []
    contact_arns = _member_arns(store, members, problems)
    try:
        start_at = parse_start_time(start)
    except (TypeError, ValueError) as exc:
        problems.append(str(exc).replace("start_time", "start"))
        start_at = None
    try:
        end_at = parse_start_time(end)
    except (TypeError, ValueError) as exc:
        problems.append(str(exc).replace("start_time", "end"))
        end_at = None
    if start_at is None or end_at is None:
        if start is None:
            problems.append("start is required")
        if end is None:
            problems.append("end is required")
    if problems:
        raise fail("add_override", problems)
    assert start_at is not None
    assert end_at is not None
    request = {
        "RotationId": rotation.arn,
        "NewContactIds": contact_arns,
        "StartTime": start_at.timestamp(),
        "EndTime": end_at.timestamp(),
    }
    for violation in validate(_model.input_shape("CreateRotationOverride"), request):
        field = python_path(violation.parts, _OVERRIDE_RULE_ARGS)
        problems.append(describe(field, violation))
    if problems:
        raise fail("add_override", problems)
    try:
        return _rotation_rules.create_override(
            quotas, now, rotation, contact_ids=contact_arns, start=start_at, end=end_at
        )
    except ServiceError as exc:
        raise service_failure("add_override", exc, _OVERRIDE_RULE_ARGS) from None
