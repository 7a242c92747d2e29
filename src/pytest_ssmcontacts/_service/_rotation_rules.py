"""Rotations and their overrides: the rules of creating them.

CreateRotation, CreateRotationOverride and the fixture's ``add_rotation()`` and
``add_override()`` all create through here, so each rule exists once.
"""

from __future__ import annotations

import datetime
import functools
import re
from zoneinfo import ZoneInfoNotFoundError

from .. import _arns, _model
from .._errors import about, existing, invalid
from .._frozen import frozen_copy
from .._quotas import Quotas
from .._quotas import exceeded as quota_exceeded
from . import _contact_rules, _shifts
from ._shapes import Recurrence
from ._store import OverrideState, RotationState, Store
from ._tag_rules import check_tag_count
from ._times import EARLIEST, LATEST

MIN_WINDOW = datetime.timedelta(minutes=30)


OVERRIDE_HORIZON = datetime.timedelta(days=183)


# Abbreviations such as PST or EST name a fixed offset, not a zone with DST rules.
_ABBREVIATION = re.compile(r"^[A-Z]{3,5}[0-9]*$")


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


def check_recurrence(recurrence: Recurrence, member_count: int) -> None:
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


def check_shift_time(instant: datetime.datetime, member: str) -> None:
    """Shifts are computed for 1970 to 3000: a rotation's start and an override's ends
    must lie inside those years."""
    if not EARLIEST <= instant < LATEST:
        raise invalid(f"{member} must be a time between 1970 and 3000, got {instant.isoformat()}")


def check_rotation_start(start: datetime.datetime, member: str, *, defaulted: bool) -> None:
    if defaulted and not EARLIEST <= start < LATEST:
        raise invalid(
            f"{member} defaults to the current time, {start.isoformat()}, which is outside the "
            f"years 1970 to 3000 that shifts are computed for; pass {member}"
        )
    check_shift_time(start, member)


def check_members(store: Store, contact_ids: list[str]) -> None:
    if len(set(contact_ids)) != len(contact_ids):
        raise invalid("ContactIds must not repeat a contact")
    for contact_id in contact_ids:
        contact = _contact_rules.lookup(store, contact_id)
        if contact.type != "PERSONAL":
            raise invalid(
                f"Contact {contact_id} is {contact.type}; rotations take PERSONAL contacts"
            )


def create(
    store: Store,
    quotas: Quotas,
    *,
    name: str,
    contact_ids: list[str],
    time_zone: str,
    recurrence: Recurrence,
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
        check_members(store, contact_ids)
    with about("TimeZoneId"):
        check_time_zone(time_zone)
    with about("Recurrence"):
        check_recurrence(recurrence, len(contact_ids))
    with about("Name"):  # the new rotation's: one too many
        if len(store.rotations) >= quotas.rotations:
            raise quota_exceeded(
                "rotations",
                f"You have reached the limit of {quotas.rotations} rotations in this Region",
                resource_type="ROTATION",
            )
    arn = store.arn(f"rotation/{_arns.new_id()}")
    with about("Tags"):
        check_tag_count(quotas, arn, tags.keys())
    rotation = RotationState(
        arn=arn,
        name=name,
        contact_arns=list(contact_ids),
        start_time=start_time,
        time_zone=time_zone,
        # A copy of its own: the call log keeps the request's.
        recurrence=frozen_copy(recurrence),
        tags=dict(tags),
    )
    store.rotations[rotation.arn] = rotation
    return rotation


def lookup_override(rotation: RotationState, override_id: str) -> OverrideState:
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
    with about("StartTime"):
        check_shift_time(start, "StartTime")
    with about("EndTime"):
        check_shift_time(end, "EndTime")
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
    with about("RotationId"):  # the rotation that has enough
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
