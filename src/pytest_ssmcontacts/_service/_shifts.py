"""On-call shifts of a rotation: hand-offs in local time, coverage windows, overrides.

The hand-off instants are the rotation's recurrence entries (daily times, weekly
weekday+time, or monthly day+time) in its time zone, so a 09:00 hand-off stays at
09:00 local time across daylight-saving changes. The number of hand-offs between
the rotation's start and any instant is computed arithmetically (periods elapsed
times entries per period), so listing a window costs time in proportion to the
shifts in the window, not to the rotation's age.
"""

from __future__ import annotations

import calendar
import datetime
import functools
from collections.abc import Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import attrs

UTC = datetime.timezone.utc
WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


@attrs.frozen
class Override:
    start: datetime.datetime
    end: datetime.datetime
    contacts: tuple[str, ...]


@attrs.frozen
class ShiftRecord:
    start: datetime.datetime
    end: datetime.datetime
    contacts: tuple[str, ...]
    overridden: tuple[str, ...] | None = None  # None: REGULAR

    @property
    def type(self) -> str:
        return "REGULAR" if self.overridden is None else "OVERRIDDEN"


def _time(hand_off: dict[str, Any]) -> tuple[int, int]:
    return hand_off["HourOfDay"], hand_off["MinuteOfHour"]


_MIDNIGHT = {"HourOfDay": 0, "MinuteOfHour": 0}


def window_times(window: dict[str, Any]) -> tuple[tuple[int, int], tuple[int, int]]:
    """A coverage window's start and end as (hour, minute); a missing one is midnight."""
    return _time(window.get("Start") or _MIDNIGHT), _time(window.get("End") or _MIDNIGHT)


