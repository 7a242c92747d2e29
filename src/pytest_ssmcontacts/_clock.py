"""Virtual time: every timestamp the fake writes comes from here, never the wall clock."""

from __future__ import annotations

import contextlib
import datetime
import threading
from typing import Any, Callable

Listener = Callable[[datetime.datetime], None]


class Clock:
    """A clock that stands still until a test moves it.

    Times are kept to the millisecond, the precision the service reports, so a
    timestamp read back through the API equals the one the fake recorded.
    """

    def __init__(
        self,
        start: datetime.datetime | None = None,
        *,
        lock: contextlib.AbstractContextManager[Any] | None = None,
    ) -> None:
        if start is None:
            start = datetime.datetime.now(datetime.timezone.utc)
        self._now = _aware(start, "start_time")
        self._listeners: list[Listener] = []
        # The fake's lock: moving the clock and running what falls due is one step
        # for a call made from another thread.
        self._lock = lock if lock is not None else threading.RLock()

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
        delta = datetime.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        if delta < datetime.timedelta(0):
            raise ValueError(f"advance() cannot go backwards, got {delta}")
        with self._lock:
            self._move(self._now + delta)
            return self._now

    def set(self, when: datetime.datetime) -> None:
        """Jump forward to ``when`` (naive means UTC), running everything that falls due."""
        when = _aware(when, "when")
        with self._lock:
            if when < self._now:
                raise ValueError(
                    f"set() cannot go backwards: {when.isoformat()} is before "
                    f"{self._now.isoformat()}"
                )
            self._move(when)

    def _move(self, when: datetime.datetime) -> None:
        with self._lock:
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
        value = value.replace(tzinfo=datetime.timezone.utc)
    return _truncate(value.astimezone(datetime.timezone.utc))
