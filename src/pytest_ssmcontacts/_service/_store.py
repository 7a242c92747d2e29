"""The state of one account in one region, and the fake's state across them."""

from __future__ import annotations

from typing import Any

import attrs

from ..records import Call, Engagement
from . import _arns


@attrs.define
class ChannelState:
    arn: str
    contact_arn: str
    name: str
    type: str
    address: str
    activation_status: str


@attrs.define
class ContactState:
    arn: str
    alias: str
    type: str
    display_name: str | None
    plan: dict[str, Any]
    tags: dict[str, str]
    channel_arns: list[str] = attrs.Factory(list)


@attrs.define
class Store:
    """Everything that exists in one (account, region)."""

    account_id: str
    region: str
    partition: str
    contacts: dict[str, ContactState] = attrs.Factory(dict)  # by alias
    channels: dict[str, ChannelState] = attrs.Factory(dict)  # by ARN
    engagements: dict[str, Engagement] = attrs.Factory(dict)  # by ARN
    # (operation, token) -> (request without its token, response)
    idempotency: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = attrs.Factory(dict)

    def arn(self, resource: str) -> str:
        return _arns.build(self.partition, self.region, self.account_id, resource)

    def contact_by_arn(self, arn: str) -> ContactState | None:
        prefix = self.arn("contact/")
        if not arn.startswith(prefix):
            return None
        contact = self.contacts.get(arn[len(prefix) :])
        return contact if contact is not None and contact.arn == arn else None


@attrs.define
class Backend:
    """The fake's whole state for one activation: every partition plus the call log."""

    account_id: str
    stores: dict[str, Store] = attrs.Factory(dict)  # by region
    calls: list[Call] = attrs.Factory(list)
    engagements: list[Engagement] = attrs.Factory(list)  # start order, all regions

    def store(self, region: str) -> Store:
        store = self.stores.get(region)
        if store is None:
            store = Store(self.account_id, region, _arns.partition_for(region))
            self.stores[region] = store
        return store
