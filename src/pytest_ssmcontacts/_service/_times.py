"""Timestamps from requests: epoch seconds, kept within the years the fake can compute."""

from __future__ import annotations

import datetime
from typing import Any

from .._errors import invalid

UTC = datetime.timezone.utc
# Shift arithmetic steps over days around a window; keeping instants within these
# years leaves room on both sides of Python's datetime range (years 1 to 9999).
EARLIEST = datetime.datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime.datetime(3000, 1, 1, tzinfo=UTC)


def from_epoch(value: Any, member: str, *, bounded: bool = True) -> datetime.datetime:
    """The instant ``value`` (epoch seconds) names, truncated to milliseconds.

    ``bounded`` limits it to the years shifts are computed for; a filter that is only
    compared against (ListEngagements) may name any instant Python can represent.
    """
    try:
        instant = datetime.datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise invalid(f"{member} is not a representable time: {value}") from None
    if bounded and not EARLIEST <= instant < LATEST:
        raise invalid(f"{member} must be a time between 1970 and 3000, got {value}")
    return instant.replace(microsecond=instant.microsecond - instant.microsecond % 1000)


def later(instant: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime | None:
    """``instant + delta``, or None past the last instant Python (and so the clock) can hold.

    Work due at such a time never falls due: the clock cannot reach it.
    """
    try:
        return instant + delta
    except OverflowError:
        return None


def earlier(instant: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime:
    """``instant - delta``, or the first instant Python can hold if that is before it."""
    try:
        return instant - delta
    except OverflowError:
        return datetime.datetime.min.replace(tzinfo=UTC)
