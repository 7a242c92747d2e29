"""Who is on call: a rotation's current shift, overrides applied, and an on-call schedule's.

The engagement simulation and the fixture's ``on_call()`` both ask here; the shift
arithmetic itself is ``_shifts``.
"""

from __future__ import annotations

import datetime

from . import _shifts
from ._store import ContactState, RotationState, Store
from ._times import EARLIEST, LATEST


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
