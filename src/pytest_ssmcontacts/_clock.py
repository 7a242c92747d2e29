"""Virtual time: every timestamp the fake writes comes from here, never the wall clock."""

from __future__ import annotations

import datetime


class Clock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime.datetime | None = None) -> None:
        if start is None:
            start = datetime.datetime.now(datetime.timezone.utc)
        self._now = _aware(start, "start")

    def now(self) -> datetime.datetime:
        """The current virtual time (timezone-aware, UTC)."""
        return self._now

    def advance(
        self, *, days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0
    ) -> datetime.datetime:
        """Move forward; returns the new time. Time never goes backwards."""
        delta = datetime.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        if delta < datetime.timedelta(0):
            raise ValueError(f"advance() cannot go backwards, got {delta}")
        self._now = self._now + delta
        return self._now

    def set(self, when: datetime.datetime) -> None:
        """Jump to ``when`` (timezone-aware, not earlier than now)."""
        when = _aware(when, "when")
        if when < self._now:
            raise ValueError(
                f"set() cannot go backwards: {when.isoformat()} is before {self._now.isoformat()}"
            )
        self._now = when

    def __repr__(self) -> str:
        return f"Clock({self._now.isoformat()})"


def _aware(value: datetime.datetime, name: str) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, e.g. datetime(..., tzinfo=timezone.utc)")
    return value.astimezone(datetime.timezone.utc)
