"""The contact operations on the wire; their rules live in ``_contact_rules``."""

from __future__ import annotations

from typing import Any

from .._errors import in_use
from . import _pagination
from ._contact_rules import copy_plan, create, lookup
from ._plans import check_plan
from ._registry import Request, compact, handles
from ._shapes import Plan
from ._tag_rules import tags_of

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
        Plan=copy_plan(contact.plan),
    )


@handles("UpdateContact")
def update_contact(request: Request) -> dict[str, Any]:
    params = request.params
    store = request.store
    contact = lookup(store, params["ContactId"])
    plan: Plan | None = params.get("Plan")
    if plan is not None:
        check_plan(
            store,
            request.backend.quotas,
            contact_arn=contact.arn,
            contact_type=contact.type,
            plan=plan,
            channel_arns=contact.channel_arns,
        )
        contact.plan = copy_plan(plan)
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
