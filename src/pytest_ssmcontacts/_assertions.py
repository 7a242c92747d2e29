"""Assertion helpers behind ``SSMContacts.assert_engaged`` and friends.

Messages list what was expected and then every relevant record as a ``- `` bullet,
showing the fields that differ, so a failure explains itself without a debugger.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable

from .records import ENGAGEMENT_FIELDS, Contact, ContactChannel, Engagement, Page

_IDENTIFYING = ("sender", "subject")


def contact_matcher(function: str, contact: Any) -> Callable[[str], bool]:
    __tracebackhide__ = True
    if isinstance(contact, Contact):
        arn = contact.arn
        return lambda candidate: candidate == arn
    if isinstance(contact, str) and contact.startswith("arn:"):
        return lambda candidate: candidate == contact
    if isinstance(contact, str) and contact:
        suffix = f":contact/{contact}"
        return lambda candidate: candidate.endswith(suffix)
    raise TypeError(
        f"{function}() takes a contact as an alias, an ARN or a Contact, got {contact!r}"
    )


def check_times(function: str, times: Any) -> None:
    __tracebackhide__ = True
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 0):
        raise ValueError(f"{function}(): times must be a non-negative integer, got {times!r}")


def channel_label(channel: Any) -> str | None:
    if channel is None:
        return None
    return channel.name if isinstance(channel, ContactChannel) else str(channel)


def channel_matcher(function: str, channel: Any) -> Callable[[Page], bool]:
    __tracebackhide__ = True
    if channel is None:
        return lambda page: True
    if isinstance(channel, ContactChannel):
        arn = channel.arn
        return lambda page: page.channel_arn == arn
    if isinstance(channel, str) and channel:
        wanted = channel
        return lambda page: (
            page.channel_arn == wanted
            or page.channel_name == wanted
            or page.channel_type == wanted.upper()
        )
    raise TypeError(
        f"{function}() takes channel as a channel type, name, ARN or ContactChannel, "
        f"got {channel!r}"
    )


def check_fields(function: str, fields: dict[str, Any]) -> None:
    __tracebackhide__ = True
    unknown = [name for name in fields if name not in ENGAGEMENT_FIELDS]
    if unknown:
        raise TypeError(
            f"{function}() got an unexpected field {unknown[0]!r}; "
            f"expected Engagement fields: {', '.join(sorted(ENGAGEMENT_FIELDS))}"
        )


def _satisfied(times: int | None, matched: int) -> bool:
    return matched >= 1 if times is None else matched == times


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
    if _satisfied(times, matched):
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


def _when(page: Page) -> str:
    return page.sent_time.strftime("%Y-%m-%d %H:%M:%S") + "Z"


def _page_bullet(
    page: Page,
    label: str | None,
    channel: str | None,
    matches_contact: bool,
    matches_channel: bool,
) -> str:
    line = (
        f"- {page.contact_alias} via {page.channel_type} {page.channel_name!r}, sent {_when(page)}"
    )
    differences: list[str] = []
    if not matches_contact and label is not None:
        differences.append(f"contact differs (expected {label!r})")
    if not matches_channel and channel is not None:
        differences.append(f"channel differs (expected {channel!r})")
    return line + (": " + ", ".join(differences) if differences else "")


def paged_failure(
    *,
    label: str,
    channel: str | None,
    times: int | None,
    matched: int,
    pages: Sequence[Page],
    contact_matches: Sequence[bool],
    channel_matches: Sequence[bool],
    hint: str = "",
) -> str | None:
    """The failure message for ``assert_paged``, or None when it passes."""
    if _satisfied(times, matched):
        return None
    via = f" via {channel!r}" if channel is not None else ""
    if times is None:
        head = f"Expected a page to {label!r}{via}; none matched.{hint}"
    else:
        head = f"Expected {_plural(times, 'page')} to {label!r}{via}; {matched} matched.{hint}"
    if not pages:
        return head + "\nPages sent: none."
    lines = [head, f"Pages sent ({len(pages)}):"]
    lines += [
        _page_bullet(p, label, channel, c, ch)
        for p, c, ch in zip(pages, contact_matches, channel_matches)
    ]
    return "\n".join(lines)


def not_paged_failure(label: str | None, offending: Sequence[Page]) -> str | None:
    if not offending:
        return None
    what = "pages" if label is None else f"page to {label!r}"
    verb = "was" if len(offending) == 1 else "were"
    head = f"Expected no {what}; {len(offending)} {verb} sent:"
    return "\n".join([head] + [_page_bullet(p, None, None, True, True) for p in offending])
