"""Contact channels: creation, updates and the activation-code handshake."""

from __future__ import annotations

import datetime
from typing import Any

from .._errors import conflict, existing, invalid
from .._quotas import exceeded as quota_exceeded
from . import _idempotency, _pagination, contacts
from ._output import compact
from ._registry import Request, handles
from ._store import ChannelState, ContactState, Store
from ._times import earlier

_CODE_WINDOW = datetime.timedelta(hours=1)


def lookup(store: Store, channel_id: str) -> ChannelState:
    return existing(store.channels, channel_id, "CONTACT_CHANNEL")


def _checked_address(channel_type: str, delivery_address: dict[str, Any]) -> str:
    # SimpleAddress is optional in the model, so an empty DeliveryAddress gets this far.
    address = delivery_address.get("SimpleAddress")
    if address is None:
        problem: str | None = "SimpleAddress is required"
    else:
        problem = contacts.address_problem(channel_type, address)
        if problem is None:
            return str(address)
    raise invalid(
        f"ContactChannelAddress(SimpleAddress={'null' if address is None else address}) "
        f"Contact channel address is invalid for a {channel_type} channel: {problem}"
    )


def _refuse_duplicate(
    store: Store,
    contact: ContactState,
    channel_type: str,
    address: str,
    ignore: ChannelState | None = None,
) -> None:
    for arn in contact.channel_arns:
        other = store.channels.get(arn)
        if (
            other is not None
            and other is not ignore
            and other.type == channel_type
            and other.address == address
        ):
            raise conflict(
                f"Contact {contact.arn} already has a {channel_type} channel with address "
                f"{address}: {other.arn}",
                "CONTACT_CHANNEL",
                other.arn,
            )


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


@handles("CreateContactChannel")
def create_contact_channel(request: Request) -> dict[str, Any]:
    params = request.params
    store = request.store
    contact = contacts.lookup(store, params["ContactId"])
    replayed = _idempotency.replay(request)
    if replayed is not None:
        return replayed
    if contact.type != "PERSONAL":
        raise invalid(
            f"Contact channels can only be added to PERSONAL contacts; {contact.arn} is "
            f"{contact.type}"
        )
    channel_type = params["Type"]
    address = _checked_address(channel_type, params["DeliveryAddress"])
    _refuse_duplicate(store, contact, channel_type, address)
    limit = request.backend.quotas.channels_per_contact
    if len(contact.channel_arns) >= limit:
        raise quota_exceeded(
            "channels_per_contact",
            f"A contact can have at most {limit} contact channels",
            resource_id=contact.arn,
            resource_type="CONTACT",
        )
    channel = contacts.add_channel(
        store,
        contact,
        arn=contacts.new_channel_arn(store, contact.alias),
        name=params["Name"],
        type=channel_type,
        address=address,
        activated=False,
    )
    if not params.get("DeferActivation"):
        _send_code(request, channel)
    response = {"ContactChannelArn": channel.arn}
    _idempotency.remember(request, response)
    return response


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
        new_address = _checked_address(channel.type, params["DeliveryAddress"])
        contact = store.contact_by_arn(channel.contact_arn)
        if contact is not None:
            _refuse_duplicate(store, contact, channel.type, new_address, ignore=channel)
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
    contact = contacts.lookup(store, request.params["ContactId"])
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
            f"No activation code is pending for contact channel {channel.arn}; "
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
    channel.activation_status = "NOT_ACTIVATED"
    # Reactivation needs a fresh code, so a code read before deactivating is useless.
    channel.activation_code = None
    return {}
