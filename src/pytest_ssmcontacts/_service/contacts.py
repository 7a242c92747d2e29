"""Contacts and their channels: creation rules shared by the API and the fixture."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import attrs

from .._errors import ServiceError, about, conflict, in_use, not_found
from .._quotas import Quotas
from .._quotas import exceeded as quota_exceeded
from ..records import Contact, ContactChannel
from . import _arns, _pagination
from ._channel_rules import check_new
from ._plans import check_plan
from ._registry import Request, compact, handles
from ._store import ChannelState, ContactState, Store
from .tags import tags_of


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
    plan: dict[str, Any],
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
        store, alias=alias, type=type, display_name=display_name, plan=_copy(plan), tags=tags
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
    plan: dict[str, Any],
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


@handles("CreateContact", idempotent=True)
def create_contact(request: Request) -> dict[str, Any]:
    params = request.params
    contact = create(
        request.store,
        request.backend.quotas,
        alias=params["Alias"],
        type=params["Type"],
        display_name=params.get("DisplayName"),
        plan=params["Plan"],
        tags=tags_of(params.get("Tags")),
    )
    return {"ContactArn": contact.arn}


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
