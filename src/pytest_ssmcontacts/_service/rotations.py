"""The rotation operations: rotations, their overrides and shifts, on the wire."""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

from .. import _arns, _model
from .._errors import invalid
from .._frozen import frozen_copy
from .._patterns import Matcher, compile_pattern
from . import _contact_rules, _pagination, _shifts
from ._oncall import overrides_of, recurrence_of
from ._registry import Request, compact, handles
from ._rotation_rules import (
    check_members,
    check_on_call_count,
    check_recurrence,
    check_rotation_start,
    check_time_zone,
    create,
    create_override,
    lookup,
    lookup_override,
)
from ._shapes import Recurrence
from ._store import OverrideState, RotationState, Store
from ._tag_rules import tags_of
from ._times import from_epoch


def _recurrence_output(recurrence: Recurrence) -> dict[str, Any]:
    return {k: v for k, v in recurrence.items() if v not in (None, [], {})}


def rotation_output(rotation: RotationState) -> dict[str, Any]:
    return {
        "RotationArn": rotation.arn,
        "Name": rotation.name,
        "ContactIds": list(rotation.contact_arns),
        "StartTime": rotation.start_time,
        "TimeZoneId": rotation.time_zone,
        "Recurrence": _recurrence_output(rotation.recurrence),
    }


# -- rotations -------------------------------------------------------------------


@handles("CreateRotation", idempotent=True)
def create_rotation(request: Request) -> dict[str, Any]:
    params = request.params
    start = params.get("StartTime")
    rotation = create(
        request.store,
        request.backend.quotas,
        name=params["Name"],
        contact_ids=params["ContactIds"],
        start_defaulted=start is None,
        time_zone=params["TimeZoneId"],
        recurrence=params["Recurrence"],
        start_time=from_epoch(start, "StartTime") if start is not None else request.now,
        tags=tags_of(params.get("Tags")),
    )
    return {"RotationArn": rotation.arn}


@handles("GetRotation")
def get_rotation(request: Request) -> dict[str, Any]:
    return rotation_output(lookup(request.store, request.params["RotationId"]))


@handles("UpdateRotation")
def update_rotation(request: Request) -> dict[str, Any]:
    params = request.params
    store = request.store
    rotation = lookup(store, params["RotationId"])
    contact_ids = params.get("ContactIds")
    if contact_ids is not None:
        check_members(store, contact_ids)
    time_zone = params.get("TimeZoneId")
    if time_zone is not None:
        check_time_zone(time_zone)
    members = contact_ids if contact_ids is not None else rotation.contact_arns
    recurrence: Recurrence = params["Recurrence"]
    check_recurrence(recurrence, len(members))
    start = params.get("StartTime")
    start_time = from_epoch(start, "StartTime") if start is not None else rotation.start_time
    # Everything is checked: only now does the rotation change (a failed call changes nothing).
    rotation.recurrence = frozen_copy(recurrence)  # the call log keeps the request's
    rotation.contact_arns = list(members)
    if time_zone is not None:
        rotation.time_zone = time_zone
    rotation.start_time = start_time
    return {}


@handles("DeleteRotation")
def delete_rotation(request: Request) -> dict[str, Any]:
    store = request.store
    rotation = lookup(store, request.params["RotationId"])
    # The API Reference: a rotation that belongs to several on-call schedules is
    # deleted from all of them. Its overrides go with it.
    for schedule_arn in store.schedules_with_rotation(rotation.arn):
        schedule = store.contact_by_arn(schedule_arn)
        if schedule is not None:
            schedule.plan["RotationIds"] = [
                arn for arn in schedule.plan["RotationIds"] if arn != rotation.arn
            ]
    del store.rotations[rotation.arn]
    return {}


@handles("ListRotations")
def list_rotations(request: Request) -> dict[str, Any]:
    prefix = request.params.get("RotationNamePrefix") or ""
    keyed = sorted(
        (f"{r.name}\x00{r.arn}", r)
        for r in request.store.rotations.values()
        if r.name.startswith(prefix)
    )
    page, token = _pagination.by_key(request, keyed)
    return compact(Rotations=[rotation_output(r) for r in page], NextToken=token)


# -- shifts --------------------------------------------------------------------------


