"""Contacts and their channels: the rules of creating them.

CreateContact, CreateContactChannel and the fixture's ``add_contact()`` all create
through here, so each rule exists once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import attrs

from .. import _arns
from .._errors import ServiceError, about, conflict, not_found
from .._quotas import Quotas
from .._quotas import exceeded as quota_exceeded
from ._channel_rules import check_new
from ._plans import check_plan
from ._shapes import Plan
from ._store import ChannelState, ContactState, Store
from ._tag_rules import check_tag_count


def contact_arn(store: Store, alias: str) -> str:
    # The same string as the ContactId of the calls that name it (see _pipeline).
    return sys.intern(store.arn(f"contact/{alias}"))


def new_channel_arn(store: Store, alias: str) -> str:
    return store.arn(f"contact-channel/{alias}/{_arns.new_id()}")


def lookup(store: Store, contact_id: str) -> ContactState:
    contact = store.contact_by_arn(contact_id)
    if contact is None:
        raise not_found("CONTACT", contact_id)
    return contact


@attrs.frozen
class NewChannel:
    """A channel the fixture creates with its contact, activated (``add_contact``)."""

    arn: str
    name: str
    type: str
    delivery_address: dict[str, Any]


def create(
    store: Store,
    quotas: Quotas,
    *,
    alias: str,
    type: str,
    display_name: str | None,
    plan: Plan,
    tags: dict[str, str],
    channels: Sequence[NewChannel] = (),
) -> ContactState:
    """CreateContact's rules, then the new contact: the API and ``add_contact()`` both come here.

    ``channels`` (the fixture's only) follow CreateContactChannel's rules and are
    created activated; the plan may target them by ARN. Nothing is stored unless every
    rule holds. An error is marked with the request member it is about.
    """
    arn = contact_arn(store, alias)
    with about("Alias"):
        if alias in store.contacts:
            raise conflict(f"Contact with alias {alias} already exists", "CONTACT", arn)
        if len(store.contacts) >= quotas.contacts:
            raise quota_exceeded(
                "contacts",
                f"You have reached the limit of {quotas.contacts} contacts in this Region",
                resource_type="CONTACT",
            )
    with about("Tags"):
        check_tag_count(quotas, arn, tags.keys())
    pending: list[ChannelState] = []
    for index, new in enumerate(channels):
        try:
            address = check_new(
                quotas,
                contact_arn=arn,
                contact_type=type,
                siblings=pending,
                channel_type=new.type,
                delivery_address=new.delivery_address,
            )
        except ServiceError as error:
            error.member = f"channels[{index}]" + (f".{error.member}" if error.member else "")
            raise
        pending.append(
            ChannelState(
                arn=new.arn,
                contact_arn=arn,
                name=new.name,
                type=new.type,
                address=address,
                activation_status="ACTIVATED",
            )
        )
    with about("Plan"):
        check_plan(
            store,
            quotas,
            contact_arn=arn,
            contact_type=type,
            plan=plan,
            channel_arns=[c.arn for c in pending],
        )
    contact = add(
        store, alias=alias, type=type, display_name=display_name, plan=copy_plan(plan), tags=tags
    )
    for channel in pending:
        store.channels[channel.arn] = channel
        contact.channel_arns.append(channel.arn)
    return contact


def add(
    store: Store,
    *,
    alias: str,
    type: str,
    display_name: str | None,
    plan: Plan,
    tags: dict[str, str],
) -> ContactState:
    """Store a new contact whose rules ``create`` checked."""
    contact = ContactState(
        arn=contact_arn(store, alias),
        alias=alias,
        type=type,
        display_name=display_name,
        plan=plan,
        tags=dict(tags),
    )
    store.contacts[alias] = contact
    return contact


def add_channel(
    store: Store,
    contact: ContactState,
    *,
    arn: str,
    name: str,
    type: str,
    address: str,
    activated: bool,
) -> ChannelState:
    channel = ChannelState(
        arn=arn,
        contact_arn=contact.arn,
        name=name,
        type=type,
        address=address,
        activation_status="ACTIVATED" if activated else "NOT_ACTIVATED",
    )
    store.channels[arn] = channel
    contact.channel_arns.append(arn)
    return channel


def copy_plan(plan: Plan) -> Plan:
    """A copy of ``plan`` that shares no dict or list with it: a stored plan is neither
    the request's nor an answer's, so no caller can change it in place."""
    copied: Plan = _copy(plan)
    return copied


def _copy(value: Any) -> Any:
    # Every dict and list, whatever members the shape left in them: a tenth of
    # copy.deepcopy's cost on a plan, and GetContact copies one per call.
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
