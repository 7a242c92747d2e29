"""How ``add_contact``, ``add_rotation`` and ``add_override`` word bad arguments.

They check their arguments against the API's input shapes and rules, so a problem is
found in terms of model members; the user wrote Python arguments, so that is what a
message names. Every problem found goes into one ValueError.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ._errors import ServiceError
from ._quotas import QUOTA_CODES
from ._violations import Violation

QUOTA_NAMES = {code: name for name, code in QUOTA_CODES.items()}


def fail(function: str, problems: list[str]) -> ValueError:
    return ValueError(f"{function}(): " + "; ".join(problems))


def describe(field: str, violation: Violation) -> str:
    if violation.value is None:
        return f"{field} is required"
    return f"{field} {violation.value!r} {violation.rule}"


def rule_of(error: ServiceError) -> str:
    """The rule an ``invalid`` error states, without AWS's "Invalid value provided" lead."""
    if error.code == "ResourceNotFoundException":
        what = str(error.members.get("ResourceType", "resource")).replace("_", " ").lower()
        return f"no {what} {error.members.get('ResourceId')}"
    return error.message.removeprefix("Invalid value provided - ")


def service_failure(function: str, error: ServiceError, arguments: Mapping[str, str]) -> ValueError:
    """A rule of the service the seeding ran into, worded for ``function``'s caller.

    ``arguments`` maps the request member the rule is about to the argument that
    gave it; a quota names the quota, as the ``quotas`` option spells it.
    """
    rule = rule_of(error)
    # The rule speaks of request members; the caller wrote arguments.
    for member, argument in arguments.items():
        rule = re.sub(rf"\b{re.escape(member)}\b", argument, rule)
    if error.code == "ServiceQuotaExceededException":
        quota = QUOTA_NAMES.get(str(error.members.get("QuotaCode")))
        if quota is not None:
            rule += f" (quota {quota!r})"
    if error.member is None:
        return fail(function, [rule])
    argument = arguments.get(error.member, error.member)
    if not rule.startswith(f"{argument} "):
        rule = f"{argument}: {rule}"
    return fail(function, [rule])


def python_path(parts: Sequence[Any], names: Mapping[str, str]) -> str:
    """A model path in Python terms: ``plan['Stages'][0]`` for ``Plan.Stages.0``."""
    head, *rest = parts
    return names.get(str(head), str(head)) + "".join(f"[{part!r}]" for part in rest)


def tag_items(tags: Any, problems: list[str]) -> list[tuple[Any, Any]]:
    if tags is None:
        return []
    if not isinstance(tags, Mapping):
        problems.append(f"tags must be a dict of tag keys to values, got {tags!r}")
        return []
    return list(tags.items())


def tag_field(rest: Sequence[Any], items: list[tuple[Any, Any]]) -> str | None:
    """The tag a violation under ``Tags`` is about, by its key; None if about the list."""
    if len(rest) == 2 and isinstance(rest[0], int):
        key = items[rest[0]][0]
        return f"tags key {key!r}" if rest[1] == "Key" else f"tags[{key!r}]"
    return None
