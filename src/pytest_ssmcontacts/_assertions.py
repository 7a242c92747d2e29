"""The fixture's assertions: ``assert_engaged``, ``assert_paged`` and their negations.

Each one filters the records and, on failure, builds its message here. Messages list
what was expected and then every relevant record as a ``- `` bullet, showing the
fields that differ, so a failure explains itself without a debugger.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from . import _explain, _reads, _refs
from ._refs import ContactRef
from ._service._store import Backend
from .records import ENGAGEMENT_FIELDS, Engagement, Page

_IDENTIFYING = ("sender", "subject")


# -- the assertions --------------------------------------------------------------


def assert_engaged(
    backend: Backend, region: str, contact: ContactRef, times: int | None, fields: dict[str, Any]
) -> None:
    __tracebackhide__ = True
    check_fields("assert_engaged", fields)
    check_times("assert_engaged", times)
    matches = _refs.contact_matcher("assert_engaged", contact)
    engagements = [state.record for state in backend.engagements]
    contact_matches = [matches(e.contact_arn) for e in engagements]
    matched = sum(
        1
        for e, same in zip(engagements, contact_matches)
        if same and all(getattr(e, k) == v for k, v in fields.items())
    )
    message = engaged_failure(
        label=_refs.label(contact),
        fields=fields,
        times=times,
        matched=matched,
        engagements=engagements,
        contact_matches=contact_matches,
        hint=_refs.unknown_alias_hint(backend, contact),
    )
    if message is not None:
        if matched < (1 if times is None else times):
            message += _failed_calls_section(backend, region)
        raise AssertionError(message)


def assert_not_engaged(backend: Backend, contact: ContactRef | None) -> None:
    __tracebackhide__ = True
    engagements = [state.record for state in backend.engagements]
    if contact is None:
        offending, label = engagements, None
    else:
        matches = _refs.contact_matcher("assert_not_engaged", contact)
        offending = [e for e in engagements if matches(e.contact_arn)]
        label = _refs.label(contact)
    message = not_engaged_failure(label, offending)
    if message is not None:
        raise AssertionError(message)


def assert_paged(
    backend: Backend,
    region: str,
    now: datetime.datetime,
    contact: ContactRef,
    channel: Any,
    times: int | None,
) -> None:
    __tracebackhide__ = True
    check_times("assert_paged", times)
    matches = _refs.contact_matcher("assert_paged", contact)
    on_channel = _refs.channel_matcher("assert_paged", channel)
    pages = _reads.pages(backend)
    contact_matches = [matches(p.contact_arn) for p in pages]
    channel_matches = [on_channel(p) for p in pages]
    matched = sum(1 for c, ch in zip(contact_matches, channel_matches) if c and ch)
    label = _refs.label(contact)
    message = paged_failure(
        label=label,
        channel=_refs.channel_label(channel),
        times=times,
        matched=matched,
        pages=pages,
        contact_matches=contact_matches,
        channel_matches=channel_matches,
        hint=_refs.unknown_alias_hint(backend, contact),
    )
    if message is not None:
        if matched < (1 if times is None else times):
            if not any(contact_matches):
                states = _refs.contacts_everywhere(backend, contact)
                lines = _explain.page_obstacles(backend, states, now)
                message += _explain.section(f"Why {label!r} was not paged:", lines)
            message += _failed_calls_section(backend, region)
        raise AssertionError(message)


def assert_not_paged(backend: Backend, contact: ContactRef | None) -> None:
    __tracebackhide__ = True
    pages = _reads.pages(backend)
    if contact is None:
        offending, label = pages, None
    else:
        matches = _refs.contact_matcher("assert_not_paged", contact)
        offending = [p for p in pages if matches(p.contact_arn)]
        label = _refs.label(contact)
    message = not_paged_failure(label, offending)
    if message is not None:
        raise AssertionError(message)


def _failed_calls_section(backend: Backend, region: str) -> str:
    """The failed calls that could explain an engagement (or page) found missing."""
    lines = _explain.failed_calls(backend.calls, backend, region)
    return _explain.section("Failed calls that could explain it:", lines)


def unused_faults_report(unused: Sequence[str], opt_out: str) -> str | None:
    """The failure message for faults left unused, or None when every fault was used."""
    if not unused:
        return None
    return "\n".join(
        [
            "Some faults queued with fail_next() were never used:",
            *(f"- {line}" for line in unused),
            f"If that is on purpose, {opt_out}.",
        ]
    )


# -- checks of the arguments and the messages --------------------------------------


def check_times(function: str, times: Any) -> None:
    __tracebackhide__ = True
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 0):
        raise ValueError(f"{function}(): times must be a non-negative integer, got {times!r}")


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
