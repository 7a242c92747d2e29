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
from ._clock import parse_start_time
from ._errors import ServiceError
from ._service import _arns, rotations
from ._service._store import OverrideState, RotationState, Store
from ._validation import Violation, validate

_ROTATION_ARGS = {
    "Name": "name",
    "ContactIds": "members",
    "TimeZoneId": "time_zone",
    "Recurrence": "recurrence",
    "StartTime": "start_time",
}


def _describe(function: str, field: str, violation: Violation) -> str:
    if violation.value is None:
        return f"{field} is required"
    return f"{field} {violation.value!r} {violation.rule}"


def _field(parts: Sequence[Any], names: Mapping[str, str]) -> str:
    head, *rest = parts
    return names.get(str(head), str(head)) + "".join(f"[{part!r}]" for part in rest)


def _rotation_field(violation: Violation, tags: Any) -> str:
    head, *rest = violation.parts
    if head == "Tags" and len(rest) == 2 and isinstance(rest[0], int):
        key = list(tags)[rest[0]]
        return f"tags key {key!r}" if rest[1] == "Key" else f"tags[{key!r}]"
    return _field(violation.parts, _ROTATION_ARGS)


def _member_arns(function: str, store: Store, members: Any, problems: list[str]) -> list[Any]:
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


def _fail(function: str, problems: list[str]) -> ValueError:
    return ValueError(f"{function}(): " + "; ".join(problems))


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
    contact_arns = _member_arns("add_rotation", store, members, problems)
    if problems:
        # The shape check would judge the half-resolved list: report the members alone.
        raise _fail("add_rotation", problems)
    start = now
    try:
        start = parse_start_time(start_time) or now
    except (TypeError, ValueError) as exc:
        problems.append(str(exc))
    if tags is not None and not isinstance(tags, Mapping):
        problems.append(f"tags must be a dict of tag keys to values, got {tags!r}")
        tags = None
    request = {
        "Name": name,
        "ContactIds": contact_arns,
        "TimeZoneId": time_zone,
        "Recurrence": recurrence,
    }
    if tags:
        request["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    shape = _model.operation_model("CreateRotation").input_shape
    for violation in validate(shape, request):
        problems.append(_describe("add_rotation", _rotation_field(violation, tags), violation))
    if problems:
        raise _fail("add_rotation", problems)
    for arn in contact_arns:
        contact = store.contact_by_arn(arn)
        if contact is None:
            raise _fail("add_rotation", [f"members: no contact {arn}"])
        if contact.type != "PERSONAL":
            raise _fail(
                "add_rotation", [f"members: {contact.alias!r} is {contact.type}, not PERSONAL"]
            )
    if len(set(contact_arns)) != len(contact_arns):
        raise _fail("add_rotation", ["members must not repeat a contact"])
    checks: tuple[tuple[str, Callable[[], None]], ...] = (
        ("time_zone", lambda: rotations.check_time_zone(time_zone)),
        ("recurrence", lambda: rotations.check_recurrence(recurrence, len(contact_arns))),
    )
    for argument, check in checks:
        try:
            check()
        except ServiceError as exc:
            detail = exc.message.removeprefix("Invalid value provided - ")
            raise _fail("add_rotation", [f"{argument}: {detail}"]) from None
    rotation = RotationState(
        arn=store.arn(f"rotation/{_arns.new_id()}"),
        name=name,
        contact_arns=contact_arns,
        start_time=start,
        time_zone=time_zone,
        recurrence=copy.deepcopy(dict(recurrence)),
        tags=dict(tags or {}),
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
    contact_arns = _member_arns("add_override", store, members, problems)
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
        raise _fail("add_override", problems)
    assert start_at is not None
    assert end_at is not None
    if end_at - start_at < rotations.MIN_WINDOW:
        problems.append("end must be at least 30 minutes after start")
    if start_at > now + rotations.OVERRIDE_HORIZON:
        problems.append("start must be at most six months ahead, as for CreateRotationOverride")
    for arn in contact_arns:
        if arn not in rotation.contact_arns:
            problems.append(f"members: {arn} is not a member of rotation {rotation.name!r}")
    if problems:
        raise _fail("add_override", problems)
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