class Recurrence:
    """Hand-off instants of one rotation, indexed from its start."""

    def __init__(self, settings: dict[str, Any], zone: ZoneInfo, start: datetime.datetime) -> None:
        self.zone = zone
        self.start = start
        self.local_start = start.astimezone(zone)
        self.every: int = settings["RecurrenceMultiplier"]
        if settings.get("DailySettings"):
            self.kind = "daily"
            self.entries: list[tuple[int, int, int]] = sorted(
                {(0, *_time(h)) for h in settings["DailySettings"]}
            )
        elif settings.get("WeeklySettings"):
            self.kind = "weekly"
            self.entries = sorted(
                {
                    (WEEKDAYS.index(w["DayOfWeek"]), *_time(w["HandOffTime"]))
                    for w in settings["WeeklySettings"]
                }
            )
        else:
            self.kind = "monthly"
            self.entries = sorted(
                {(m["DayOfMonth"], *_time(m["HandOffTime"])) for m in settings["MonthlySettings"]}
            )
        self._period_cache: dict[int, list[datetime.datetime]] = {}
        # Periods normally hold one hand-off per entry, so counting is arithmetic. Two
        # entries can fall on one instant only when a month is shorter than a DayOfMonth
        # (both clamp to its last day) or when one sits in a spring-forward gap and lands
        # on the other; then the counts are summed period by period instead.
        self._uniform = self._never_merge()
        self._prefix_cache = [0]  # hand-offs in periods [0, p), for non-uniform ones
        self._before_start = sum(1 for instant in self._period(0) if instant <= start)

    def _never_merge(self) -> bool:
        if self.kind == "monthly" and max(d for d, _, _ in self.entries) > 28:
            return False
        by_day: dict[int, list[int]] = {}
        for day, hour, minute in self.entries:
            by_day.setdefault(day, []).append(hour * 60 + minute)
        # No DST gap is longer than two hours.
        return all(
            later - earlier > 120
            for times in by_day.values()
            for earlier, later in zip(times, times[1:])
        )

    def _prefix(self, period: int) -> int:
        if self._uniform:
            return period * len(self.entries)
        cache = self._prefix_cache
        while len(cache) <= period:
            cache.append(cache[-1] + len(self._period(len(cache) - 1)))
        return cache[period]

    # A period is a local day, a local week (Monday first) or a local month.
    def _period_of(self, instant: datetime.datetime) -> int:
        local = instant.astimezone(self.zone).date()
        origin = self.local_start.date()
        if self.kind == "daily":
            return (local - origin).days
        if self.kind == "weekly":
            return (
                (local - datetime.timedelta(days=local.weekday()))
                - (origin - datetime.timedelta(days=origin.weekday()))
            ).days // 7
        return (local.year * 12 + local.month) - (origin.year * 12 + origin.month)

    def _period(self, index: int) -> list[datetime.datetime]:
        cached = self._period_cache.get(index)
        if cached is not None:
            return cached
        origin = self.local_start.date()
        instants = []
        if self.kind == "daily":
            day = origin + datetime.timedelta(days=index)
            instants = [self._instant(day, h, m) for _, h, m in self.entries]
        elif self.kind == "weekly":
            monday = (
                origin - datetime.timedelta(days=origin.weekday()) + datetime.timedelta(weeks=index)
            )
            instants = [
                self._instant(monday + datetime.timedelta(days=d), h, m) for d, h, m in self.entries
            ]
        else:
            months = origin.year * 12 + origin.month - 1 + index
            year, month = divmod(months, 12)
            last = calendar.monthrange(year, month + 1)[1]
            # A day beyond the month's end hands off on its last day.
            instants = [
                self._instant(datetime.date(year, month + 1, min(d, last)), h, m)
                for d, h, m in self.entries
            ]
        # Sorted, because a time in a spring-forward gap moves past later entries;
        # de-duplicated, because two entries may land on one instant.
        instants = sorted(set(instants))
        if len(self._period_cache) > 4096:
            self._period_cache.clear()
        self._period_cache[index] = instants
        return instants

    def _instant(self, day: datetime.date, hour: int, minute: int) -> datetime.datetime:
        local = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone)
        return local.astimezone(UTC)

    def count_until(self, instant: datetime.datetime) -> int:
        """How many hand-offs fall in (start, instant]."""
        if instant <= self.start:
            return 0
        period = self._period_of(instant)
        within = sum(1 for h in self._period(period) if h <= instant)
        return self._prefix(period) + within - self._before_start

    def hand_off(self, number: int) -> datetime.datetime:
        """The ``number``-th hand-off after the start (1-based)."""
        position = number - 1 + self._before_start
        period, entry = divmod(position, len(self.entries))
        if self._uniform:
            return self._period(period)[entry]
        # Periods hold at most one hand-off per entry, so this period is the earliest
        # candidate; walk on past periods that lost hand-offs to merging.
        while self._prefix(period + 1) <= position:
            period += 1
        return self._period(period)[position - self._prefix(period)]

    def boundary(self, shift: int) -> datetime.datetime:
        """Where shift ``shift`` begins: the start, then every ``every``-th hand-off."""
        return self.start if shift == 0 else self.hand_off(shift * self.every)

    def shift_at(self, instant: datetime.datetime) -> int:
        return self.count_until(instant) // self.every


