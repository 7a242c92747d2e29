"""On-call shifts of a rotation: hand-offs in local time, coverage windows, overrides.

The hand-off instants are the rotation's recurrence entries (daily times, weekly
weekday+time, or monthly day+time) in its time zone, so a 09:00 hand-off stays at
09:00 local time across daylight-saving changes. The number of hand-offs between
the rotation's start and any instant is computed in closed form (distinct wall-clock
times per day, week or month, less the pairs a clock change merges, see ``Recurrence``),
so listing a window costs time in proportion to the window and to the recurrence's
size, not to the rotation's age; a listing stops at the window's end whatever position
it resumes from.
"""

from __future__ import annotations

import bisect
import calendar
import collections
import datetime
import functools
import itertools
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs

from . import _zone_table
from ._shapes import CoverageTime, HandOffTime

UTC = datetime.timezone.utc
WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
_WEEKDAY_NUMBERS = {day: number for number, day in enumerate(WEEKDAYS)}


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


def _time(hand_off: HandOffTime) -> tuple[int, int]:
    return hand_off["HourOfDay"], hand_off["MinuteOfHour"]


_MIDNIGHT: HandOffTime = {"HourOfDay": 0, "MinuteOfHour": 0}


def window_times(window: CoverageTime) -> tuple[tuple[int, int], tuple[int, int]]:
    """A coverage window's start and end as (hour, minute); a missing one is midnight."""
    return _time(window.get("Start") or _MIDNIGHT), _time(window.get("End") or _MIDNIGHT)


_MINUTE = datetime.timedelta(minutes=1)
_DAY_MINUTES = 24 * 60
_DAY = datetime.timedelta(days=1)
# Farther than any offset (14 h) plus any clock jump (24 h) reaches.
_NEAR = datetime.timedelta(days=3)
# Periods are computed up to here: past the latest window (3000) by more than the
# longest shift (100 months), far from datetime's year 9999.
_LAST_PERIOD_DAY = datetime.date(3100, 1, 1)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_length(year: int, month: int) -> int:
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]


def _leaps(years: int) -> int:
    """Leap years among years 1..``years``."""
    return years // 4 - years // 100 + years // 400


