"""``Scenario``: what a test stages around the code it tests, a base of ``SSMContacts``.

The contacts, rotations and overrides the code finds (``_seeding``), the faults its
next calls meet (``_faults``), and what the recipients' devices do: read a code,
confirm or fail a delivery (``_devices``). Each member holds the fake's lock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from . import _devices, _seeding
from ._activation import Activation, locked
from ._refs import ChannelRef, PageRef
from .records import Contact, Page, Rotation, RotationOverride


class Scenario(Activation):
    """Seeding, faults and the recipients' devices: the test's side of the story."""

    # -- seeding -----------------------------------------------------------------

    @locked
    def add_contact(
        self,
        alias: str,
        *,
        type: str = "PERSONAL",
        display_name: str | None = None,
        plan: Mapping[str, Any] | None = None,
        channels: Iterable[Mapping[str, str]] = (),
        tags: Mapping[str, str] | None = None,
    ) -> Contact:
        """Create a contact in the default account and region, its channels already activated.

        ``plan`` takes the Plan shape of ``create_contact``; its channel targets may name
        channels of this contact by ``name`` and its contact targets may use aliases.
        """
        __tracebackhide__ = True
        return _seeding.add_contact(
            self._backend,
            self._region,
            alias,
            type=type,
            display_name=display_name,
            plan=plan,
            channels=channels,
            tags=tags,
        )

    @locked
    def add_rotation(
        self,
        name: str,
        *,
        members: Iterable[str | Contact],
        time_zone: str,
        recurrence: Mapping[str, Any],
        start_time: datetime.datetime | str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> Rotation:
        """Create a rotation in the default region; members by alias, ARN or ``Contact``."""
        __tracebackhide__ = True
        return _seeding.add_rotation(
            self._backend,
            self._region,
            self._clock.now(),
            name,
            members=members,
            time_zone=time_zone,
            recurrence=recurrence,
            start_time=start_time,
            tags=tags,
        )

    @locked
    def add_override(
        self,
        rotation: str | Rotation,
        *,
        members: Iterable[str | Contact],
        start: datetime.datetime | str,
        end: datetime.datetime | str,
    ) -> RotationOverride:
        """Put ``members`` on call from ``start`` to ``end`` instead of the scheduled ones."""
        __tracebackhide__ = True
        return _seeding.add_override(
            self._backend,
            self._region,
            self._clock.now(),
            rotation,
            members=members,
            start=start,
            end=end,
        )

    # -- faults ------------------------------------------------------------------

    @locked
    def fail_next(
        self, operation: str, error: str, *, times: int = 1, message: str | None = None
    ) -> None:
        """Answer the next ``times`` calls of ``operation`` with the modeled ``error``."""
        __tracebackhide__ = True
        self._faults.add(operation, error, times=times, message=message)

    # -- the recipients' devices -------------------------------------------------

    @locked
    def accept_code(self, page: PageRef) -> str:
        """The accept code the page carried, as the recipient read it."""
        __tracebackhide__ = True
        return _devices.accept_code(self._backend, page)

    @locked
    def activation_code(self, channel: ChannelRef) -> str:
        """The activation code last sent to ``channel``'s device."""
        __tracebackhide__ = True
        return _devices.activation_code(self._backend, channel)

    @locked
    def deliver(self, page: PageRef) -> Page:
        """Simulate the device confirming delivery (a DELIVERED receipt)."""
        __tracebackhide__ = True
        return _devices.deliver(self._backend, page, self._clock.now())

    @locked
    def fail_delivery(self, page: PageRef, reason: str | None = None) -> Page:
        """Simulate a failed delivery (an ERROR receipt); the channel's retry interval applies."""
        __tracebackhide__ = True
        return _devices.fail_delivery(self._backend, page, reason, self._clock.now())
