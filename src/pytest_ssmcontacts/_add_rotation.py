"""``add_rotation`` and ``add_override``: friendly arguments, the API's rules.

Members may be given by alias or ARN; the arguments are checked against the
CreateRotation / CreateRotationOverride input shapes of the loaded model and the
same semantic rules the API applies. Failures are ValueErrors naming the argument.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping, Sequence
from typing import Any, Callable

from . import _model
from ._arguments import describe, fail, python_path, rule_of, tag_field, tag_items
from ._clock import parse_start_time
from ._errors import ServiceError
from ._service import _arns, rotations
from ._service._store import OverrideState, RotationState, Store
from ._service._times import later
from ._validation import Violation, validate

_ROTATION_ARGS = {
    "Name": "name",
    "ContactIds": "members",
    "TimeZoneId": "time_zone",
    "Recurrence": "recurrence",
    "StartTime": "start_time",
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
        if isinstance(member, str) and not member.startswith("arn:"):
            contact = store.contacts.get(member)
            if contact is None:
                problems.append(f"members[{index}] {member!r} is not the alias of a contact")
                continue
            arns.append(contact.arn)
        else:
            arns.append(getattr(member, "arn", member))
    return arns


def add_rotation(
    store: Store,
    now: datetime.datetime,
    *,
    name: Any,
    members: Any,
    time_zone: Any,
    recurrence: Any,
    start_time: Any = None,
    tags: Any = None,
) -> RotationState:
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
    for arn in contact_arns:
        contact = store.contact_by_arn(arn)
        if contact is None:
            raise fail("add_rotation", [f"members: no contact {arn}"])
        if contact.type != "PERSONAL":
            raise fail(
                "add_rotation", [f"members: {contact.alias!r} is {contact.type}, not PERSONAL"]
            )
    if len(set(contact_arns)) != len(contact_arns):
        raise fail("add_rotation", ["members must not repeat a contact"])
    checks: tuple[tuple[str, Callable[[], None]], ...] = (
        ("time_zone", lambda: rotations.check_time_zone(time_zone)),
        ("recurrence", lambda: rotations.check_recurrence(recurrence, len(contact_arns))),
    )
    for argument, check in checks:
        try:
            check()
        except ServiceError as exc:
            raise fail("add_rotation", [f"{argument}: {rule_of(exc)}"]) from None
    rotation = RotationState(
        arn=store.arn(f"rotation/{_arns.new_id()}"),
        name=name,
        contact_arns=contact_arns,
        start_time=start,
        time_zone=time_zone,
        recurrence=copy.deepcopy(dict(recurrence)),
        tags=dict(tags_given),
    )
    store.rotations[rotation.arn] = rotation
    return rotation


def add_override(
    store: Store,
    now: datetime.datetime,
    rotation: RotationState,
    *,
    members: Any,
    start: Any,
    end: Any,
) -> OverrideState:
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
    if end_at - start_at < rotations.MIN_WINDOW:
        problems.append("end must be at least 30 minutes after start")
    horizon = later(now, rotations.OVERRIDE_HORIZON)
    if horizon is not None and start_at > horizon:
        problems.append("start must be at most six months ahead, as for CreateRotationOverride")
    for arn in contact_arns:
        if arn not in rotation.contact_arns:
            problems.append(f"members: {arn} is not a member of rotation {rotation.name!r}")
    if problems:
        raise fail("add_override", problems)
    override = OverrideState(
        id=_arns.new_id(),
        rotation_arn=rotation.arn,
        contact_arns=contact_arns,
        start=start_at,
        end=end_at,
        create_time=now,
    )
    rotation.overrides[override.id] = override
    return override