class Pattern:
    """The local wall-clock times of a recurrence, period by period.

    Periods are numbered absolutely (days and Monday weeks from 0001-01-01, months
    from January of year 1) so the same pattern serves every rotation start. A period
    holds its entries as minutes from the period's first midnight; a monthly entry
    past the month's last day moves to that day, so months of 28 to 31 days may hold
    fewer distinct hand-offs than there are entries.
    """

    def __init__(self, kind: str, entries: frozenset[tuple[int, int, int]]) -> None:
        self.kind = kind
        if kind == "monthly":
            # Only days 29-31 depend on the month's length.
            every_month = {(d - 1) * 1440 + h * 60 + m for d, h, m in entries if d <= 28}
            late = [(d, h * 60 + m) for d, h, m in entries if d > 28]
            self._by_length = {
                length: sorted(
                    every_month | {(min(d, length) - 1) * 1440 + minute for d, minute in late}
                )
                for length in (28, 29, 30, 31)
            }
        else:
            self._by_length = {
                1 if kind == "daily" else 7: sorted({d * 1440 + h * 60 + m for d, h, m in entries})
            }
        self._steps: dict[int, list[datetime.timedelta]] = {}
        self._sets: dict[int, set[int]] = {}
        sizes = {length: len(offsets) for length, offsets in self._by_length.items()}
        if kind == "monthly":
            self._year = 7 * sizes[31] + 4 * sizes[30] + sizes[28]
            self._leap_extra = sizes[29] - sizes[28]
            # Hand-offs before each month of a common and of a leap year.
            self._within_year = {
                leap: list(
                    itertools.accumulate(
                        (sizes[29 if leap and m == 2 else _MONTH_DAYS[m]] for m in range(1, 12)),
                        initial=0,
                    )
                )
                for leap in (False, True)
            }
        else:
            (self._size,) = sizes.values()
        # The shortest time between two consecutive hand-offs anywhere in the calendar:
        # a clock jump shorter than that can never make two of them meet.
        spacings = [
            later - earlier
            for offsets in self._by_length.values()
            for earlier, later in zip(offsets, offsets[1:])
        ]
        spacings += [
            length * 1440 - offsets[-1] + following[0]
            for length, offsets in self._by_length.items()
            for following in self._by_length.values()
        ]
        self.spacing = datetime.timedelta(minutes=min(spacings))

    # -- periods ---------------------------------------------------------------------

    def period_of(self, day: datetime.date) -> int:
        if self.kind == "daily":
            return day.toordinal()
        if self.kind == "weekly":
            return (day.toordinal() - 1) // 7  # 0001-01-01 is a Monday
        return (day.year - 1) * 12 + day.month - 1

    def first_day(self, period: int) -> datetime.date:
        if self.kind == "daily":
            return datetime.date.fromordinal(period)
        if self.kind == "weekly":
            return datetime.date.fromordinal(period * 7 + 1)
        year, month = divmod(period, 12)
        return datetime.date(year + 1, month + 1, 1)

    def length(self, period: int) -> int:
        """The period's length in days."""
        if self.kind != "monthly":
            return 1 if self.kind == "daily" else 7
        year, month = divmod(period, 12)
        return _month_length(year + 1, month + 1)

    def offsets(self, period: int) -> list[int]:
        return self._by_length[self.length(period)]

    def steps(self, period: int) -> list[datetime.timedelta]:
        length = self.length(period)
        steps = self._steps.get(length)
        if steps is None:
            steps = self._steps[length] = [_MINUTE * o for o in self._by_length[length]]
        return steps

    def nominal_before(self, period: int) -> int:
        """Distinct wall-clock hand-offs in periods [0, ``period``), in closed form."""
        if self.kind != "monthly":
            return period * self._size
        years, months = divmod(period, 12)
        within = self._within_year[calendar.isleap(years + 1)][months]
        return years * self._year + _leaps(years) * self._leap_extra + within

    def period_holding(self, count: int) -> int:
        """The last period ``p`` with ``nominal_before(p) <= count``."""
        if self.kind != "monthly":
            return count // self._size
        low, high = 0, 12 * 10000
        while high - low > 1:
            middle = (low + high) // 2
            if self.nominal_before(middle) <= count:
                low = middle
            else:
                high = middle
        return low

    # -- wall-clock times ------------------------------------------------------------

    def walls_between(
        self, low: datetime.datetime, high: datetime.datetime
    ) -> list[datetime.datetime]:
        """The hand-offs' wall-clock times in [low, high) (naive)."""
        found: list[datetime.datetime] = []
        period = self.period_of(low.date())
        while True:
            day = self.first_day(period)
            origin = datetime.datetime(day.year, day.month, day.day)
            if origin >= high:
                return found
            offsets = self.offsets(period)
            first = bisect.bisect_left(offsets, (low - origin) // _MINUTE)
            for offset in offsets[first:]:
                wall = origin + offset * _MINUTE
                if wall >= high:
                    break
                if wall >= low:
                    found.append(wall)
            period += 1

    def _set(self, length: int) -> set[int]:
        found = self._sets.get(length)
        if found is None:
            found = self._sets[length] = set(self._by_length[length])
        return found

    def is_wall(self, wall: datetime.datetime) -> bool:
        period = self.period_of(wall.date())
        day = self.first_day(period)
        since = wall - datetime.datetime(day.year, day.month, day.day)
        return since % _MINUTE == datetime.timedelta(0) and (
            since // _MINUTE in self._set(self.length(period))
        )


# Patterns of thousands of entries hold large tables: keep a few.
@functools.lru_cache(maxsize=16)
def _pattern(kind: str, entries: frozenset[tuple[int, int, int]]) -> Pattern:
    return Pattern(kind, entries)


class _Tally:
    """How many items fall in periods below a bound, for items added mostly in order."""

    def __init__(self) -> None:
        self._periods: list[int] = []
        self._totals: list[int] = []  # items in periods up to and including _periods[i]

    def add(self, period: int, count: int) -> None:
        periods, totals = self._periods, self._totals
        if periods and period < periods[-1]:
            index = bisect.bisect_left(periods, period)
            if periods[index] != period:
                periods.insert(index, period)
                totals.insert(index, totals[index - 1] if index else 0)
            for later in range(index, len(totals)):
                totals[later] += count
        elif periods and period == periods[-1]:
            totals[-1] += count
        else:
            periods.append(period)
            totals.append((totals[-1] if totals else 0) + count)

    def below(self, period: int) -> int:
        index = bisect.bisect_left(self._periods, period)
        return self._totals[index - 1] if index else 0


def _tallies(
    pairs: list[tuple[int, int]],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    earlier = collections.Counter(e for e, _ in pairs)
    later = collections.Counter(la for _, la in pairs)
    return sorted(earlier.items()), sorted(later.items())


class _Merges:
    """Where a clock jump makes two hand-offs of a pattern fall on one instant.

    A wall-clock time inside a spring-forward gap lands ``jump`` later; when another
    hand-off sits there, the two are one hand-off. Each such pair is kept as the
    periods of the two wall-clock times, found lazily in time order and shared by
    every rotation with the same zone and pattern. A gap far from any other clock
    change merges the same hand-offs wherever it falls at the same place of a period
    of the same length, so those answers are remembered per place.
    """

    def __init__(self, pattern: Pattern, table: _zone_table.ZoneTable) -> None:
        self._pattern = pattern
        self._table = table
        self._zone = table.zone
        self._gaps = [g for g in table.gaps if g.jump >= pattern.spacing]
        self._done = 0
        self._done_period = -1
        self._earlier = _Tally()  # period of the wall time inside the gap
        self._later = _Tally()  # period of the hand-off it lands on
        self._by_place: dict[
            tuple[Any, ...], tuple[list[tuple[int, int]], list[tuple[int, int]]]
        ] = {}
        self._lock = threading.RLock()

    def _landing(self, wall: datetime.datetime) -> datetime.datetime | None:
        """The other hand-off ``wall`` (inside a gap) lands on, if any."""
        landed = wall.replace(tzinfo=self._zone).astimezone(UTC)
        other = landed.astimezone(self._zone).replace(tzinfo=None, fold=0)
        if (
            other != wall
            and self._pattern.is_wall(other)
            and other.replace(tzinfo=self._zone).astimezone(UTC) == landed
        ):
            return other
        return None

    def _pairs(
        self, gap: _zone_table.Transition, low: datetime.datetime
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """How many merges the gap makes, by the period of the wall time inside it and by
        the period of the hand-off it lands on, as (period, count) in period order."""
        pattern = self._pattern
        high = low + gap.jump
        at = gap.at
        if len(self._table.between(at - _NEAR, at + _NEAR)) > 1:
            pairs = []
            for wall in pattern.walls_between(low, high):
                other = self._landing(wall)
                if other is not None:
                    pairs.append((pattern.period_of(wall.date()), pattern.period_of(other.date())))
            return _tallies(pairs)
        period = pattern.period_of(low.date())
        day = pattern.first_day(period)
        place = (
            low - datetime.datetime(day.year, day.month, day.day),
            gap.jump,
            pattern.length(period),
            pattern.length(period + 1),
        )
        relative = self._by_place.get(place)
        if relative is None:
            # Alone among clock changes, the gap moves every wall time in it by ``jump``.
            relative = self._by_place[place] = _tallies(
                [
                    (
                        pattern.period_of(wall.date()) - period,
                        pattern.period_of(landed.date()) - period,
                    )
                    for wall in pattern.walls_between(low, high)
                    for landed in (wall + gap.jump,)
                    if pattern.is_wall(landed)
                ]
            )
        earlier, later = relative
        return [(period + p, n) for p, n in earlier], [(period + p, n) for p, n in later]

    def through(self, period: int) -> None:
        """Find every merge whose gap starts in a period up to ``period``."""
        with self._lock:
            if period <= self._done_period:
                return
            pattern, gaps = self._pattern, self._gaps
            while self._done < len(gaps):
                gap = gaps[self._done]
                low = (gap.at + gap.before).replace(tzinfo=None)
                if pattern.period_of(low.date()) > period:
                    break
                earlier, later = self._pairs(gap, low)
                for period_, count in earlier:
                    self._earlier.add(period_, count)
                for period_, count in later:
                    self._later.add(period_, count)
                self._done += 1
            self._done_period = period

    def count(self, origin: int, period: int) -> int:
        """Merged pairs with both wall times in periods [origin, period)."""
        if period <= origin:
            return 0
        with self._lock:
            self.through(period)
            return self._later.below(period) - self._earlier.below(origin)


@functools.lru_cache(maxsize=16)
def _merges(key: str, kind: str, entries: frozenset[tuple[int, int, int]]) -> _Merges:
    return _Merges(_pattern(kind, entries), _zone_table.table(key))


class Recurrence:
    """Hand-off instants of one rotation, indexed from its start.

    Hand-offs are the pattern's wall-clock times from the period holding the start on,
    each turned into an instant in the zone (a time a spring-forward gap skips counts
    with the offset before the gap, as ``zoneinfo`` does). Counting them is
    arithmetic: distinct wall-clock times per period in closed form, minus the pairs a
    clock jump merges. Only the periods around the instant asked about are computed,
    so the cost does not depend on how long ago the rotation started.

    Instants of periods ``p`` and ``p + 2`` never interleave (a gap is at most a day),
    so around a period boundary that a transition touches the neighbouring periods are
    merged as sets; everywhere else a period's instants follow the previous ones.
    """

    def __init__(
        self, settings: Mapping[str, Any], zone: ZoneInfo, start: datetime.datetime
    ) -> None:
        self.zone = zone
        self.start = start
        self.every: int = settings["RecurrenceMultiplier"]
        if settings.get("DailySettings"):
            kind = "daily"
            entries = frozenset(
                (0, h["HourOfDay"], h["MinuteOfHour"]) for h in settings["DailySettings"]
            )
        elif settings.get("WeeklySettings"):
            kind = "weekly"
            entries = frozenset(
                (
                    _WEEKDAY_NUMBERS[w["DayOfWeek"]],
                    w["HandOffTime"]["HourOfDay"],
                    w["HandOffTime"]["MinuteOfHour"],
                )
                for w in settings["WeeklySettings"]
            )
        else:
            kind = "monthly"
            entries = frozenset(
                (m["DayOfMonth"], m["HandOffTime"]["HourOfDay"], m["HandOffTime"]["MinuteOfHour"])
                for m in settings["MonthlySettings"]
            )
        key = entries
        self._table = _zone_table.zone_table(zone)
        self._pattern = _pattern(kind, key)
        self._merges = _merges(str(zone.key), kind, key)
        pattern = self._pattern
        self._origin = pattern.period_of(start.astimezone(zone).date())
        self._last = pattern.period_of(_LAST_PERIOD_DAY) - self._origin
        self._instants_cache: dict[int, list[datetime.datetime]] = {}
        self._before_start = self._upto(start)

    # -- one period ------------------------------------------------------------------

    def _wall_start(self, period: int) -> datetime.datetime:
        day = self._pattern.first_day(self._origin + period)
        return datetime.datetime(day.year, day.month, day.day)

    def _clean(self, period: int) -> bool:
        """Whether no clock change comes near the boundary where ``period`` begins.

        Then no hand-off crosses it or lands on one across it, and the instants on
        each side follow one another.
        """
        boundary = self._wall_start(period).replace(tzinfo=UTC)
        return self._table.quiet(boundary - _NEAR, boundary + _NEAR)

    def _instants(self, period: int) -> list[datetime.datetime]:
        """The distinct instants of one period's hand-offs (relative index), sorted."""
        if period < 0 or period > self._last:
            return []
        cached = self._instants_cache.get(period)
        if cached is not None:
            return cached
        origin = self._wall_start(period)
        steps = self._pattern.steps(self._origin + period)
        changes = self._table.between(
            origin.replace(tzinfo=UTC) - _NEAR,
            self._wall_start(period + 1).replace(tzinfo=UTC) + _NEAR,
        )
        first_offset = origin.replace(tzinfo=self.zone).utcoffset()
        assert first_offset is not None
        if changes:
            first_offset = changes[0].before
        base = (origin - first_offset).replace(tzinfo=UTC)
        instants = [base + step for step in steps]
        if changes:
            # A wall-clock time before a change's later edge keeps the earlier offset
            # (the first of two readings in an overlap, the offset before a gap), as
            # zoneinfo reads fold=0.
            for change in changes:
                edge = change.at + max(change.before, change.after) - change.before
                index = bisect.bisect_left(instants, edge)
                moved = change.before - change.after
                instants[index:] = [h + moved for h in instants[index:]]
            # Nearly sorted already: only hand-offs near a change moved past others.
            instants.sort()
            instants = [h for h, _ in itertools.groupby(instants)]
        if len(self._instants_cache) > 16:
            self._instants_cache.clear()
        self._instants_cache[period] = instants
        return instants

    # -- counting --------------------------------------------------------------------

    def _before(self, period: int) -> int:
        """Distinct hand-off instants of periods [0, ``period``)."""
        if period <= 0:
            return 0
        period = min(period, self._last + 1)
        absolute = self._origin + period
        pattern = self._pattern
        nominal = pattern.nominal_before(absolute) - pattern.nominal_before(self._origin)
        return nominal - self._merges.count(self._origin, absolute)

    def _period_of(self, instant: datetime.datetime) -> int:
        return self._pattern.period_of(instant.astimezone(self.zone).date()) - self._origin

    def _upto(self, instant: datetime.datetime) -> int:
        """Hand-offs at or before ``instant``, counting those before the start."""
        period = self._period_of(instant)
        if period < 0:
            return 0
        if self._clean(period):
            return self._before(period) + bisect.bisect_right(self._instants(period), instant)
        # Near a clock change: hand-offs of the period before may sit among this
        # period's or on them, and those two periods before may sit on the period
        # before's. Only a few at the edges can, so they are checked one by one.
        early, previous, current = (
            self._instants(period - 2),
            self._instants(period - 1),
            self._instants(period),
        )
        first = current[0] if current else _END_OF_TIME
        split = bisect.bisect_left(previous, first)
        counted = bisect.bisect_right(previous, instant, 0, split)
        if previous:
            landed = early[bisect.bisect_left(early, previous[0]) :]
            counted -= sum(1 for h in landed if h <= instant and _holds(previous, h, 0, split))
        counted += bisect.bisect_right(current, instant)
        counted += sum(
            1 for h in previous[split:] if h <= instant and not _holds(current, h, 0, len(current))
        )
        return self._before(period - 1) + counted

    def count_until(self, instant: datetime.datetime) -> int:
        """How many hand-offs fall in (start, instant]."""
        if instant <= self.start:
            return 0
        return self._upto(instant) - self._before_start

    def shift_at(self, instant: datetime.datetime) -> int:
        return self.count_until(instant) // self.every

    # -- walking ---------------------------------------------------------------------

    def _stream(self, period: int) -> Iterator[datetime.datetime]:
        """Hand-off instants from period ``period`` on, in order, each once."""
        pending = self._instants(period)
        if not self._clean(period) and pending:
            earlier = self._instants(period - 1)
            landed = set(earlier[bisect.bisect_left(earlier, pending[0]) :])
            pending = [h for h in pending if h not in landed]
        while period < self._last:
            following = self._instants(period + 1)
            if self._clean(period + 1):
                yield from pending
                pending = following
            else:
                # Only the pending instants from the first following one on can meet
                # or pass following ones.
                cut = bisect.bisect_left(pending, following[0]) if following else len(pending)
                yield from pending[:cut]
                merged = list(following)
                for h in pending[cut:]:
                    index = bisect.bisect_left(merged, h)
                    if index == len(merged) or merged[index] != h:
                        merged.insert(index, h)
                pending = merged
            period += 1
        yield from pending

    def _locate(self, position: int) -> int:
        """The last period ``p`` with ``_before(p) <= position``."""
        pattern = self._pattern
        nominal_origin = pattern.nominal_before(self._origin)

        def holding(merged: int) -> int:
            period = pattern.period_holding(nominal_origin + position + merged) - self._origin
            return min(max(period, 0), self._last)

        # Merges only remove hand-offs, so the period can only move later; each round
        # adds the merges found before the last guess.
        period = holding(0)
        while True:
            guess = holding(self._merges.count(self._origin, self._origin + period))
            if guess <= period:
                break
            period = guess
        while period < self._last and self._before(period + 1) <= position:
            period += 1
        return period

    def hand_offs(self, number: int) -> Iterator[datetime.datetime]:
        """The ``number``-th hand-off after the start (1-based) and all later ones."""
        position = number - 1 + self._before_start
        period = self._locate(position)
        if not self._clean(period):
            period -= 1
        period = max(period, 0)
        return itertools.islice(self._stream(period), position - self._before(period), None)

    def hand_off(self, number: int) -> datetime.datetime:
        """The ``number``-th hand-off after the start (1-based)."""
        return next(self.hand_offs(number), _END_OF_TIME)

    def boundaries(self, shift: int) -> Iterator[datetime.datetime]:
        """Where shift ``shift`` and every later one begins."""
        if shift == 0:
            yield self.start
            shift = 1
        yield from itertools.islice(self.hand_offs(shift * self.every), 0, None, self.every)
        while True:
            yield _END_OF_TIME


_END_OF_TIME = datetime.datetime(_LAST_PERIOD_DAY.year, 1, 1, tzinfo=UTC)


def _holds(ordered: list[datetime.datetime], item: datetime.datetime, low: int, high: int) -> bool:
    index = bisect.bisect_left(ordered, item, low, high)
    return index < high and ordered[index] == item


_SHIFTS_END = datetime.datetime(3000, 1, 1, tzinfo=UTC)


@functools.lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


_Point = TypeVar("_Point", int, datetime.datetime)


def _merged(spans: list[tuple[_Point, _Point]]) -> list[tuple[_Point, _Point]]:
    """Spans in order, joined where they overlap or touch."""
    merged: list[tuple[_Point, _Point]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class _Coverage:
    """A rotation's coverage windows as instants, computed once per local day.

    Each weekday's windows are merged first, in minutes from its local midnight, where
    they overlap or touch: a day holds as many windows as it has separate stretches of
    coverage, however many overlapping windows the rotation lists.
    """

    def __init__(self, coverage: Mapping[str, list[CoverageTime]], zone_info: ZoneInfo) -> None:
        self._zone = zone_info
        self._local: dict[int, list[tuple[int, int]]] = {}
        for name, windows in coverage.items():
            spans = []
            for window in windows:
                (start_h, start_m), (end_h, end_m) = window_times(window)
                start, end = start_h * 60 + start_m, end_h * 60 + end_m
                # An end at or before the start is on the next day.
                spans.append((start, end if end > start else end + _DAY_MINUTES))
            self._local[_WEEKDAY_NUMBERS[name]] = _merged(spans)
        self._days: dict[datetime.date, list[tuple[datetime.datetime, datetime.datetime]]] = {}

    def windows(self, day: datetime.date) -> list[tuple[datetime.datetime, datetime.datetime]]:
        found = self._days.get(day)
        if found is not None:
            return found
        found = []
        midnight = datetime.datetime(day.year, day.month, day.day)
        for start, end in self._local.get(day.weekday(), ()):
            # Wall-clock times, read in the zone as zoneinfo reads them (fold=0).
            local_start = (midnight + start * _MINUTE).replace(tzinfo=self._zone)
            local_end = (midnight + end * _MINUTE).replace(tzinfo=self._zone)
            found.append((local_start.astimezone(UTC), local_end.astimezone(UTC)))
        if len(self._days) > 1024:
            self._days.clear()
        self._days[day] = found
        return found

    def next_covered(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        """The first instant from ``start`` on inside a coverage window, looking a week
        ahead (a week on if no day has a window); any instant before ``end`` will do."""
        day = start.astimezone(self._zone).date() - _DAY
        found = start + 8 * _DAY
        for _ in range(9):
            for w_start, w_end in self.windows(day):
                if w_end > start:
                    found = min(found, max(w_start, start))
            if found < end:
                return found
            day += _DAY
        return found

    def _day_start(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, tzinfo=self._zone).astimezone(UTC)

    def _clipped(
        self, day: datetime.date, start: datetime.datetime, end: datetime.datetime
    ) -> list[tuple[datetime.datetime, datetime.datetime]]:
        out = []
        for w_start, w_end in self.windows(day):
            a, b = max(start, w_start), min(end, w_end)
            if a < b:
                out.append((a, b))
        return out

    def pieces(
        self, start: datetime.datetime, end: datetime.datetime, after: datetime.datetime
    ) -> Iterator[tuple[datetime.datetime, datetime.datetime]]:
        """The parts of [start, end) inside coverage windows, merged where they touch, in
        time order: those ending after ``after``, each whole (a part that began earlier
        keeps its own start). Computed a day at a time, as far as the caller reads."""
        first_day = start.astimezone(self._zone).date() - _DAY
        last_day = end.astimezone(self._zone).date()
        if last_day - first_day <= 2 * _DAY:
            # A shift of a day at most (the common case, often minutes): it is covered
            # whole, or not at all, by one of the few windows around it, or it is cut.
            around = [
                window
                for day in (first_day, first_day + _DAY, last_day)
                for window in self.windows(day)
                if window[0] < end and window[1] > start
            ]
            if not around:
                return
            if any(a <= start and b >= end for a, b in around):
                if end > after:
                    yield start, end
                return
        day = max(first_day, max(start, after).astimezone(self._zone).date() - _DAY)
        # The part holding ``after`` may have begun days before: while the previous day's
        # windows reach into this day's first part, start a day earlier. A window lasts at
        # most a day, so only the day just before can reach in.
        while day > first_day:
            today = self._clipped(day, start, end)
            if not today:
                break
            first = min(a for a, _ in today)
            if not any(b >= first for _, b in self._clipped(day - _DAY, start, end)):
                break
            day -= _DAY
        pending: list[tuple[datetime.datetime, datetime.datetime]] = []
        while day <= last_day:
            merged = _merged([*pending, *self._clipped(day, start, end)])
            # Windows of later days begin after this instant: parts ending before it are
            # whole. (A day back, to stay clear of any clock change around midnight.)
            settled = self._day_start(day) - _DAY
            done = 0
            while done < len(merged) and merged[done][1] < settled:
                if merged[done][1] > after:
                    yield merged[done]
                done += 1
            pending = merged[done:]
            day += _DAY
        for piece in pending:
            if piece[1] > after:
                yield piece


# Shifts skipped one by one before jumping to the next coverage window.
_LONGEST_WAIT = 32


def _apply_overrides(record: ShiftRecord, overrides: Sequence[Override]) -> list[ShiftRecord]:
    touching = [o for o in overrides if o.start < record.end and o.end > record.start]
    # An override over the whole record hides every one before it: start from the last.
    for index in range(len(touching) - 1, -1, -1):
        if touching[index].start <= record.start and touching[index].end >= record.end:
            touching = touching[index:]
            break
    parts = [record]
    for override in touching:
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
    coverage: Mapping[str, list[CoverageTime]] | None,
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
    # A resume point past the window (any number a token may carry) lists nothing
    # rather than walking towards it.
    if first_shift > recurrence.shift_at(window_end):
        return
    relevant = [o for o in overrides if o.end > window_start and o.start < window_end]
    count = len(members)
    doubled = [*members, *members]  # a turn of up to ``count`` members is one slice
    cover = _Coverage(coverage, recurrence.zone) if coverage else None
    boundaries = recurrence.boundaries(first_shift)
    start = next(boundaries)
    shift = first_shift
    covered_from = start  # no coverage window opens before this instant
    waited = 0
    while start < window_end:
        end = next(boundaries)
        if cover is not None and end <= covered_from:
            waited += 1
            if waited == _LONGEST_WAIT:
                # Shifts keep falling outside coverage: jump to the next window.
                shift = max(recurrence.shift_at(covered_from), shift + 1)
                boundaries = recurrence.boundaries(shift)
                start = next(boundaries)
                waited = 0
                continue
            shift += 1
            start = end
            continue
        waited = 0
        if cover is not None:
            covered_from = cover.next_covered(start, end)
            if end <= covered_from:
                shift += 1
                start = end
                continue
        first = shift * on_call % count
        contacts = (
            tuple(doubled[first : first + on_call])
            if on_call <= count
            else tuple(members[(first + i) % count] for i in range(on_call))
        )
        part_number = 0
        for a, b in cover.pieces(start, end, window_start) if cover is not None else [(start, end)]:
            regular = ShiftRecord(start=a, end=b, contacts=contacts)
            for record in _apply_overrides(regular, relevant) if relevant else (regular,):
                position = (shift, part_number)
                part_number += 1
                if position < resume:
                    continue
                if record.end > window_start and record.start < window_end:
                    yield position, record
        shift += 1
        start = end


def on_call_at(
    *,
    members: Sequence[str],
    on_call: int,
    recurrence: Recurrence,
    coverage: Mapping[str, list[CoverageTime]] | None,
    overrides: Sequence[Override],
    at: datetime.datetime,
) -> tuple[str, ...]:
    """Who is on call at instant ``at`` (nobody before the start or outside coverage).

    Shifts are computed for instants from 1970 to 3000; outside them nobody is on call.
    """
    if at < recurrence.start or not _zone_table.FIRST <= at < _SHIFTS_END:
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
