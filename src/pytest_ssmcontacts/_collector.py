"""Short garbage-collector pauses while a fake holds a lot of state.

Python's cyclic collector scans every tracked object it has not frozen; a full
collection happens once a quarter more objects survived than the last one found, and
takes time in proportion to all of them. A fake holding 200,000 engagements keeps
millions of objects alive, so some calls would pause for seconds. Every so many calls
the state kept so far is frozen (``gc.freeze()``): the collector skips it from then on,
and each collection costs what changed since. The fake's state stays alive and readable
as before; when the fake stops, ``gc.unfreeze()`` hands everything back to the
collector, so that the state of a fake no longer referenced is freed as usual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

# Calls between two freezes: small fakes (most tests) never get there, and large ones
# freeze a few tens of thousands of objects at a time.
FREEZE_EVERY = 2_000


# A fake that froze its state has stopped since the last collection at a start.
_released_state = False


class Collector:
    """Counts a fake's calls and freezes what they left behind, now and then."""

    def __init__(self) -> None:
        self._calls = 0
        self._frozen = False

    def after_call(self) -> None:
        self._calls += 1
        if self._calls % FREEZE_EVERY or not gc.isenabled():
            return
        # This batch's garbage is collected first, so that only what is still alive gets
        # frozen: garbage in reference cycles (botocore leaves some per call) that were
        # frozen would never be freed. Once something is frozen, a full collection scans
        # only what came since, so it is cheap; before the first freeze it would scan the
        # whole process, so that one collects the young generations only.
        gc.collect(2 if self._frozen else 1)
        gc.freeze()
        self._frozen = True

    @staticmethod
    @contextlib.contextmanager
    def paused() -> Iterator[None]:
        """The collector off for one call.

        A call allocates in a burst (a preview's request of 44,640 hand-offs is 180,000
        dicts) that reference counting frees or the state keeps; collections triggered
        half-way scan it all for cycles it does not hold, which doubled the time of the
        largest calls. A collector someone else turned off stays off.
        """
        if not gc.isenabled():
            yield
            return
        gc.disable()
        try:
            yield
        finally:
            gc.enable()

    def release(self) -> None:
        global _released_state
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
            _released_state = True

    @staticmethod
    def start() -> None:
        """Before a fake starts: collect what a large fake stopped before left behind.

        Its state, given back to the collector when it stopped, is garbage in reference
        cycles once the test that held it is over; left alone, a full collection would
        scan it during some later call (70 ms after two fakes of 2,000 engagements). Here
        it costs the set-up of the next fake instead, and only after a fake that froze.
        """
        global _released_state
        if _released_state and gc.isenabled():
            _released_state = False
            gc.collect()
