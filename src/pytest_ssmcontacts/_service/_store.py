"""The state of one account in one region, and the fake's state across them."""

from __future__ import annotations

import datetime
import random
import secrets
from typing import Any

import attrs

from .. import _arns
from .._quotas import Quotas
from ..records import Call, Engagement, Receipt
from ._shapes import Plan, Recurrence, ResolutionContact, Stage
from ._sharded import ShardedDict
from ._timeline import Timeline


@attrs.define(eq=False)
class ChannelState:
    arn: str
    contact_arn: str
    name: str
    type: str
    address: str
    activation_status: str
    # The last activation code sent to the device (None: none pending).
    activation_code: str | None = None
    codes_sent_at: list[datetime.datetime] = attrs.Factory(list)


@attrs.define(eq=False)
class ContactState:
    arn: str
    alias: str
    type: str
    display_name: str | None
    plan: Plan
    tags: dict[str, str]
    channel_arns: list[str] = attrs.Factory(list)
    policy: str | None = None
    # The page-resolution path of an engagement of this contact, made once and shared by
    # all its engagements (nothing changes a path in place): a large fake stays small.
    root_path: list[ResolutionContact] | None = None


@attrs.define(eq=False)
class PlanRun:
    """One contact's plan running inside an engagement, on its own clock."""

    engagement: EngagementState
    contact_arn: str
    contact_type: str
    stages: list[Stage]
    # From the engaged contact down to this one, root first.
    path: list[ResolutionContact]
    parent: PlanRun | None = None
    essential: bool = False
    stage_index: int = -1
    exhausted: bool = False
    halted: bool = False  # acknowledged (own plan) or halted by an essential acknowledgement
    stage_started: datetime.datetime | None = None  # when the current stage began

    @property
    def live(self) -> bool:
        return not (self.halted or self.exhausted or self.engagement.stopped)


@attrs.define(eq=False)
class PageState:
    arn: str
    engagement: EngagementState
    run: PlanRun
    contact_arn: str
    channel_arn: str
    channel_type: str
    channel_name: str
    stage_index: int
    retry_interval: int
    accept_code: str
    sent_time: datetime.datetime
    delivery_time: datetime.datetime | None = None
    read_time: datetime.datetime | None = None
    receipts: list[Receipt] = attrs.Factory(list)
    resend_pending: bool = False


@attrs.define(eq=False)
class EngagementState:
    # The engagement as tests read it, kept as the record itself: immutable, and
    # replaced whole when the engagement stops.
    record: Engagement
    pages: list[PageState] = attrs.Factory(list)
    # Every contact's plan the engagement reached, in the order reached.
    runs: list[PlanRun] = attrs.Factory(list)

    @property
    def stopped(self) -> bool:
        return self.record.stop_time is not None


@attrs.define(eq=False)
class OverrideState:
    id: str
    rotation_arn: str
    contact_arns: list[str]
    start: datetime.datetime
    end: datetime.datetime
    create_time: datetime.datetime


@attrs.define(eq=False)
class RotationState:
    arn: str
    name: str
    contact_arns: list[str]
    start_time: datetime.datetime
    time_zone: str
    recurrence: Recurrence
    tags: dict[str, str]
    overrides: dict[str, OverrideState] = attrs.Factory(dict)  # by id, creation order


@attrs.define(eq=False)
class Store:
    """Everything that exists in one (account, region)."""

    account_id: str
    region: str
    partition: str
    contacts: dict[str, ContactState] = attrs.Factory(dict)  # by alias
    channels: dict[str, ChannelState] = attrs.Factory(dict)  # by ARN
    # By ARN, and spread over shards, as pages and tokens are: they grow by the call.
    engagements: ShardedDict[EngagementState] = attrs.Factory(ShardedDict)
    engagement_order: list[EngagementState] = attrs.Factory(list)  # start order
    # For ListEngagements' filters: the engagements of each incident, and whether the
    # start order is also time order (a clock set back breaks it), so that a time range
    # is a slice found by bisection rather than a scan of every engagement.
    engagements_by_incident: dict[str, list[EngagementState]] = attrs.Factory(dict)
    starts_ascending: bool = True
    pages: ShardedDict[PageState] = attrs.Factory(ShardedDict)  # by ARN
    pages_by_contact: dict[str, list[PageState]] = attrs.Factory(dict)  # paged contact ARN
    rotations: dict[str, RotationState] = attrs.Factory(dict)  # by ARN, creation order
    # operation -> token -> (request, response); by operation first, so that each of the
    # many tokens a busy fake keeps costs no key of its own beyond the token.
    idempotency: dict[str, ShardedDict[tuple[dict[str, Any], dict[str, Any]]]] = attrs.Factory(dict)

    def arn(self, resource: str) -> str:
        return _arns.build(self.partition, self.region, self.account_id, resource)

    def contact_by_arn(self, arn: str) -> ContactState | None:
        prefix = self.arn("contact/")
        if not arn.startswith(prefix):
            return None
        contact = self.contacts.get(arn[len(prefix) :])
        return contact if contact is not None and contact.arn == arn else None

    def rotations_with_member(self, contact_arn: str) -> list[str]:
        return [r.arn for r in self.rotations.values() if contact_arn in r.contact_arns]

    def schedules_with_rotation(self, rotation_arn: str) -> list[str]:
        return [
            c.arn
            for c in self.contacts.values()
            if c.type == "ONCALL_SCHEDULE" and rotation_arn in (c.plan.get("RotationIds") or [])
        ]


@attrs.define(eq=False)
class Backend:
    """The fake's whole state for one activation: every partition plus the call log."""

    account_id: str
    quotas: Quotas = attrs.Factory(Quotas)
    stores: dict[str, Store] = attrs.Factory(dict)  # by region
    calls: list[Call] = attrs.Factory(list)
    engagements: list[EngagementState] = attrs.Factory(list)  # start order, all regions
    pages: list[PageState] = attrs.Factory(list)  # send order, all regions
    timeline: Timeline = attrs.Factory(Timeline)
    random: random.Random = attrs.Factory(random.Random)
    # Signs NextTokens: drawn anew for every fake and every activation, so a token from
    # another fake or an earlier test is refused.
    token_key: bytes = attrs.Factory(lambda: secrets.token_bytes(32))

    def store(self, region: str) -> Store:
        store = self.stores.get(region)
        if store is None:
            store = Store(self.account_id, region, _arns.partition_for(region))
            self.stores[region] = store
        return store

    def digits(self, count: int = 6) -> str:
        return "".join(self.random.choice("0123456789") for _ in range(count))
