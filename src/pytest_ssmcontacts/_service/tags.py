"""Tags on contacts (and, through ``taggable``, on any resource type that stores them)."""

from __future__ import annotations

from typing import Any

from .. import _arns
from .._errors import existing, invalid, not_found
from ._registry import Request, handles
from ._store import Store
from ._tag_rules import check_tag_count

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


def tags_of(tag_list: list[dict[str, str]] | None) -> dict[str, str]:
    """A request's TagsList as a dict; the model makes Key and Value optional, a tag needs both."""
    tags: dict[str, str] = {}
    for index, tag in enumerate(tag_list or []):
        if "Key" not in tag or "Value" not in tag:
            missing = "Key" if "Key" not in tag else "Value"
            raise invalid(f"Tags[{index}] has no {missing}; every tag needs a Key and a Value")
        tags[tag["Key"]] = tag["Value"]
    return tags


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
