"""Rotations, their overrides and shifts; who is on call for a schedule."""

from __future__ import annotations

import copy
import datetime
import re
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from .._errors import existing, in_use, invalid
from .._quotas import exceeded as quota_exceeded
from ..records import Rotation, RotationOverride
from . import _arns, _idempotency, _pagination, _shifts, contacts
from ._output import compact
from ._registry import Request, handles
from ._store import ContactState, OverrideState, RotationState, Store
from ._times import from_epoch, later
from .tags import tags_of

MIN_WINDOW = datetime.timedelta(minutes=30)
OVERRIDE_HORIZON = datetime.timedelta(days=183)
# Abbreviations such as PST or EST name a fixed offset, not a zone with DST rules.
_ABBREVIATION = re.compile(r"^[A-Z]{3,5}[0-9]*$")


def record(rotation: RotationState) -> Rotation:
    return Rotation(
        arn=rotation.arn,
        name=rotation.name,
        contact_arns=tuple(rotation.contact_arns),
        start_time=rotation.start_time,
        time_zone=rotation.time_zone,
        recurrence=copy.deepcopy(rotation.recurrence),
        tags=dict(rotation.tags),
    )


def override_record(override: OverrideState) -> RotationOverride:
    return RotationOverride(
        id=override.id,
        rotation_arn=override.rotation_arn,
        contact_arns=tuple(override.contact_arns),
        start=override.start,
        end=override.end,
        create_time=override.create_time,
    )


def lookup(store: Store, rotation_id: str) -> RotationState:
    return existing(store.rotations, rotation_id, "ROTATION")


def check_time_zone(name: str) -> None:
    if _ABBREVIATION.match(name) and name not in ("UTC", "GMT"):
        raise invalid(
            f"TimeZoneId {name} is an abbreviation; use an IANA zone such as America/Los_Angeles"
        )
    try:
        _shifts.zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise invalid(f"TimeZoneId {name} is not a known IANA time zone") from None


def check_recurrence(recurrence: dict[str, Any], member_count: int) -> None:
    kinds = [k for k in ("DailySettings", "WeeklySettings", "MonthlySettings") if recurrence.get(k)]
    if len(kinds) != 1:
        raise invalid(
            "Recurrence needs exactly one non-empty list among DailySettings, WeeklySettings and "
            "MonthlySettings"
        )
    if recurrence["NumberOfOnCalls"] > member_count:
        raise invalid(
            f"NumberOfOnCalls ({recurrence['NumberOfOnCalls']}) cannot exceed the number of "
            f"contacts ({member_count})"
        )
    for day, windows in (recurrence.get("ShiftCoverages") or {}).items():
        for window in windows:
            (start_h, start_m), (end_h, end_m) = _shifts.window_times(window)
            minutes = (end_h * 60 + end_m) - (start_h * 60 + start_m)
            if minutes <= 0:
                minutes += 24 * 60  # runs past midnight
            if minutes < 30:
                raise invalid(f"ShiftCoverages window on {day} must last at least 30 minutes")


def _check_members(store: Store, contact_ids: list[str]) -> None:
    if len(set(contact_ids)) != len(contact_ids):
        raise invalid("ContactIds must not repeat a contact")
    for contact_id in contact_ids:
        contact = contacts.lookup(store, contact_id)
        if contact.type != "PERSONAL":
            raise invalid(
                f"Contact {contact_id} is {contact.type}; rotations take PERSONAL contacts"
            )


def recurrence_of(rotation: RotationState) -> _shifts.Recurrence:
    return _shifts.Recurrence(
        rotation.recurrence, _shifts.zone(rotation.time_zone), rotation.start_time
    )


def overrides_of(rotation: RotationState) -> list[_shifts.Override]:
    ordered = sorted(rotation.overrides.values(), key=lambda o: o.create_time)
    return [_shifts.Override(o.start, o.end, tuple(o.contact_arns)) for o in ordered]


def on_call_arns(rotation: RotationState, at: datetime.datetime) -> tuple[str, ...]:
    return _shifts.on_call_at(
        members=rotation.contact_arns,
        on_call=rotation.recurrence["NumberOfOnCalls"],
        recurrence=recurrence_of(rotation),
        coverage=rotation.recurrence.get("ShiftCoverages"),
        overrides=overrides_of(rotation),
        at=at,
    )


def on_call(store: Store, schedule: ContactState, at: datetime.datetime) -> list[ContactState]:
    """Who an on-call schedule engages at ``at``: every rotation's current shift, deduplicated."""
    seen: dict[str, ContactState] = {}
    for rotation_id in schedule.plan.get("RotationIds") or []:
        rotation = store.rotations.get(rotation_id)
        if rotation is None:
            continue
        for arn in on_call_arns(rotation, at):
            contact = store.contact_by_arn(arn)
            if contact is not None and arn not in seen:
                seen[arn] = contact
    return list(seen.values())


def _recurrence_output(recurrence: dict[str, Any]) -> dict[str, Any]:
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


