"""Contacts and their channels: creation rules shared by the API and the fixture."""

from __future__ import annotations

import re
from typing import Any

from .._errors import conflict, in_use, not_found
from .._quotas import exceeded as quota_exceeded
from ..records import Contact, ContactChannel
from . import _arns, _idempotency, _pagination
from ._output import compact
from ._plans import check_plan
from ._registry import Request, handles
from ._store import ChannelState, ContactState, Store
from .tags import tags_of

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
    """Store a new contact; callers have refused an alias already in use, each in its own way."""
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
        # The record's converters take read-only deep copies.
        plan=contact.plan,
        channels=channels,
        tags=contact.tags,
    )


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


# -- the API -------------------------------------------------------------------


@handles("CreateContact")
def create_contact(request: Request) -> dict[str, Any]:
    params = request.params
    replayed = _idempotency.replay(request)
    if replayed is not None:
        return replayed
    store = request.store
    alias = params["Alias"]
    arn = contact_arn(store, alias)
    if alias in store.contacts:
        raise conflict(f"Contact with alias {alias} already exists", "CONTACT", arn)
    quotas = request.backend.quotas
    if len(store.contacts) >= quotas.contacts:
        raise quota_exceeded(
            "contacts",
            f"You have reached the limit of {quotas.contacts} contacts in this Region",
            resource_type="CONTACT",
        )
    plan = params["Plan"]
    tags = tags_of(params.get("Tags"))
    check_plan(
        store, quotas, contact_arn=arn, contact_type=params["Type"], plan=plan, channel_arns=[]
    )
    add(
        store,
        alias=alias,
        type=params["Type"],
        display_name=params.get("DisplayName"),
        plan=_copy(plan),
        tags=tags,
    )
    response = {"ContactArn": arn}
    _idempotency.remember(request, response)
    return response


@handles("GetContact")
def get_contact(request: Request) -> dict[str, Any]:
    contact = lookup(request.store, request.params["ContactId"])
    return compact(
        ContactArn=contact.arn,
        Alias=contact.alias,
        DisplayName=contact.display_name,
        Type=contact.type,
        Plan=_copy(contact.plan),
    )


@handles("UpdateContact")
def update_contact(request: Request) -> dict[str, Any]:
    params = request.params
    store = request.store
    contact = lookup(store, params["ContactId"])
    plan = params.get("Plan")
    if plan is not None:
        check_plan(
            store,
            request.backend.quotas,
            contact_arn=contact.arn,
            contact_type=contact.type,
            plan=plan,
            channel_arns=contact.channel_arns,
        )
        contact.plan = _copy(plan)
    if "DisplayName" in params:
        contact.display_name = params["DisplayName"]
    return {}


@handles("DeleteContact")
def delete_contact(request: Request) -> dict[str, Any]:
    store = request.store
    contact = lookup(store, request.params["ContactId"])
    rotation_arns = store.rotations_with_member(contact.arn)
    if rotation_arns:
        raise in_use(
            f"Contact {contact.arn} is a member of {len(rotation_arns)} rotation(s); "
            "remove it from them first",
            "CONTACT",
            contact.arn,
            "ROTATION_MEMBER",
            rotation_arns,
        )
    for channel_arn in contact.channel_arns:
        store.channels.pop(channel_arn, None)
    del store.contacts[contact.alias]
    return {}


@handles("ListContacts")
def list_contacts(request: Request) -> dict[str, Any]:
    params = request.params
    prefix = params.get("AliasPrefix") or ""
    wanted_type = params.get("Type")
    keyed = sorted(
        (
            (alias, contact)
            for alias, contact in request.store.contacts.items()
            if alias.startswith(prefix) and (wanted_type is None or contact.type == wanted_type)
        ),
        key=lambda item: item[0],
    )
    page, token = _pagination.by_key(request, keyed)
    return compact(
        Contacts=[
            compact(ContactArn=c.arn, Alias=c.alias, DisplayName=c.display_name, Type=c.type)
            for c in page
        ],
        NextToken=token,
    )
