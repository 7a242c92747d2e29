"""How many tags a resource may carry: one rule for creation and for TagResource."""

from __future__ import annotations

import functools
from collections.abc import Collection

from .. import _model
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
