"""Every change of UTC offset an IANA time zone makes between 1969 and 3101.

Shift arithmetic needs to know where a zone's clocks jump: a hand-off in a
spring-forward gap lands on a later instant, possibly on another hand-off, and only
there can two hand-offs merge or change order. ``zoneinfo`` answers "what offset at
this instant" but does not list its transitions, so the table is built once per zone:

- the transitions the zone's TZif file lists explicitly, read through the pure-Python
  ``zoneinfo`` implementation (the C one keeps them private);
- after the last of those the zone follows the POSIX rule at the end of that file,
  whose two yearly transitions the same implementation computes.

If those cannot be read (another Python), the range is probed through the public
API instead: slower to build, same answers for any zone whose offset does not change
twice within ``_PROBE_STEP``.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import threading
from zoneinfo import ZoneInfo

import attrs

UTC = datetime.timezone.utc
FIRST = datetime.datetime(1969, 1, 1, tzinfo=UTC)
LAST = datetime.datetime(3101, 1, 1, tzinfo=UTC)
# No zone's rule keeps an offset for less than two weeks.
_PROBE_STEP = 14 * 86400
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)


@attrs.frozen
class Transition:
    at: datetime.datetime  # UTC
    before: datetime.timedelta
    after: datetime.timedelta

    @property
    def jump(self) -> datetime.timedelta:
        return self.after - self.before


class ZoneTable:
    """A zone's transitions in UTC order, with the questions shift arithmetic asks."""

    def __init__(self, zone: ZoneInfo, transitions: list[Transition]) -> None:
        self.zone = zone
        self.transitions = transitions
        self._instants = [t.at for t in transitions]
        self.gaps = [t for t in transitions if t.after > t.before]
        self.largest_gap = max((g.jump for g in self.gaps), default=datetime.timedelta(0))

    def quiet(self, low: datetime.datetime, high: datetime.datetime) -> bool:
        """Whether the offset stays the same over [low, high) (UTC)."""
        index = bisect.bisect_left(self._instants, low)
        return index == len(self._instants) or self._instants[index] >= high

    def between(self, low: datetime.datetime, high: datetime.datetime) -> list[Transition]:
        """The transitions in [low, high) (UTC)."""
        instants = self._instants
        return self.transitions[
            bisect.bisect_left(instants, low) : bisect.bisect_left(instants, high)
        ]


def _offset(zone: ZoneInfo, seconds: int) -> datetime.timedelta:
    offset = datetime.datetime.fromtimestamp(seconds, zone).utcoffset()
    assert offset is not None
    return offset


def _from_file(key: str) -> list[Transition] | None:
    """The transitions of the zone's file and of its closing rule, or None if unreadable."""
    try:
        from zoneinfo import _zoneinfo  # type: ignore[attr-defined]

        pure = _zoneinfo.ZoneInfo.no_cache(key)
        seconds = list(pure._trans_utc)
        offsets = [info.utcoff for info in pure._ttinfos]
        before = pure._tti_before
        rule = pure._tz_after
        previous = before.utcoff if before is not None else (offsets[0] if offsets else None)
        found = []
        for at, offset in zip(seconds, offsets):
            if previous is not None and offset != previous:
                found.append(Transition(_EPOCH + datetime.timedelta(seconds=at), previous, offset))
            previous = offset
        rule_from = _EPOCH + datetime.timedelta(seconds=seconds[-1]) if seconds else FIRST
        if hasattr(rule, "transitions"):
            std, dst = rule.std.utcoff, rule.dst.utcoff
            for year in range(max(rule_from.year, FIRST.year), LAST.year + 1):
                # The rule gives wall-clock seconds: the start in standard time, the
                # end in daylight time.
                start, end = rule.transitions(year)
                for wall, offset, before_, after in ((start, std, std, dst), (end, dst, dst, std)):
                    at = _EPOCH + datetime.timedelta(seconds=wall) - offset
                    if at > rule_from:
                        found.append(Transition(at, before_, after))
        elif previous is not None and rule.utcoff != previous:
            found.append(Transition(rule_from, previous, rule.utcoff))
    except Exception:  # any change of a private layout means "probe instead"
        return None
    found.sort(key=lambda t: t.at)
    return [t for t in found if FIRST <= t.at < LAST]


def _probe(zone: ZoneInfo, low: datetime.datetime, high: datetime.datetime) -> list[Transition]:
    """Offset changes in [low, high) found by sampling and bisecting to the second."""
    start, end = int((low - _EPOCH).total_seconds()), int((high - _EPOCH).total_seconds())
    found = []
    here, offset = start, _offset(zone, start)
    while here < end:
        there = min(here + _PROBE_STEP, end)
        later = _offset(zone, there)
        if later != offset:
            # The change lies in (here, there]: find the first second with the new offset.
            a, b = here, there
            while b - a > 1:
                middle = (a + b) // 2
                if _offset(zone, middle) == offset:
                    a = middle
                else:
                    b = middle
            found.append(Transition(_EPOCH + datetime.timedelta(seconds=b), offset, later))
        here, offset = there, later
    return found


@functools.lru_cache(maxsize=64)
def table(key: str) -> ZoneTable:
    zone = ZoneInfo(key)
    listed = _from_file(key)
    return ZoneTable(zone, listed if listed is not None else _probe(zone, FIRST, LAST))


_lock = threading.Lock()


def zone_table(zone: ZoneInfo) -> ZoneTable:
    with _lock:  # one build per zone even when threads ask at once
        return table(str(zone.key))