@handles("CreateRotation")
def create_rotation(request: Request) -> dict[str, Any]:
    params = request.params
    replayed = _idempotency.replay(request)
    if replayed is not None:
        return replayed
    store = request.store
    contact_ids = params["ContactIds"]
    _check_members(store, contact_ids)
    check_time_zone(params["TimeZoneId"])
    check_recurrence(params["Recurrence"], len(contact_ids))
    quota = request.backend.quotas.rotations
    if len(store.rotations) >= quota:
        raise quota_exceeded(
            "rotations",
            f"You have reached the limit of {quota} rotations in this Region",
            resource_type="ROTATION",
        )
    start = params.get("StartTime")
    rotation = RotationState(
        arn=store.arn(f"rotation/{_arns.new_id()}"),
        name=params["Name"],
        contact_arns=list(contact_ids),
        start_time=from_epoch(start, "StartTime") if start is not None else request.now,
        time_zone=params["TimeZoneId"],
        recurrence=params["Recurrence"],
        tags=tags_of(params.get("Tags")),
    )
    store.rotations[rotation.arn] = rotation
    response = {"RotationArn": rotation.arn}
    _idempotency.remember(request, response)
    return response


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
        _check_members(store, contact_ids)
    time_zone = params.get("TimeZoneId")
    if time_zone is not None:
        check_time_zone(time_zone)
    members = contact_ids if contact_ids is not None else rotation.contact_arns
    check_recurrence(params["Recurrence"], len(members))
    start = params.get("StartTime")
    start_time = from_epoch(start, "StartTime") if start is not None else rotation.start_time
    # Everything is checked: only now does the rotation change (a failed call changes nothing).
    rotation.recurrence = params["Recurrence"]
    rotation.contact_arns = list(members)
    if time_zone is not None:
        rotation.time_zone = time_zone
    rotation.start_time = start_time
    return {}


@handles("DeleteRotation")
def delete_rotation(request: Request) -> dict[str, Any]:
    store = request.store
    rotation = lookup(store, request.params["RotationId"])
    schedules = store.schedules_with_rotation(rotation.arn)
    if schedules:
        raise in_use(
            f"Rotation {rotation.arn} is used by {len(schedules)} on-call schedule(s); "
            "remove it from their plans first",
            "ROTATION",
            rotation.arn,
            "ONCALL_SCHEDULE",
            schedules,
        )
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
    recurrence: dict[str, Any],
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


@handles("ListPreviewRotationShifts")
def list_preview_rotation_shifts(request: Request) -> dict[str, Any]:
    params = request.params
    members = params["Members"]
    check_time_zone(params["TimeZoneId"])
    check_recurrence(params["Recurrence"], len(members))
    rotation_start = params.get("RotationStartTime")
    start = (
        from_epoch(rotation_start, "RotationStartTime")
        if rotation_start is not None
        else request.now
    )
    overrides = []
    for index, override in enumerate(params.get("Overrides") or []):
        if override.get("StartTime") is None or override.get("EndTime") is None:
            raise invalid(f"Overrides[{index}] needs StartTime and EndTime")
        o_start = from_epoch(override["StartTime"], f"Overrides[{index}].StartTime")
        o_end = from_epoch(override["EndTime"], f"Overrides[{index}].EndTime")
        if o_end <= o_start:
            raise invalid(f"Overrides[{index}] EndTime must be after StartTime")
        overrides.append(_shifts.Override(o_start, o_end, tuple(override.get("NewMembers") or [])))
    return _page_of_shifts(
        request,
        members=members,
        recurrence=params["Recurrence"],
        calendar=_shifts.Recurrence(
            params["Recurrence"], _shifts.zone(params["TimeZoneId"]), start
        ),
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


def _lookup_override(rotation: RotationState, override_id: str) -> OverrideState:
    return existing(rotation.overrides, override_id, "ROTATION_OVERRIDE")


@handles("CreateRotationOverride")
def create_rotation_override(request: Request) -> dict[str, Any]:
    params = request.params
    rotation = lookup(request.store, params["RotationId"])
    replayed = _idempotency.replay(request)
    if replayed is not None:
        return replayed
    start, end = (
        from_epoch(params["StartTime"], "StartTime"),
        from_epoch(params["EndTime"], "EndTime"),
    )
    if end <= start:
        raise invalid("EndTime must be after StartTime")
    if end - start < MIN_WINDOW:
        raise invalid("An override must last at least 30 minutes")
    horizon = later(request.now, OVERRIDE_HORIZON)
    if horizon is not None and start > horizon:
        raise invalid("An override can start at most six months ahead")
    for contact_id in params["NewContactIds"]:
        if contact_id not in rotation.contact_arns:
            raise invalid(f"Contact {contact_id} is not a member of rotation {rotation.arn}")
    quota = request.backend.quotas.overrides_per_rotation
    if len(rotation.overrides) >= quota:
        raise quota_exceeded(
            "overrides_per_rotation",
            f"A rotation can have at most {quota} overrides",
            resource_id=rotation.arn,
            resource_type="ROTATION",
        )
    override = OverrideState(
        id=_arns.new_id(),
        rotation_arn=rotation.arn,
        contact_arns=list(params["NewContactIds"]),
        start=start,
        end=end,
        create_time=request.now,
    )
    rotation.overrides[override.id] = override
    response = {"RotationOverrideId": override.id}
    _idempotency.remember(request, response)
    return response


@handles("GetRotationOverride")
def get_rotation_override(request: Request) -> dict[str, Any]:
    rotation = lookup(request.store, request.params["RotationId"])
    return _override_output(_lookup_override(rotation, request.params["RotationOverrideId"]))


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
    override = _lookup_override(rotation, request.params["RotationOverrideId"])
    del rotation.overrides[override.id]
    return {}
