"""What the fixture reads: the fake's state as records, built in one place.

Each function takes the state of one activation and returns frozen records (see
``records``) that stay valid however the fake changes afterwards.
"""

from __future__ import annotations

import datetime
from typing import Any

from . import _refs
from ._service import _contact_rules, _oncall, _rotation_rules
from ._service._store import Backend
from .records import Contact, Engagement, Page, Rotation, RotationOverride


def contacts(backend: Backend) -> list[Contact]:
    return [
        _contact_rules.snapshot(store, contact)
        for store in backend.stores.values()
        for contact in store.contacts.values()
    ]


def contact(backend: Backend, region: str, alias_or_arn: Any) -> Contact:
    __tracebackhide__ = True
    state = _refs.contact(backend, region, alias_or_arn)
    return _contact_rules.snapshot(_refs.store_of(backend, state.arn), state)


def engagements(backend: Backend) -> list[Engagement]:
    return [state.record for state in backend.engagements]


def pages(backend: Backend) -> list[Page]:
    return [page.record() for page in backend.pages]


def rotations(backend: Backend) -> list[Rotation]:
    return [
        _rotation_rules.record(r)
        for store in backend.stores.values()
        for r in store.rotations.values()
    ]


def rotation(backend: Backend, region: str, name_or_arn: Any) -> Rotation:
    __tracebackhide__ = True
    return _rotation_rules.record(_refs.rotation(backend, region, "rotation", name_or_arn))


def override(override: Any) -> RotationOverride:
    return _rotation_rules.override_record(override)


def on_call(
    backend: Backend, region: str, schedule_or_rotation: Any, when: datetime.datetime
) -> list[Contact]:
    """Who is on call at ``when`` for an on-call schedule or a rotation."""
    __tracebackhide__ = True
    target = schedule_or_rotation
    if _refs.is_contact(backend, region, target):
        schedule = _refs.contact(backend, region, _refs.arn_of(target))
        if schedule.type != "ONCALL_SCHEDULE":
            raise ValueError(
                f"on_call(): {schedule.alias!r} is a contact of type {schedule.type}; pass "
                "an ONCALL_SCHEDULE contact or a rotation"
            )
        store = _refs.store_of(backend, schedule.arn)
        people = _oncall.on_call(store, schedule, when)
        return [_contact_rules.snapshot(store, person) for person in people]
    rotation = _refs.rotation(backend, region, "on_call", target)
    store = _refs.store_of(backend, rotation.arn)
    found = [store.contact_by_arn(arn) for arn in _oncall.on_call_arns(rotation, when)]
    return [_contact_rules.snapshot(store, c) for c in found if c is not None]
