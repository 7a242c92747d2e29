"""Immutable records the fake hands to tests: snapshots of its state, safe to keep.

Every record is frozen, and its dicts and lists are read-only deep copies
(``FrozenDict``/``FrozenList``, see ``_frozen``): nothing in a record is shared with
the fake's state, so neither side can change the other.
"""

from __future__ import annotations

import datetime
from typing import Any, Optional

import attrs

from ._arns import alias_of
from ._frozen import freeze, frozen_copy


@attrs.frozen
class ContactChannel:
    """A contact channel (SMS, VOICE or EMAIL) of a personal contact."""

    arn: str
    contact_arn: str
    name: str
    type: str
    address: str
    activation_status: str


@attrs.frozen
class Contact:
    """A contact (PERSONAL, ESCALATION or ONCALL_SCHEDULE) as stored by the fake."""

    arn: str
    alias: str
    type: str
    display_name: Optional[str] = None
    plan: dict[str, Any] = attrs.field(factory=dict, hash=False, converter=frozen_copy)
    channels: tuple[ContactChannel, ...] = ()
    tags: dict[str, str] = attrs.field(factory=dict, hash=False, converter=frozen_copy)


@attrs.frozen
class Engagement:
    """One StartEngagement that the fake accepted."""

    arn: str
    contact_arn: str
    sender: str
    subject: str
    content: str
    public_subject: Optional[str] = None
    public_content: Optional[str] = None
    incident_id: Optional[str] = None
    idempotency_token: Optional[str] = None
    start_time: Optional[datetime.datetime] = None
    stop_time: Optional[datetime.datetime] = None

    @property
    def contact_alias(self) -> str:
        """The alias of the engaged contact, read from its ARN."""
        return alias_of(self.contact_arn)


@attrs.frozen
class Receipt:
    """One event in a page's life: SENT, DELIVERED, READ, ERROR or STOP."""

    type: str
    time: datetime.datetime
    channel_arn: Optional[str] = None
    info: Optional[str] = None


@attrs.frozen
class Page:
    """One delivery of an engagement to one contact channel (re-sends reuse the page)."""

    arn: str
    engagement_arn: str
    contact_arn: str
    channel_arn: str
    channel_type: str
    channel_name: str
    sender: str
    sent_time: datetime.datetime
    accept_code: str
    incident_id: Optional[str] = None
    delivery_time: Optional[datetime.datetime] = None
    read_time: Optional[datetime.datetime] = None
    receipts: tuple[Receipt, ...] = ()

    @property
    def contact_alias(self) -> str:
        """The alias of the paged contact, read from its ARN."""
        return alias_of(self.contact_arn)


@attrs.frozen
class Rotation:
    """An on-call rotation: who takes turns, in which time zone, on which recurrence."""

    arn: str
    name: str
    contact_arns: tuple[str, ...]
    start_time: datetime.datetime
    time_zone: str
    recurrence: dict[str, Any] = attrs.field(hash=False, converter=frozen_copy)
    tags: dict[str, str] = attrs.field(factory=dict, hash=False, converter=frozen_copy)

    @property
    def members(self) -> tuple[str, ...]:
        """The members' contact ARNs in shift order (``add_rotation(members=...)``)."""
        return self.contact_arns


@attrs.frozen
class RotationOverride:
    """A stretch of time in which other members of a rotation are on call."""

    id: str
    rotation_arn: str
    contact_arns: tuple[str, ...]
    start: datetime.datetime
    end: datetime.datetime
    create_time: datetime.datetime

    @property
    def members(self) -> tuple[str, ...]:
        """The contact ARNs on call instead (``add_override(members=...)``)."""
        return self.contact_arns


@attrs.frozen
class Call:
    """One API call the fake answered, successful or not."""

    operation: str
    params: dict[str, Any] = attrs.field(hash=False, converter=freeze)
    error: Optional[str] = None
    region: Optional[str] = None
    account_id: Optional[str] = None
    # The fake's clock when the call arrived (virtual time, or the system's in that mode).
    time: Optional[datetime.datetime] = None


ENGAGEMENT_FIELDS: tuple[str, ...] = tuple(f.name for f in attrs.fields(Engagement))
