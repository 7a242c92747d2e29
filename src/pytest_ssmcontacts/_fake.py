"""``SSMContacts``: the fake service as a test drives it, and ``mock_ssm_contacts``.

``SSMContacts`` is a thin façade: each public member takes the fake's lock and hands
over to the module that does the work, so the façade reads as the fixture's table of
contents:

- activation and the environment (``_interception``, ``_http_server``, ``_child_env``)
  and the wire (``_pipeline``): its base class, ``_activation.Activation``;
- seeding (``add_*`` and the ``contacts``/``rotations`` options): ``_seeding``;
- reads (``contacts``, ``on_call``, ...), records built in one place: ``_reads``;
- references (alias, name, ARN or record) resolved for all of them: ``_refs``;
- assertions and their messages: ``_assertions`` (with ``_explain``);
- the recipients' devices (codes, delivery receipts): ``_devices``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from . import _assertions, _devices, _reads, _refs, _seeding
from ._activation import Activation, locked
from ._clock import aware_time
from ._refs import ChannelRef, ContactRef, PageRef
from ._seeding import ContactSpec
from ._service._oncall import check_on_call_time
from ._settings import Settings
from .records import Call, Contact, Engagement, Page, Rotation, RotationOverride

__all__ = ["ChannelRef", "ContactRef", "ContactSpec", "PageRef", "SSMContacts", "mock_ssm_contacts"]


class SSMContacts(Activation):
    """An in-process ssm-contacts service that every ssm-contacts client talks to while active.

    Use it through the ``ssm_contacts`` fixture, or as ``mock_ssm_contacts(...)``: a
    context manager (``with mock_ssm_contacts() as fake:``) or a decorator for functions
    and ``unittest.TestCase`` classes. Each activation starts from an empty service plus
    the contacts and rotations given here; the state stays readable after it ends.
    """

    def __init__(
        self,
        *,
        contacts: Iterable[ContactSpec] = (),
        account_id: str | None = None,
        region: str | None = None,
        start_time: datetime.datetime | str | None = None,
        quotas: Mapping[str, int] | None = None,
        rotations: Iterable[Mapping[str, Any]] = (),
        clock: str = "virtual",
        assert_all_faults_used: bool = True,
    ) -> None:
        __tracebackhide__ = True
        settings = Settings(
            contacts=contacts,
            account_id=account_id,
            region=region,
            start_time=start_time,
            quotas=quotas,
            rotations=rotations,
            clock=clock,
            assert_all_faults_used=assert_all_faults_used,
        )
        super().__init__(settings)

    # -- contacts --------------------------------------------------------------

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

    @property
    @locked
    def contacts(self) -> list[Contact]:
        """Every contact, in creation order (all regions)."""
        self._catch_up()
        return _reads.contacts(self._backend)

    @locked
    def contact(self, alias_or_arn: str) -> Contact:
        """The contact with this alias (default region) or ARN."""
        __tracebackhide__ = True
        self._catch_up()
        return _reads.contact(self._backend, self._region, alias_or_arn)

    # -- engagements -----------------------------------------------------------

    @property
    @locked
    def engagements(self) -> list[Engagement]:
        """Every engagement started, in start order (all regions)."""
        self._catch_up()
        return _reads.engagements(self._backend)

    @locked
    def engagements_for(self, contact: ContactRef) -> list[Engagement]:
        """The engagements of one contact (alias, ARN or ``Contact``), in start order."""
        __tracebackhide__ = True
        matches = _refs.contact_matcher("engagements_for", contact)
        return [e for e in self.engagements if matches(e.contact_arn)]

    @locked
    def assert_engaged(
        self, contact: ContactRef, *, times: int | None = None, **fields: Any
    ) -> None:
        """Assert ``contact`` was engaged (``times`` times, if given) with matching fields."""
        __tracebackhide__ = True
        self._catch_up()
        _assertions.assert_engaged(self._backend, self._region, contact, times, fields)

    @locked
    def assert_not_engaged(self, contact: ContactRef | None = None) -> None:
        """Assert nobody (or not ``contact``) was engaged."""
        __tracebackhide__ = True
        self._catch_up()
        _assertions.assert_not_engaged(self._backend, contact)

    # -- rotations -----------------------------------------------------------------

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

    @property
    @locked
    def rotations(self) -> list[Rotation]:
        """Every rotation, in creation order (all regions)."""
        return _reads.rotations(self._backend)

    @locked
    def rotation(self, name_or_arn: str) -> Rotation:
        """The rotation with this name (default region) or ARN."""
        __tracebackhide__ = True
        return _reads.rotation(self._backend, self._region, name_or_arn)

    @locked
    def on_call(
        self, schedule_or_rotation: str | Contact | Rotation, at: datetime.datetime | None = None
    ) -> list[Contact]:
        """Who is on call at ``at`` (default: now) for an on-call schedule or a rotation."""
        __tracebackhide__ = True
        when = self._clock.now() if at is None else aware_time("on_call", at)
        check_on_call_time(when, defaulted=at is None)
        return _reads.on_call(self._backend, self._region, schedule_or_rotation, when)

    # -- pages -------------------------------------------------------------------

    @property
    @locked
    def pages(self) -> list[Page]:
        """Every page sent so far, in send order (all regions)."""
        self._catch_up()
        return _reads.pages(self._backend)

    @locked
    def pages_for(self, contact: ContactRef) -> list[Page]:
        """The pages sent to one personal contact (alias, ARN or ``Contact``), in send order."""
        __tracebackhide__ = True
        matches = _refs.contact_matcher("pages_for", contact)
        return [p for p in self.pages if matches(p.contact_arn)]

    @locked
    def assert_paged(
        self, contact: ContactRef, *, channel: ChannelRef | None = None, times: int | None = None
    ) -> None:
        """Assert ``contact`` was paged (``times`` pages, if given), optionally on ``channel``.

        ``channel`` is a channel type (``"sms"``, any case), a channel name, an ARN or a
        ``ContactChannel``.
        """
        __tracebackhide__ = True
        self._catch_up()
        _assertions.assert_paged(
            self._backend, self._region, self._clock.now(), contact, channel, times
        )

    @locked
    def assert_not_paged(self, contact: ContactRef | None = None) -> None:
        """Assert nobody (or not ``contact``) was paged."""
        __tracebackhide__ = True
        self._catch_up()
        _assertions.assert_not_paged(self._backend, contact)

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

    # -- faults and the call log -------------------------------------------------

    @locked
    def fail_next(
        self, operation: str, error: str, *, times: int = 1, message: str | None = None
    ) -> None:
        """Answer the next ``times`` calls of ``operation`` with the modeled ``error``."""
        __tracebackhide__ = True
        self._faults.add(operation, error, times=times, message=message)

    @property
    @locked
    def calls(self) -> list[Call]:
        """Every API call the fake answered, in order."""
        self._catch_up()
        return list(self._backend.calls)


def mock_ssm_contacts(
    *,
    contacts: Iterable[ContactSpec] = (),
    account_id: str | None = None,
    region: str | None = None,
    start_time: datetime.datetime | str | None = None,
    quotas: Mapping[str, int] | None = None,
    rotations: Iterable[Mapping[str, Any]] = (),
    clock: str = "virtual",
    assert_all_faults_used: bool = True,
) -> SSMContacts:
    """A fake ssm-contacts service to use as a context manager or a decorator."""
    __tracebackhide__ = True
    return SSMContacts(
        rotations=rotations,
        contacts=contacts,
        account_id=account_id,
        region=region,
        start_time=start_time,
        quotas=quotas,
        clock=clock,
        assert_all_faults_used=assert_all_faults_used,
    )
