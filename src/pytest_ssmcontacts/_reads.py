"""What the fixture reads: the fake's state as records, built in one place.

Every record a test sees is built here from the state it snapshots, for the reads
below, for the seeding's ``add_*`` (``_seeding``), the devices (``_devices``) and the
assertions. Each returns frozen records (see ``records``) that stay valid however the
fake changes afterwards.

Two records are not built here, because the state holds them as they are: an
``Engagement`` (nothing in it changes but its stop time, which replaces the record
whole) and the ``Receipt`` records of a page's receipts, both immutable and built once,
when the service stores them, so reading them copies nothing. The pipeline builds
each ``Call`` as it logs it.
"""

from __future__ import annotations

import datetime
from typing import Any

from . import _refs
from ._service import _oncall
from ._service._store import Backend, ContactState, OverrideState, PageState, RotationState, Store
from .records import Contact, ContactChannel, Engagement, Page, Rotation, RotationOverride

# -- state to records ------------------------------------------------------------


def contact_record(store: Store, contact: ContactState) -> Contact:
    """A contact with its channels, which ``store`` holds."""
    channels = tuple(
        ContactChannel(
            arn=c.arn,
            contact_arn=c.contact_arn,
            name=c.name,
            type=c.type,
            address=c.address,
            activation_status=c.activation_status,
        )
        for c in (store.channels[arn] for arn in contact.channel_arns)
    )
    return Contact(
        arn=contact.arn,
        alias=contact.alias,
        type=contact.type,
        display_name=contact.display_name,
        # The record's converters take read-only deep copies.
        plan=contact.plan,
        channels=channels,
        tags=contact.tags,
    )


def rotation_record(rotation: RotationState) -> Rotation:
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


def page_record(page: PageState) -> Page:
    """A page, with what its engagement says about every page (sender, incident)."""
    engagement = page.engagement.record
    return Page(
        arn=page.arn,
        engagement_arn=engagement.arn,
        contact_arn=page.contact_arn,
        channel_arn=page.channel_arn,
        channel_type=page.channel_type,
        channel_name=page.channel_name,
        sender=engagement.sender,
        incident_id=engagement.incident_id,
        sent_time=page.sent_time,
        delivery_time=page.delivery_time,
        read_time=page.read_time,
        accept_code=page.accept_code,
        receipts=tuple(page.receipts),
    )


# -- the fixture's reads -----------------------------------------------------------


def contacts(backend: Backend) -> list[Contact]:
    return [
        contact_record(store, contact)
        for store in backend.stores.values()
        for contact in store.contacts.values()
    ]


def contact(backend: Backend, region: str, alias_or_arn: Any) -> Contact:
    __tracebackhide__ = True
    state = _refs.contact(backend, region, alias_or_arn)
    return contact_record(_refs.store_of(backend, state.arn), state)


def engagements(backend: Backend) -> list[Engagement]:
    return [state.record for state in backend.engagements]


def pages(backend: Backend) -> list[Page]:
    return [page_record(page) for page in backend.pages]


def rotations(backend: Backend) -> list[Rotation]:
    return [
        rotation_record(r) for store in backend.stores.values() for r in store.rotations.values()
    ]


def rotation(backend: Backend, region: str, name_or_arn: Any) -> Rotation:
    __tracebackhide__ = True
    return rotation_record(_refs.rotation(backend, region, "rotation", name_or_arn))


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
        return [contact_record(store, person) for person in people]
    rotation = _refs.rotation(backend, region, "on_call", target)
    store = _refs.store_of(backend, rotation.arn)
    found = [store.contact_by_arn(arn) for arn in _oncall.on_call_arns(rotation, when)]
    return [contact_record(store, c) for c in found if c is not None]
