"""Tags as requests give them, and how many a resource may carry: one rule for creation
and for TagResource."""

from __future__ import annotations

import functools
from collections.abc import Collection

from .. import _model
from .._errors import invalid
from .._quotas import Quotas
from .._quotas import exceeded as quota_exceeded


@functools.cache
def max_tags() -> int:
    """How many tags a resource can have: ListTagsForResource answers them in a
    TagsList, which the model bounds, whatever the tags_per_resource quota says."""
    return int(_model.service_model().shape_for("TagsList").metadata["max"])


def check_tag_count(quotas: Quotas, arn: str, keys: Collection[str]) -> None:
    """Refuse a resource (new, or tagged again) that would carry more tags than allowed."""
    limit = min(quotas.tags_per_resource, max_tags())
    if len(keys) > limit:
        raise quota_exceeded(
            "tags_per_resource",
            f"A resource can have at most {limit} tags; this request would leave "
            f"{arn} with {len(keys)}",
            resource_id=arn,
        )


def tags_of(tag_list: list[dict[str, str]] | None) -> dict[str, str]:
    """A request's TagsList as a dict; the model makes Key and Value optional, a tag needs both."""
    tags: dict[str, str] = {}
    for index, tag in enumerate(tag_list or []):
        if "Key" not in tag or "Value" not in tag:
            missing = "Key" if "Key" not in tag else "Value"
            raise invalid(f"Tags[{index}] has no {missing}; every tag needs a Key and a Value")
        tags[tag["Key"]] = tag["Value"]
    return tags
