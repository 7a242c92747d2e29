"""Virtual time: every timestamp the fake writes comes from here, never the wall clock."""

from __future__ import annotations

import datetime
from typing import Any, Callable

Listener = Callable[[datetime.datetime], None]

UTC = datetime.timezone.utc
# The clock shows any instant Python's datetime can hold, to the millisecond.
EARLIEST = datetime.datetime.min.replace(tzinfo=UTC)
LATEST = datetime.datetime.max.replace(microsecond=999000, tzinfo=UTC)
RANGE = f"{EARLIEST.isoformat()} to {LATEST.isoformat()}"


class Clock:
    """A clock that stands still until a test moves it.

    Times are kept to the millisecond, the precision the service reports, so a
    timestamp read back through the API equals the one the fake recorded. The clock
    shows any instant from ``EARLIEST`` to ``LATEST`` (Python's whole datetime range,
    in UTC); moving it beyond either is a ValueError naming the argument.
    """

    def __init__(self, start: datetime.datetime | None = None) -> None:
        if start is None:
            start = datetime.datetime.now(datetime.timezone.utc)
        self._now = _aware(start, "start_time")
        self._listeners: list[Listener] = []

    def now(self) -> datetime.datetime:
        """The current virtual time (timezone-aware, UTC)."""
        return self._now

    def advance(
        self,
        *,
        days: float = 0,
        hours: float = 0,
        minutes: float = 0,
        seconds: float = 0,
    ) -> datetime.datetime:
        """Move forward, running everything that falls due; returns the new time."""
        asked = f"days={days!r}, hours={hours!r}, minutes={minutes!r}, seconds={seconds!r}"
        try:
            delta = datetime.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        except (OverflowError, ValueError):
            raise ValueError(
                f"advance({asked}) is not a duration the clock can move by; it shows {RANGE}"
            ) from None
        if delta < datetime.timedelta(0):
            raise ValueError(f"advance() cannot go backwards, got {delta}")
        try:
            when = self._now + delta
        except OverflowError:
            raise ValueError(
                f"advance({asked}) would move the clock past {LATEST.isoformat()}, the latest "
                f"time it can show (it is {self._now.isoformat()})"
            ) from None
        self._move(when)
        return self._now

    def set(self, when: datetime.datetime) -> None:
        """Jump forward to ``when`` (naive means UTC), running everything that falls due."""
        when = _aware(when, "when")
        if when < self._now:
            raise ValueError(
                f"set() cannot go backwards: {when.isoformat()} is before {self._now.isoformat()}"
            )
        self._move(when)

    def _move(self, when: datetime.datetime) -> None:
        self._now = _truncate(when)
        for listener in self._listeners:
            listener(self._now)

    def _subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def __repr__(self) -> str:
        return f"Clock({self._now.isoformat()})"


def _truncate(value: datetime.datetime) -> datetime.datetime:
    return value.replace(microsecond=value.microsecond - value.microsecond % 1000)


def parse_start_time(value: Any) -> datetime.datetime | None:
    """A ``start_time`` option: a datetime or an ISO 8601 string (naive ones are UTC)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"start_time must be an ISO 8601 date-time such as '2024-01-01T09:00:00+00:00', "
                f"got {value!r}"
            ) from None
    return _aware(value, "start_time")


def _aware(value: Any, name: str) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        # botocore sends a naive datetime as UTC; the clock reads it the same way.
        value = value.replace(tzinfo=UTC)
    try:
        return _truncate(value.astimezone(UTC))
    except OverflowError:
        # An offset pushing it before year 1 or after year 9999 in UTC.
        raise ValueError(
            f"{name} {value.isoformat()} is outside the times the clock can show: {RANGE}"
        ) from None
