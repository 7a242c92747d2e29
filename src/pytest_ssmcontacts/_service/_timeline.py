"""Scheduled work of engagements (stage starts, re-sends), run as virtual time passes."""

from __future__ import annotations

import datetime
import heapq
from typing import Any, Callable, Union

# An action is told what it acts on and when it falls due. One action serves many
# entries (every stage start of a store's engagements), each entry naming its subject:
# a busy fake keeps one small pair per pending stage, not a closure of its own.
Action = Callable[[Any, datetime.datetime], None]
_Entry = tuple[Action, Any]


class Timeline:
    """A queue of actions by due time; ties run in the order they were scheduled.

    Entries due at the same instant share it: engagements started together with stages
    of the same length (a test that starts thousands without moving the clock) keep one
    due time and one pair each, not a time, a sequence number and a tuple each.
    """

    def __init__(self) -> None:
        self._times: list[datetime.datetime] = []  # a heap of the distinct due times
        # Per due time: its one entry, or the list of them in scheduling order.
        self._due: dict[datetime.datetime, Union[_Entry, list[_Entry]]] = {}

    def schedule(self, when: datetime.datetime, action: Action, subject: Any) -> None:
        entry = (action, subject)
        found = self._due.get(when)
        if found is None:
            self._due[when] = entry
            heapq.heappush(self._times, when)
        elif isinstance(found, list):
            found.append(entry)
        else:
            self._due[when] = [found, entry]

    def run_until(self, now: datetime.datetime) -> None:
        """Run every action due at or before ``now``, each at its own due time."""
        times = self._times
        while times and times[0] <= now:
            when = heapq.heappop(times)
            # Taken out first: what these actions schedule for the same instant runs
            # after them, as a new group.
            found = self._due.pop(when)
            for action, subject in found if isinstance(found, list) else (found,):
                action(subject, when)

    def __len__(self) -> int:
        return sum(len(v) if isinstance(v, list) else 1 for v in self._due.values())
