"""Tags on contacts (and, through ``taggable``, on any resource type that stores them)."""

from __future__ import annotations

from typing import Any

from .. import _arns
from .._errors import existing, invalid, not_found
from ._registry import Request, handles
from ._store import Store
from ._tag_rules import check_tag_count, tags_of

# ssm-contacts resources that exist but carry no tags.
_UNTAGGABLE = {
    "contact-channel": "contact channels",
    "engagement": "engagements",
    "page": "pages",
}


def taggable(store: Store, arn: str) -> dict[str, str]:
    """The live tags dict of the resource that ``arn`` names: a contact or a rotation."""
    parsed = _arns.parse(arn)
    if parsed is None:
        raise invalid(f"Invalid resource Arn {arn}")
    resource = parsed[3]
    kind = resource.split("/", 1)[0]
    if kind in _UNTAGGABLE:
        raise invalid(f"Tags are not supported for {_UNTAGGABLE[kind]}: {arn}")
    if kind == "contact":
        contact = store.contact_by_arn(arn)
        if contact is None:
            raise not_found("CONTACT", arn)
        return contact.tags
    if kind == "rotation":
        return existing(store.rotations, arn, "ROTATION").tags
    raise invalid(f"Invalid resource Arn {arn}")


@handles("TagResource")
def tag_resource(request: Request) -> dict[str, Any]:
    params = request.params
    tags = taggable(request.store, params["ResourceARN"])
    new = tags_of(params["Tags"])
    check_tag_count(request.backend.quotas, params["ResourceARN"], tags.keys() | new.keys())
    tags.update(new)
    return {}


@handles("UntagResource")
def untag_resource(request: Request) -> dict[str, Any]:
    params = request.params
    tags = taggable(request.store, params["ResourceARN"])
    for key in params["TagKeys"]:
        tags.pop(key, None)
    return {}


@handles("ListTagsForResource")
def list_tags_for_resource(request: Request) -> dict[str, Any]:
    tags = taggable(request.store, request.params["ResourceARN"])
    return {"Tags": [{"Key": key, "Value": value} for key, value in tags.items()]}
