"""Scheduled work of engagements (stage starts, re-sends), run as virtual time passes."""

from __future__ import annotations

import datetime
import heapq
import itertools
from typing import Callable

Action = Callable[[datetime.datetime], None]


class Timeline:
    """A queue of actions by due time; ties run in the order they were scheduled."""

    def __init__(self) -> None:
        self._queue: list[tuple[datetime.datetime, int, Action]] = []
        self._sequence = itertools.count()

    def schedule(self, when: datetime.datetime, action: Action) -> None:
        heapq.heappush(self._queue, (when, next(self._sequence), action))

    def run_until(self, now: datetime.datetime) -> None:
        """Run every action due at or before ``now``, each at its own due time."""
        queue = self._queue
        while queue and queue[0][0] <= now:
            when, _, action = heapq.heappop(queue)
            action(when)
