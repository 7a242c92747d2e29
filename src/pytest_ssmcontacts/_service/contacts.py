"""Contacts and their channels: creation rules shared by the API and the fixture."""

from __future__ import annotations

import re
from typing import Any

from .._errors import ServiceError, not_found
from ..records import Contact, ContactChannel
from . import _arns
from ._store import ChannelState, ContactState, Store

# The model gives no pattern for SimpleAddress; these are the documented formats:
# E.164 numbers for SMS and VOICE, an ordinary e-mail address for EMAIL.
_PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def address_problem(channel_type: str, address: str) -> str | None:
    """Why ``address`` cannot receive pages of ``channel_type``, or None if it can."""
    if channel_type in ("SMS", "VOICE") and not _PHONE.match(address):
        return "must be a phone number in E.164 format, such as +15005550199"
    if channel_type == "EMAIL" and not _EMAIL.match(address):
        return "must be an e-mail address, such as oncall@example.com"
    return None


def contact_arn(store: Store, alias: str) -> str:
    return store.arn(f"contact/{alias}")


def new_channel_arn(store: Store, alias: str) -> str:
    return store.arn(f"contact-channel/{alias}/{_arns.new_id()}")


def lookup(store: Store, contact_id: str) -> ContactState:
    contact = store.contact_by_arn(contact_id)
    if contact is None:
        raise not_found("CONTACT", contact_id)
    return contact


def add(
    store: Store,
    *,
    alias: str,
    type: str,
    display_name: str | None,
    plan: dict[str, Any],
    tags: dict[str, str],
) -> ContactState:
    if alias in store.contacts:
        raise ServiceError(
            "ConflictException",
            f"Contact with alias {alias} already exists",
            ResourceId=contact_arn(store, alias),
            ResourceType="CONTACT",
        )
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


def snapshot(store: Store, contact: ContactState) -> Contact:
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
        plan=_copy(contact.plan),
        channels=channels,
        tags=dict(contact.tags),
    )


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