def _window(
    request: Request, default_start: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    start = request.params.get("StartTime")
    window_start = from_epoch(start, "StartTime") if start is not None else default_start
    window_end = from_epoch(request.params["EndTime"], "EndTime")
    if window_end <= window_start:
        raise invalid("EndTime must be after StartTime")
    return window_start, window_end


def _shift_output(record: _shifts.ShiftRecord) -> dict[str, Any]:
    return compact(
        ContactIds=list(record.contacts),
        StartTime=record.start,
        EndTime=record.end,
        Type=record.type,
        ShiftDetails=(
            {"OverriddenContactIds": list(record.overridden)}
            if record.overridden is not None
            else None
        ),
    )


def _page_of_shifts(
    request: Request,
    *,
    members: list[str],
    recurrence: Recurrence,
    calendar: _shifts.Recurrence,
    overrides: list[_shifts.Override],
    window: tuple[datetime.datetime, datetime.datetime],
) -> dict[str, Any]:
    resume = _pagination.resume_point(request)
    size = _pagination.page_size(request)
    out: list[dict[str, Any]] = []
    token = None
    for position, record in _shifts.shifts(
        members=members,
        on_call=recurrence["NumberOfOnCalls"],
        recurrence=calendar,
        coverage=recurrence.get("ShiftCoverages"),
        overrides=overrides,
        window_start=window[0],
        window_end=window[1],
        resume=resume,
    ):
        if len(out) == size:
            token = _pagination.token_for(request, list(position))
            break
        out.append(_shift_output(record))
    return compact(RotationShifts=out, NextToken=token)


@handles("ListRotationShifts")
def list_rotation_shifts(request: Request) -> dict[str, Any]:
    rotation = lookup(request.store, request.params["RotationId"])
    return _page_of_shifts(
        request,
        members=rotation.contact_arns,
        recurrence=rotation.recurrence,
        calendar=recurrence_of(rotation),
        overrides=overrides_of(rotation),
        window=_window(request, request.now),
    )


# The characters an ARN's resource part may hold, after the model's SsmContactsArn pattern.
_RESOURCE_NAME = re.compile(r"[A-Za-z0-9_+=/,.@:-]+")


@functools.cache
def _contact_arn_pattern() -> Matcher:
    pattern = _model.service_model().shape_for("SsmContactsArn").metadata["pattern"]
    return compile_pattern(pattern)


def _preview_member(store: Store, member: str, label: str) -> str:
    """The contact ARN a preview lists for ``member``.

    Shift records name contacts by ARN (the model's pattern), so an ARN is kept as it
    is and anything else is read as a contact alias of the caller's account and Region.
    The preview is hypothetical: the contact need not exist.
    """
    if _arns.is_arn(member):
        if not _contact_arn_pattern().search(member):
            raise invalid(f"{label} {member} is not a valid contact ARN")
        return member
    if not _RESOURCE_NAME.fullmatch(member):
        raise invalid(f"{label} {member!r} is neither a contact ARN nor a contact alias")
    return _contact_rules.contact_arn(store, member)


@handles("ListPreviewRotationShifts")
def list_preview_rotation_shifts(request: Request) -> dict[str, Any]:
    params = request.params
    members = [
        _preview_member(request.store, member, f"Members[{index}]")
        for index, member in enumerate(params["Members"])
    ]
    recurrence: Recurrence = params["Recurrence"]
    check_time_zone(params["TimeZoneId"])
    check_recurrence(recurrence, len(members))
    rotation_start = params.get("RotationStartTime")
    start = (
        from_epoch(rotation_start, "RotationStartTime")
        if rotation_start is not None
        else request.now
    )
    check_rotation_start(start, "RotationStartTime", defaulted=rotation_start is None)
    overrides = []
    for index, override in enumerate(params.get("Overrides") or []):
        if override.get("StartTime") is None or override.get("EndTime") is None:
            raise invalid(f"Overrides[{index}] needs StartTime and EndTime")
        o_start = from_epoch(override["StartTime"], f"Overrides[{index}].StartTime")
        o_end = from_epoch(override["EndTime"], f"Overrides[{index}].EndTime")
        if o_end <= o_start:
            raise invalid(f"Overrides[{index}] EndTime must be after StartTime")
        new_members = override.get("NewMembers") or []
        check_on_call_count(len(new_members), f"The number of Overrides[{index}].NewMembers")
        overrides.append(
            _shifts.Override(
                o_start,
                o_end,
                tuple(
                    _preview_member(request.store, member, f"Overrides[{index}].NewMembers[{i}]")
                    for i, member in enumerate(new_members)
                ),
            )
        )
    return _page_of_shifts(
        request,
        members=members,
        recurrence=recurrence,
        calendar=_shifts.Recurrence(recurrence, _shifts.zone(params["TimeZoneId"]), start),
        overrides=overrides,
        window=_window(request, start),
    )


# -- overrides -------------------------------------------------------------------


def _override_output(override: OverrideState) -> dict[str, Any]:
    return {
        "RotationOverrideId": override.id,
        "RotationArn": override.rotation_arn,
        "NewContactIds": list(override.contact_arns),
        "StartTime": override.start,
        "EndTime": override.end,
        "CreateTime": override.create_time,
    }


@handles("CreateRotationOverride", idempotent=True)
def create_rotation_override(request: Request) -> dict[str, Any]:
    params = request.params
    rotation = lookup(request.store, params["RotationId"])
    override = create_override(
        request.backend.quotas,
        request.now,
        rotation,
        contact_ids=params["NewContactIds"],
        start=from_epoch(params["StartTime"], "StartTime"),
        end=from_epoch(params["EndTime"], "EndTime"),
    )
    return {"RotationOverrideId": override.id}


@handles("GetRotationOverride")
def get_rotation_override(request: Request) -> dict[str, Any]:
    rotation = lookup(request.store, request.params["RotationId"])
    return _override_output(lookup_override(rotation, request.params["RotationOverrideId"]))


@handles("ListRotationOverrides")
def list_rotation_overrides(request: Request) -> dict[str, Any]:
    rotation = lookup(request.store, request.params["RotationId"])
    window_start, window_end = _window(request, request.now)
    matching = sorted(
        (o for o in rotation.overrides.values() if o.end > window_start and o.start < window_end),
        key=lambda o: (o.start, o.create_time),
    )
    page, token = _pagination.by_position(request, matching)
    return compact(
        RotationOverrides=[
            {k: v for k, v in _override_output(o).items() if k != "RotationArn"} for o in page
        ],
        NextToken=token,
    )


@handles("DeleteRotationOverride")
def delete_rotation_override(request: Request) -> dict[str, Any]:
    rotation = lookup(request.store, request.params["RotationId"])
    override = lookup_override(rotation, request.params["RotationOverrideId"])
    del rotation.overrides[override.id]
    return {}
