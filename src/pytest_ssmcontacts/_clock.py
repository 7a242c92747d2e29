"""The fake's time: every timestamp it writes comes from here.

A ``Clock`` is virtual and moves only when the test moves it; a ``SystemClock``
(``clock="system"``) reads the process's clock, which time-travel libraries move.
"""

from __future__ import annotations

import contextlib
import datetime
import threading
from typing import Any, Callable

Listener = Callable[[datetime.datetime], None]

CLOCK_MODES = ("virtual", "system")


def check_clock_mode(value: Any) -> str:
    """The ``clock`` option: ``"virtual"`` (the default) or ``"system"``."""
    __tracebackhide__ = True
    if not isinstance(value, str) or value not in CLOCK_MODES:
        raise ValueError(f"clock must be 'virtual' or 'system', got {value!r}")
    return value


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

    def __init__(
        self,
        start: datetime.datetime | None = None,
        *,
        lock: contextlib.AbstractContextManager[Any] | None = None,
    ) -> None:
        __tracebackhide__ = True
        if start is None:
            start = datetime.datetime.now(datetime.timezone.utc)
        self._now = _aware(start, "start_time")
        self._listeners: list[Listener] = []
        # The fake's lock: moving the clock and running what falls due is one step
        # for a call made from another thread.
        self._lock = lock if lock is not None else threading.RLock()

    @property
    def mode(self) -> str:
        """``"virtual"``: the clock moves only when the test moves it."""
        return "virtual"

    def now(self) -> datetime.datetime:
        """The current virtual time (timezone-aware, UTC)."""
        return self._now

    def advance(
        self,
        delta: datetime.timedelta | None = None,
        /,
        *,
        days: float = 0,
        hours: float = 0,
        minutes: float = 0,
        seconds: float = 0,
    ) -> datetime.datetime:
        """Move forward by ``delta`` and/or the given units, running everything that falls due.

        Returns the new time.
        """
        __tracebackhide__ = True
        if delta is not None and not isinstance(delta, datetime.timedelta):
            raise TypeError(
                f"advance() takes a datetime.timedelta or keyword units (days=, hours=, "
                f"minutes=, seconds=), got {delta!r}"
            )
        asked = f"days={days!r}, hours={hours!r}, minutes={minutes!r}, seconds={seconds!r}"
        if delta is not None:
            asked = f"{delta!r}, {asked}"
        try:
            delta = (delta or datetime.timedelta(0)) + datetime.timedelta(
                days=days, hours=hours, minutes=minutes, seconds=seconds
            )
        except (OverflowError, ValueError):
            raise ValueError(
                f"advance({asked}) is not a duration the clock can move by; it shows {RANGE}"
            ) from None
        if delta < datetime.timedelta(0):
            raise ValueError(f"advance() cannot go backwards, got {delta}")
        with self._lock:
            try:
                when = self._now + delta
            except OverflowError:
                raise ValueError(
                    f"advance({asked}) would move the clock past {LATEST.isoformat()}, the "
                    f"latest time it can show (it is {self._now.isoformat()})"
                ) from None
            self._move(when)
            return self._now

    def set(self, when: datetime.datetime) -> None:
        """Jump forward to ``when`` (naive means UTC), running everything that falls due."""
        __tracebackhide__ = True
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


class SystemClock(Clock):
    """A clock that follows the process's system clock (``clock="system"``).

    Time-travel libraries move it together with the code under test: every reading goes
    through the standard library at that moment, and runs the work that fell due since
    the previous reading.
    """

    def __init__(self, *, lock: contextlib.AbstractContextManager[Any] | None = None) -> None:
        __tracebackhide__ = True
        super().__init__(_system_now(), lock=lock)

    @property
    def mode(self) -> str:
        """``"system"``: the clock is the system's."""
        return "system"

    def now(self) -> datetime.datetime:
        """The system's current time (timezone-aware, UTC), after running what fell due."""
        # A system clock moved backwards (a traveller sent to the past) is followed too;
        # work already done stays done, and nothing falls due until time passes it again.
        self._move(_system_now())
        return self._now

    def advance(
        self,
        delta: datetime.timedelta | None = None,
        /,
        *,
        days: float = 0,
        hours: float = 0,
        minutes: float = 0,
        seconds: float = 0,
    ) -> datetime.datetime:
        __tracebackhide__ = True
        raise RuntimeError(_NOT_MOVABLE.format(method="advance"))

    def set(self, when: datetime.datetime) -> None:
        __tracebackhide__ = True
        raise RuntimeError(_NOT_MOVABLE.format(method="set"))

    def __repr__(self) -> str:
        return f"Clock(system, {self._now.isoformat()})"


_NOT_MOVABLE = (
    "clock.{method}() is not available with clock='system': the fake follows the system "
    "clock, so move that with your time-travel library, e.g. time-machine's "
    "traveller.shift(datetime.timedelta(minutes=5)) or freezegun's "
    "frozen.tick(datetime.timedelta(minutes=5)); or use clock='virtual' (the default)"
)


def _system_now() -> datetime.datetime:
    # Looked up at every reading, through the module attribute: freezegun replaces
    # ``datetime.datetime`` while it runs, and time-machine patches what ``now()`` calls.
    now = datetime.datetime.now(datetime.timezone.utc)
    # freezegun answers with its own datetime subclass; records keep the plain type.
    return _truncate(
        _DATETIME[0](
            now.year,
            now.month,
            now.day,
            now.hour,
            now.minute,
            now.second,
            now.microsecond,
            tzinfo=datetime.timezone.utc,
        )
    )


# Kept in a tuple: freezegun swaps every module attribute that *is* the datetime class.
_DATETIME: tuple[type[datetime.datetime]] = (datetime.datetime,)


def _truncate(value: datetime.datetime) -> datetime.datetime:
    return value.replace(microsecond=value.microsecond - value.microsecond % 1000)


def parse_start_time(value: Any) -> datetime.datetime | None:
    """A ``start_time`` option: a datetime or an ISO 8601 string (naive ones are UTC)."""
    __tracebackhide__ = True
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
    __tracebackhide__ = True
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


def aware_time(function: str, value: Any) -> datetime.datetime:
    """A timezone-aware instant for ``function``'s ``at`` argument."""
    __tracebackhide__ = True
    try:
        parsed = parse_start_time(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{function}(): {str(exc).replace('start_time', 'at')}") from None
    assert parsed is not None
    return parsed
