"""Engagements: starting, stopping, describing and listing them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from .. import _arns
from .._errors import existing, invalid
from ..records import Engagement
from . import _contact_rules, _pagination, _simulation
from ._registry import Request, compact, handles
from ._store import EngagementState, Store
from ._times import from_epoch


def lookup(store: Store, engagement_id: str) -> EngagementState:
    return existing(store.engagements, engagement_id, "ENGAGEMENT")


@handles("StartEngagement", idempotent=True)
def start_engagement(request: Request) -> dict[str, Any]:
    params = request.params
    store = request.store
    contact = _contact_rules.lookup(store, params["ContactId"])
    arn = store.arn(f"engagement/{contact.alias}/{_arns.new_id()}")
    engagement = EngagementState(
        Engagement(
            arn=arn,
            contact_arn=contact.arn,
            sender=params["Sender"],
            subject=params["Subject"],
            content=params["Content"],
            public_subject=params.get("PublicSubject"),
            public_content=params.get("PublicContent"),
            incident_id=params.get("IncidentId"),
            idempotency_token=params.get("IdempotencyToken"),
            start_time=request.now,
        )
    )
    # Engaging can still fail (a schedule whose shifts cannot be worked out): record the
    # engagement only once it has, so a failed call leaves no half engagement behind.
    _simulation.engage(store, request.backend, engagement, contact, request.now)
    store.engagements[arn] = engagement
    order = store.engagement_order
    if order and request.now < _started(order[-1]):
        store.starts_ascending = False
    order.append(engagement)
    if engagement.record.incident_id is not None:
        store.engagements_by_incident.setdefault(engagement.record.incident_id, []).append(
            engagement
        )
    request.backend.engagements.append(engagement)
    return {"EngagementArn": arn}


@handles("StopEngagement")
def stop_engagement(request: Request) -> dict[str, Any]:
    engagement = lookup(request.store, request.params["EngagementId"])
    _simulation.stop(engagement, request.now, request.params.get("Reason"))
    return {}


@handles("DescribeEngagement")
def describe_engagement(request: Request) -> dict[str, Any]:
    record = lookup(request.store, request.params["EngagementId"]).record
    return compact(
        ContactArn=record.contact_arn,
        EngagementArn=record.arn,
        Sender=record.sender,
        Subject=record.subject,
        Content=record.content,
        PublicSubject=record.public_subject,
        PublicContent=record.public_content,
        IncidentId=record.incident_id,
        StartTime=record.start_time,
        StopTime=record.stop_time,
    )


def _time(value: Any, member: str) -> datetime.datetime | None:
    return None if value is None else from_epoch(value, member, bounded=False)


@handles("ListEngagements")
def list_engagements(request: Request) -> dict[str, Any]:
    params = request.params
    incident = params.get("IncidentId")
    window = params.get("TimeRangeValue") or {}
    earliest = _time(window.get("StartTime"), "TimeRangeValue.StartTime")
    latest = _time(window.get("EndTime"), "TimeRangeValue.EndTime")
    if earliest is not None and latest is not None and latest < earliest:
        raise invalid("TimeRangeValue EndTime must not be before StartTime")

    def keep(engagement: EngagementState) -> bool:
        record = engagement.record
        start = record.start_time
        assert start is not None
        return (
            (incident is None or record.incident_id == incident)
            and (earliest is None or start >= earliest)
            and (latest is None or start <= latest)
        )

    store = request.store
    scanned: Sequence[EngagementState] = (
        store.engagement_order
        if incident is None
        else store.engagements_by_incident.get(incident, [])
    )
    if store.starts_ascending and (earliest is not None or latest is not None):
        low = 0 if earliest is None else _first_starting(scanned, earliest, after=False)
        high = len(scanned) if latest is None else _first_starting(scanned, latest, after=True)
        scanned = scanned[low:high]
    filtered = incident is not None or earliest is not None or latest is not None
    page, token = _pagination.by_position(
        request, scanned, newest_first=True, keep=keep if filtered else None
    )
    return compact(Engagements=[summary(e.record) for e in page], NextToken=token)


def _started(engagement: EngagementState) -> datetime.datetime:
    start = engagement.record.start_time
    assert start is not None  # set when the engagement is made
    return start


def _first_starting(
    engagements: Sequence[EngagementState], when: datetime.datetime, *, after: bool
) -> int:
    """The index of the first engagement starting at ``when`` or later (``after``: later)."""
    low, high = 0, len(engagements)
    while low < high:
        middle = (low + high) // 2
        start = _started(engagements[middle])
        if start < when or (after and start == when):
            low = middle + 1
        else:
            high = middle
    return low


def summary(record: Engagement) -> dict[str, Any]:
    return compact(
        EngagementArn=record.arn,
        ContactArn=record.contact_arn,
        Sender=record.sender,
        IncidentId=record.incident_id,
        StartTime=record.start_time,
        StopTime=record.stop_time,
    )
