"""Rotations, their overrides and shifts; who is on call for a schedule."""

from __future__ import annotations

import copy
import datetime
import functools
import re
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from .. import _model
from .._errors import about, existing, invalid
from .._patterns import compile_pattern
from .._quotas import Quotas
from .._quotas import exceeded as quota_exceeded
from ..records import Rotation, RotationOverride
from . import _arns, _pagination, _shifts, contacts
from ._registry import Request, compact, handles
from ._store import ContactState, OverrideState, RotationState, Store
from ._times import EARLIEST, LATEST, from_epoch
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
        # The record's converters take read-only deep copies.
        recurrence=rotation.recurrence,
        tags=rotation.tags,
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


@functools.cache
def max_on_call() -> int:
    """How many contacts one shift can name: the model's limit on RotationShift.ContactIds."""
    shift = _model.service_model().shape_for("RotationShift")
    return int(shift.members["ContactIds"].metadata["max"])


def check_on_call_count(count: int, what: str) -> None:
    """Refuse ``count`` contacts on call at once where no shift record could list them."""
    limit = max_on_call()
    if count > limit:
        raise invalid(f"{what} ({count}) cannot exceed {limit}, the most contacts a shift can list")


def check_recurrence(recurrence: dict[str, Any], member_count: int) -> None:
    kinds = [k for k in ("DailySettings", "WeeklySettings", "MonthlySettings") if recurrence.get(k)]
    if len(kinds) != 1:
        raise invalid(
            "Recurrence needs exactly one non-empty list among DailySettings, WeeklySettings and "
            "MonthlySettings"
        )
    check_on_call_count(recurrence["NumberOfOnCalls"], "NumberOfOnCalls")
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


def check_rotation_start(start: datetime.datetime, member: str, *, defaulted: bool) -> None:
    """Shifts are computed for 1970 to 3000; a rotation must start inside those years."""
    if EARLIEST <= start < LATEST:
        return
    if defaulted:
        raise invalid(
            f"{member} defaults to the current time, {start.isoformat()}, which is outside the "
            f"years 1970 to 3000 that shifts are computed for; pass {member}"
        )
    raise invalid(f"{member} must be a time between 1970 and 3000, got {start.isoformat()}")


def check_on_call_time(at: datetime.datetime, *, defaulted: bool) -> None:
    """The fixture's on_call() names instants shifts are computed for, or says why not."""
    if EARLIEST <= at < LATEST:
        return
    if defaulted:
        raise ValueError(
            f"on_call(): the fake's clock stands at {at.isoformat()}, outside the years 1970 to "
            "3000 that shifts are computed for; pass at"
        )
    raise ValueError(
        f"on_call(): at must be between 1970-01-01 and 3000-01-01 (UTC), the years shifts "
        f"are computed for; got {at.isoformat()}"
    )


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


def create(
    store: Store,
    quotas: Quotas,
    *,
    name: str,
    contact_ids: list[str],
    time_zone: str,
    recurrence: dict[str, Any],
    start_time: datetime.datetime,
    tags: dict[str, str],
    start_defaulted: bool = False,
) -> RotationState:
    """CreateRotation's rules, then the new rotation: the API and ``add_rotation()`` come here.

    ``start_defaulted``: ``start_time`` is the current time, not one the caller gave.
    An error is marked with the request member it is about.
    """
    with about("StartTime"):
        check_rotation_start(start_time, "StartTime", defaulted=start_defaulted)
    with about("ContactIds"):
        _check_members(store, contact_ids)
    with about("TimeZoneId"):
        check_time_zone(time_zone)
    with about("Recurrence"):
        check_recurrence(recurrence, len(contact_ids))
    if len(store.rotations) >= quotas.rotations:
        raise quota_exceeded(
            "rotations",
            f"You have reached the limit of {quotas.rotations} rotations in this Region",
            resource_type="ROTATION",
        )
    rotation = RotationState(
        arn=store.arn(f"rotation/{_arns.new_id()}"),
        name=name,
        contact_arns=list(contact_ids),
        start_time=start_time,
        time_zone=time_zone,
        recurrence=copy.deepcopy(recurrence),
        tags=dict(tags),
    )
    store.rotations[rotation.arn] = rotation
    return rotation


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


# The characters an ARN's resource part may hold, after the model's SsmContactsArn pattern.
_RESOURCE_NAME = re.compile(r"[A-Za-z0-9_+=/,.@:-]+")


@functools.cache
def _contact_arn_pattern() -> re.Pattern[str]:
    pattern = _model.service_model().shape_for("SsmContactsArn").metadata["pattern"]
    return compile_pattern(pattern)


def _preview_member(store: Store, member: str, label: str) -> str:
    """The contact ARN a preview lists for ``member``.

    Shift records name contacts by ARN (the model's pattern), so an ARN is kept as it
    is and anything else is read as a contact alias of the caller's account and Region.
    The preview is hypothetical: the contact need not exist.
    """
    if member.startswith("arn:"):
        if not _contact_arn_pattern().search(member):
            raise invalid(f"{label} {member} is not a valid contact ARN")
        return member
    if not _RESOURCE_NAME.fullmatch(member):
        raise invalid(f"{label} {member!r} is neither a contact ARN nor a contact alias")
    return contacts.contact_arn(store, member)


@handles("ListPreviewRotationShifts")
def list_preview_rotation_shifts(request: Request) -> dict[str, Any]:
    params = request.params
    members = [
        _preview_member(request.store, member, f"Members[{index}]")
        for index, member in enumerate(params["Members"])
    ]
    check_time_zone(params["TimeZoneId"])
    check_recurrence(params["Recurrence"], len(members))
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


def create_override(
    quotas: Quotas,
    now: datetime.datetime,
    rotation: RotationState,
    *,
    contact_ids: list[str],
    start: datetime.datetime,
    end: datetime.datetime,
) -> OverrideState:
    """CreateRotationOverride's rules, then the override: the API and ``add_override()``.

    An error is marked with the request member it is about.
    """
    with about("EndTime"):
        if end <= start:
            raise invalid("EndTime must be after StartTime")
        if end - start < MIN_WINDOW:
            raise invalid("EndTime must be at least 30 minutes after StartTime")
    with about("StartTime"):
        # Subtracting keeps a clock near datetime's limits from overflowing.
        if start - now > OVERRIDE_HORIZON:
            raise invalid("StartTime must be at most six months ahead")
    with about("NewContactIds"):
        check_on_call_count(len(contact_ids), "The number of NewContactIds")
        for contact_id in contact_ids:
            if contact_id not in rotation.contact_arns:
                raise invalid(f"Contact {contact_id} is not a member of rotation {rotation.arn}")
    quota = quotas.overrides_per_rotation
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
        contact_arns=list(contact_ids),
        start=start,
        end=end,
        create_time=now,
    )
    rotation.overrides[override.id] = override
    return override


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
