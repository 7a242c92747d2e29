"""Contact channels: creation, updates and the activation-code handshake."""

from __future__ import annotations

import datetime
from typing import Any

from .._errors import existing, invalid
from .._quotas import exceeded as quota_exceeded
from . import _contact_rules, _pagination
from ._channel_rules import check_new, checked_address, refuse_duplicate
from ._registry import Request, compact, handles
from ._store import ChannelState, ContactState, Store
from ._times import earlier

_CODE_WINDOW = datetime.timedelta(hours=1)


def lookup(store: Store, channel_id: str) -> ChannelState:
    return existing(store.channels, channel_id, "CONTACT_CHANNEL")


def _siblings(store: Store, contact: ContactState) -> list[ChannelState]:
    return [store.channels[arn] for arn in contact.channel_arns if arn in store.channels]


def _send_code(request: Request, channel: ChannelState) -> None:
    # A fresh code never repeats the one it replaces, so the old one surely stops working.
    code = request.backend.digits(6)
    while code == channel.activation_code:
        code = request.backend.digits(6)
    channel.activation_code = code
    channel.codes_sent_at.append(request.now)


def _view(channel: ChannelState) -> dict[str, Any]:
    return {
        "ContactChannelArn": channel.arn,
        "ContactArn": channel.contact_arn,
        "Name": channel.name,
        "Type": channel.type,
        "DeliveryAddress": {"SimpleAddress": channel.address},
        "ActivationStatus": channel.activation_status,
    }


@handles("CreateContactChannel", idempotent=True)
def create_contact_channel(request: Request) -> dict[str, Any]:
    params = request.params
    store = request.store
    contact = _contact_rules.lookup(store, params["ContactId"])
    channel_type = params["Type"]
    address = check_new(
        request.backend.quotas,
        contact_arn=contact.arn,
        contact_type=contact.type,
        siblings=_siblings(store, contact),
        channel_type=channel_type,
        delivery_address=params["DeliveryAddress"],
    )
    channel = _contact_rules.add_channel(
        store,
        contact,
        arn=_contact_rules.new_channel_arn(store, contact.alias),
        name=params["Name"],
        type=channel_type,
        address=address,
        activated=False,
    )
    if not params.get("DeferActivation"):
        _send_code(request, channel)
    return {"ContactChannelArn": channel.arn}


@handles("GetContactChannel")
def get_contact_channel(request: Request) -> dict[str, Any]:
    return _view(lookup(request.store, request.params["ContactChannelId"]))


@handles("UpdateContactChannel")
def update_contact_channel(request: Request) -> dict[str, Any]:
    params = request.params
    store = request.store
    channel = lookup(store, params["ContactChannelId"])
    new_address = None
    if "DeliveryAddress" in params:
        new_address = checked_address(channel.type, params["DeliveryAddress"])
        contact = store.contact_by_arn(channel.contact_arn)
        if contact is not None:
            siblings = _siblings(store, contact)
            refuse_duplicate(contact.arn, siblings, channel.type, new_address, ignore=channel)
    if "Name" in params:
        channel.name = params["Name"]
    if new_address is not None and new_address != channel.address:
        # A new device has to prove it is reachable before it is paged.
        channel.address = new_address
        channel.activation_status = "NOT_ACTIVATED"
        _send_code(request, channel)
    return {}


@handles("DeleteContactChannel")
def delete_contact_channel(request: Request) -> dict[str, Any]:
    store = request.store
    channel = lookup(store, request.params["ContactChannelId"])
    del store.channels[channel.arn]
    contact = store.contact_by_arn(channel.contact_arn)
    if contact is not None and channel.arn in contact.channel_arns:
        contact.channel_arns.remove(channel.arn)
    return {}


@handles("ListContactChannels")
def list_contact_channels(request: Request) -> dict[str, Any]:
    store = request.store
    contact = _contact_rules.lookup(store, request.params["ContactId"])
    channels = [store.channels[arn] for arn in contact.channel_arns if arn in store.channels]
    page, token = _pagination.by_position(request, channels)
    return compact(ContactChannels=[_view(c) for c in page], NextToken=token)


@handles("SendActivationCode")
def send_activation_code(request: Request) -> dict[str, Any]:
    channel = lookup(request.store, request.params["ContactChannelId"])
    since = earlier(request.now, _CODE_WINDOW)
    recent = [sent for sent in channel.codes_sent_at if sent > since]
    limit = request.backend.quotas.activation_codes_per_hour
    if len(recent) >= limit:
        raise quota_exceeded(
            "activation_codes_per_hour",
            f"At most {limit} activation codes can be sent to a contact channel per hour; "
            "try again later",
            resource_id=channel.arn,
            resource_type="CONTACT_CHANNEL",
        )
    channel.codes_sent_at = recent
    _send_code(request, channel)
    return {}


@handles("ActivateContactChannel")
def activate_contact_channel(request: Request) -> dict[str, Any]:
    channel = lookup(request.store, request.params["ContactChannelId"])
    if channel.activation_code is None:
        raise invalid(
            f"No activation code was sent to contact channel {channel.arn}; "
            "call SendActivationCode first"
        )
    if request.params["ActivationCode"] != channel.activation_code:
        raise invalid(
            f"ActivationCode does not match the code last sent to contact channel {channel.arn}"
        )
    channel.activation_status = "ACTIVATED"
    return {}


@handles("DeactivateContactChannel")
def deactivate_contact_channel(request: Request) -> dict[str, Any]:
    channel = lookup(request.store, request.params["ContactChannelId"])
    # The code stays valid: the CLI's example says a deactivated channel can be
    # reactivated at any time with ActivateContactChannel.
    channel.activation_status = "NOT_ACTIVATED"
    return {}
