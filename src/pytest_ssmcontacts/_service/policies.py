"""Resource policies of contacts: stored verbatim, never used for authorization."""

from __future__ import annotations

import json
from typing import Any

from .._errors import invalid
from . import _contact_rules
from ._registry import Request, compact, handles

# The Policy of a contact that has none: an empty JSON object.
NO_POLICY = "{}"


@handles("PutContactPolicy")
def put_contact_policy(request: Request) -> dict[str, Any]:
    params = request.params
    contact = _contact_rules.lookup(request.store, params["ContactArn"])
    policy = params["Policy"]
    try:
        document = json.loads(policy)
    except (ValueError, RecursionError):
        # RecursionError: "[" nested a hundred thousand deep is no policy either.
        document = None
    if not isinstance(document, dict):
        raise invalid(f"Policy for {contact.arn} is not a JSON policy document (a JSON object)")
    contact.policy = policy
    return {}


@handles("GetContactPolicy")
def get_contact_policy(request: Request) -> dict[str, Any]:
    contact = _contact_rules.lookup(request.store, request.params["ContactArn"])
    # Without a policy AWS still answers with Policy: tools that scan real accounts
    # decode it with json.loads and skip contacts whose policy decodes to nothing.
    policy = contact.policy if contact.policy is not None else NO_POLICY
    return compact(ContactArn=contact.arn, Policy=policy)