@functools.lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _coverage_windows(
    coverage: dict[str, list[dict[str, Any]]], zone_info: ZoneInfo, day: datetime.date
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    windows = []
    for window in coverage.get(WEEKDAYS[day.weekday()], []):
        (start_h, start_m), (end_h, end_m) = window_times(window)
        start = datetime.datetime(day.year, day.month, day.day, start_h, start_m, tzinfo=zone_info)
        end_day = day if (end_h, end_m) > (start_h, start_m) else day + datetime.timedelta(days=1)
        end = datetime.datetime(
            end_day.year, end_day.month, end_day.day, end_h, end_m, tzinfo=zone_info
        )
        windows.append((start.astimezone(UTC), end.astimezone(UTC)))
    return windows


def _covered(
    start: datetime.datetime,
    end: datetime.datetime,
    coverage: dict[str, list[dict[str, Any]]] | None,
    zone_info: ZoneInfo,
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The parts of [start, end) inside coverage windows, merged where they touch."""
    if not coverage:
        return [(start, end)] if start < end else []
    first = start.astimezone(zone_info).date() - datetime.timedelta(days=1)
    last = end.astimezone(zone_info).date()
    pieces = []
    day = first
    while day <= last:
        for w_start, w_end in _coverage_windows(coverage, zone_info, day):
            a, b = max(start, w_start), min(end, w_end)
            if a < b:
                pieces.append((a, b))
        day += datetime.timedelta(days=1)
    pieces.sort()
    merged: list[tuple[datetime.datetime, datetime.datetime]] = []
    for a, b in pieces:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _apply_overrides(record: ShiftRecord, overrides: Sequence[Override]) -> list[ShiftRecord]:
    parts = [record]
    for override in overrides:
        next_parts = []
        for part in parts:
            if override.end <= part.start or override.start >= part.end:
                next_parts.append(part)
                continue
            if part.start < override.start:
                next_parts.append(attrs.evolve(part, end=override.start))
            scheduled = record.contacts
            next_parts.append(
                ShiftRecord(
                    start=max(part.start, override.start),
                    end=min(part.end, override.end),
                    contacts=override.contacts,
                    overridden=scheduled,
                )
            )
            if override.end < part.end:
                next_parts.append(attrs.evolve(part, start=override.end))
        parts = next_parts
    # An override that supersedes part of another is cut at the other's edges; rejoin
    # pieces that say the same thing so each stretch of one on-call team is one record.
    merged: list[ShiftRecord] = []
    for part in parts:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.end == part.start
            and last.contacts == part.contacts
            and last.overridden == part.overridden
        ):
            merged[-1] = attrs.evolve(last, end=part.end)
        else:
            merged.append(part)
    return merged


def shifts(
    *,
    members: Sequence[str],
    on_call: int,
    recurrence: Recurrence,
    coverage: dict[str, list[dict[str, Any]]] | None,
    overrides: Sequence[Override],
    window_start: datetime.datetime,
    window_end: datetime.datetime,
    resume: tuple[int, int] = (0, 0),
) -> Iterator[tuple[tuple[int, int], ShiftRecord]]:
    """Shift records overlapping [window_start, window_end), in time order.

    Each comes with its position (shift number, part number) so a later call can
    ``resume`` right after it. Overrides apply in the order given (later wins).
    """
    if coverage and not any(coverage.values()):
        return  # a coverage map without a single window: nobody is ever on call
    first_shift = max(recurrence.shift_at(window_start), resume[0])
    relevant = [o for o in overrides if o.end > window_start and o.start < window_end]
    count = len(members)
    shift = first_shift
    while True:
        start = recurrence.boundary(shift)
        if start >= window_end:
            return
        end = recurrence.boundary(shift + 1)
        contacts = tuple(members[(shift * on_call + i) % count] for i in range(on_call))
        part_number = 0
        for a, b in _covered(start, end, coverage, recurrence.zone):
            regular = ShiftRecord(start=a, end=b, contacts=contacts)
            for record in _apply_overrides(regular, relevant):
                position = (shift, part_number)
                part_number += 1
                if position < resume:
                    continue
                if record.end > window_start and record.start < window_end:
                    yield position, record
        shift += 1


def on_call_at(
    *,
    members: Sequence[str],
    on_call: int,
    recurrence: Recurrence,
    coverage: dict[str, list[dict[str, Any]]] | None,
    overrides: Sequence[Override],
    at: datetime.datetime,
) -> tuple[str, ...]:
    """Who is on call at instant ``at`` (nobody before the start or outside coverage)."""
    if at < recurrence.start:
        return ()
    for _, record in shifts(
        members=members,
        on_call=on_call,
        recurrence=recurrence,
        coverage=coverage,
        overrides=overrides,
        window_start=at,
        window_end=at + datetime.timedelta(microseconds=1),
    ):
        if record.start <= at < record.end:
            return record.contacts
    return ()
