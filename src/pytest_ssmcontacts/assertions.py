"""Assertion helpers behind ``SSMContacts.assert_engaged`` and friends.

Messages list what was expected and then every relevant record as a ``- `` bullet,
showing the fields that differ, so a failure explains itself without a debugger.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .records import ENGAGEMENT_FIELDS, Engagement

_IDENTIFYING = ("sender", "subject")


def check_fields(function: str, fields: dict[str, Any]) -> None:
    unknown = [name for name in fields if name not in ENGAGEMENT_FIELDS]
    if unknown:
        raise TypeError(
            f"{function}() got an unexpected field {unknown[0]!r}; "
            f"expected Engagement fields: {', '.join(sorted(ENGAGEMENT_FIELDS))}"
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _with(fields: dict[str, Any]) -> str:
    if not fields:
        return ""
    return " with " + ", ".join(f"{name}={value!r}" for name, value in fields.items())


def _bullet(
    engagement: Engagement, label: str | None, matches_contact: bool, fields: dict[str, Any]
) -> str:
    parts: list[str] = []
    if not matches_contact and label is not None:
        parts.append(f"contact differs (expected {label!r})")
    shown = fields or {name: getattr(engagement, name) for name in _IDENTIFYING}
    for name, expected in shown.items():
        actual = getattr(engagement, name)
        if fields and actual != expected:
            parts.append(f"{name}={actual!r} differs (expected {expected!r})")
        else:
            parts.append(f"{name}={actual!r}")
    return f"- {engagement.contact_alias}: " + ", ".join(parts)


def _listing(
    title: str,
    engagements: Sequence[Engagement],
    label: str | None,
    contact_matches: Sequence[bool],
    fields: dict[str, Any],
) -> str:
    if not engagements:
        return f"{title}: none."
    lines = [f"{title} ({len(engagements)}):"]
    lines += [
        _bullet(e, label, matched, fields) for e, matched in zip(engagements, contact_matches)
    ]
    return "\n".join(lines)


def engaged_failure(
    *,
    label: str,
    fields: dict[str, Any],
    times: int | None,
    matched: int,
    engagements: Sequence[Engagement],
    contact_matches: Sequence[bool],
    hint: str = "",
) -> str | None:
    """The failure message for ``assert_engaged``, or None when it passes."""
    if (times is None and matched >= 1) or (times is not None and matched == times):
        return None
    if times is None:
        head = f"Expected an engagement of {label!r}{_with(fields)}; none matched.{hint}"
    else:
        head = (
            f"Expected {_plural(times, 'engagement')} of {label!r}{_with(fields)}; "
            f"{matched} matched.{hint}"
        )
    return (
        head + "\n" + _listing("Engagements started", engagements, label, contact_matches, fields)
    )


def not_engaged_failure(label: str | None, offending: Sequence[Engagement]) -> str | None:
    if not offending:
        return None
    what = "engagements" if label is None else f"engagement of {label!r}"
    verb = "was" if len(offending) == 1 else "were"
    head = f"Expected no {what}; {len(offending)} {verb} started:"
    return "\n".join([head] + [_bullet(e, None, True, {}) for e in offending])
