"""What a new contact channel must satisfy: CreateContactChannel's rules.

Both the API (``CreateContactChannel``, ``UpdateContactChannel``) and the channels the
fixture creates with a contact (``add_contact(channels=...)``) are checked here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .._errors import about, conflict, invalid
from .._quotas import Quotas
from .._quotas import exceeded as quota_exceeded
from ._store import ChannelState

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


def checked_address(channel_type: str, delivery_address: dict[str, Any]) -> str:
    """The SimpleAddress of ``delivery_address`` if a ``channel_type`` channel can use it."""
    # SimpleAddress is optional in the model, so an empty DeliveryAddress gets this far.
    address = delivery_address.get("SimpleAddress")
    if address is None:
        problem: str | None = "SimpleAddress is required"
    else:
        problem = address_problem(channel_type, address)
        if problem is None:
            return str(address)
    raise invalid(
        f"ContactChannelAddress(SimpleAddress={'null' if address is None else address}) "
        f"Contact channel address is invalid for a {channel_type} channel: {problem}"
    )


def refuse_duplicate(
    contact_arn: str,
    siblings: Iterable[ChannelState],
    channel_type: str,
    address: str,
    ignore: ChannelState | None = None,
) -> None:
    """A contact has one channel per type and address."""
    for other in siblings:
        if other is not ignore and other.type == channel_type and other.address == address:
            raise conflict(
                f"Contact {contact_arn} already has a {channel_type} channel with address "
                f"{address}: {other.arn}",
                "CONTACT_CHANNEL",
                other.arn,
            )


def check_new(
    quotas: Quotas,
    *,
    contact_arn: str,
    contact_type: str,
    siblings: list[ChannelState],
    channel_type: str,
    delivery_address: dict[str, Any],
) -> str:
    """Raise the error CreateContactChannel answers, or return the channel's address.

    ``siblings`` are the contact's channels so far.
    """
    if contact_type != "PERSONAL":
        raise invalid(
            f"Contact channels can only be added to PERSONAL contacts; {contact_arn} is "
            f"{contact_type}"
        )
    with about("DeliveryAddress"):
        address = checked_address(channel_type, delivery_address)
    refuse_duplicate(contact_arn, siblings, channel_type, address)
    limit = quotas.channels_per_contact
    if len(siblings) >= limit:
        raise quota_exceeded(
            "channels_per_contact",
            f"A contact can have at most {limit} contact channels",
            resource_id=contact_arn,
            resource_type="CONTACT",
        )
    return address
