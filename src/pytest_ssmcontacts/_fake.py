"""``SSMContacts``: the fake service as a test drives it, and ``mock_ssm_contacts``.

``SSMContacts`` is a thin façade: each public member takes the fake's lock and hands
over to the module that does the work, so the façade reads as the fixture's table of
contents:

- activation and the environment: ``_interception``, ``_http_server``, ``_child_env``;
- seeding (``add_*`` and the ``contacts``/``rotations`` options): ``_seeding``;
- reads (``contacts``, ``on_call``, ...), records built in one place: ``_reads``;
- references (alias, name, ARN or record) resolved for all of them: ``_refs``;
- assertions and their messages: ``_assertions`` (with ``_explain``);
- the recipients' devices (codes, delivery receipts): ``_devices``;
- the wire: ``_pipeline``.
"""

from __future__ import annotations

import datetime
import functools
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Callable, TypeVar, overload

from . import (
    _assertions,
    _decorating,
    _devices,
    _http_server,
    _interception,
    _reads,
    _refs,
    _seeding,
)
from ._child_env import child_environ as _child_environ
from ._clock import Clock, SystemClock, aware_time
from ._collector import Collector
from ._faults import Faults
from ._pipeline import serve
from ._quotas import Quotas
from ._refs import ChannelRef, ContactRef, PageRef
from ._seeding import ContactSpec
from ._service._oncall import check_on_call_time
from ._service._store import Backend
from ._settings import Settings
from .records import (
    Call,
    Contact,
    Engagement,
    Page,
    Rotation,
    RotationOverride,
)

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["ChannelRef", "ContactRef", "ContactSpec", "PageRef", "SSMContacts", "mock_ssm_contacts"]


def _locked(method: F) -> F:
    """Run ``method`` holding the fake's lock, the one every API call holds.

    The app under test may call the API from other threads while the test reads or
    seeds the fake: each public member then sees (or changes) the state between two
    calls, never halfway through one.
    """

    @functools.wraps(method)
    def locked(self: SSMContacts, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        with self._lock:
            return method(self, *args, **kwargs)

    return locked  # type: ignore[return-value]


class SSMContacts:
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
        self._clock_mode = settings.clock
        self._assert_all_faults_used = settings.assert_all_faults_used
        self._rotation_specs = settings.rotations
        self._start_time = settings.start_time
        self._quota_overrides = settings.quotas
        self._account_id = settings.account_id
        self._region = settings.region
        self._contact_specs = settings.contacts
        self._active = False
        self._used = False
        self._lock = threading.RLock()
        self._collector = Collector()
        self._reset()

    # -- lifecycle -------------------------------------------------------------

    def _reset(self) -> None:
        self._backend = Backend(self._account_id, quotas=Quotas.from_mapping(self._quota_overrides))
        self._faults = Faults()
        self._clock = self._new_clock()
        _seeding.seed(
            self._backend,
            self._region,
            self._clock.now(),
            self._contact_specs,
            self._rotation_specs,
        )

    def _new_clock(self) -> Clock:
        clock: Clock = (
            SystemClock(lock=self._lock)
            if self._clock_mode == "system"
            else Clock(self._start_time, lock=self._lock)
        )
        clock._subscribe(self._run_due_work)
        self._clock_started = clock.now()  # where the control API's reset goes back to
        return clock

    def start(self) -> SSMContacts:
        """Activate the fake. Prefer ``with`` or the fixture, which always stop it."""
        if self._active:
            raise RuntimeError(
                "this SSMContacts is already active; create another mock_ssm_contacts() to nest"
            )
        if self._used:
            self._reset()
        elif self._start_time is None:
            # The clock starts when the fake does, not when the object was made (a
            # decorator built at import time would otherwise start at import time).
            self._clock = self._new_clock()
        self._used = True
        _interception.activate(self)
        self._active = True
        return self

    def stop(self) -> None:
        """Deactivate the fake; the state stays readable.

        When the last active fake stops, the environment is given back as it was before
        the first one started.
        """
        if not self._active:
            return
        _interception.deactivate(self)
        self._collector.release()
        self._active = False
        _http_server.stop(self)

    def __enter__(self) -> SSMContacts:
        return self.start()

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        __tracebackhide__ = True
        self.stop()
        # A body that already failed keeps its own error; unused faults are then likely
        # a consequence of it, not news.
        if exc_type is None and self._assert_all_faults_used:
            message = self._unused_faults_report(
                "pass assert_all_faults_used=False to mock_ssm_contacts()"
            )
            if message is not None:
                raise AssertionError(message)

    async def __aenter__(self) -> SSMContacts:
        return self.start()

    async def __aexit__(self, exc_type: object, *exc_info: object) -> None:
        __tracebackhide__ = True
        self.__exit__(exc_type, *exc_info)

    @overload
    def __call__(self, func: type) -> type: ...

    @overload
    def __call__(self, func: F) -> F: ...

    def __call__(self, func: Any) -> Any:
        """Decorate a function (or each ``test*`` method of a class) to run inside the fake.

        ``async def`` functions and methods keep the fake active while their coroutine runs.
        """
        __tracebackhide__ = True
        return _decorating.decorate(self, func)

    @property
    def active(self) -> bool:
        return self._active

    # -- configuration ---------------------------------------------------------

    @property
    def account_id(self) -> str:
        """The AWS account every faked call acts in."""
        return self._account_id

    @property
    def region(self) -> str:
        """The default region.

        Clients created without a region use it, as do the ``add_*`` methods and the
        lookups by alias or name.
        """
        return self._region

    @property
    def endpoint_url(self) -> str:
        """The URL of an HTTP server that serves this fake to other processes.

        The server starts on first access, on ``127.0.0.1`` and a port the OS picks, and
        stops when the fake does. Raises ``RuntimeError`` while the fake is inactive.
        """
        return _http_server.endpoint_url(self)

    @property
    def environ(self) -> dict[str, str]:
        """The environment a child process needs to reach this fake and nothing real.

        Use it as ``env={**os.environ, **fake.environ}``: any AWS SDK or the AWS CLI in
        the child then talks to ``endpoint_url`` with fake credentials.
        """
        return _child_environ(self.endpoint_url, self._region)

    @property
    def clock(self) -> Clock:
        """The clock behind every timestamp the fake writes (virtual, or the system's)."""
        return self._clock

    def _catch_up(self) -> None:
        """Run the engagement work due by now before anything is inspected.

        A virtual clock has nothing to catch up (moving it ran the work already); a system
        clock may have moved since the last call, under a time-travel library.
        """
        self._clock.now()

    # -- contacts --------------------------------------------------------------

    @_locked
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
    @_locked
    def contacts(self) -> list[Contact]:
        """Every contact, in creation order (all regions)."""
        self._catch_up()
        return _reads.contacts(self._backend)

    @_locked
    def contact(self, alias_or_arn: str) -> Contact:
        """The contact with this alias (default region) or ARN."""
        __tracebackhide__ = True
        self._catch_up()
        return _reads.contact(self._backend, self._region, alias_or_arn)

    # -- engagements -----------------------------------------------------------

    @property
    @_locked
    def engagements(self) -> list[Engagement]:
        """Every engagement started, in start order (all regions)."""
        self._catch_up()
        return _reads.engagements(self._backend)

    @_locked
    def engagements_for(self, contact: ContactRef) -> list[Engagement]:
        """The engagements of one contact (alias, ARN or ``Contact``), in start order."""
        __tracebackhide__ = True
        matches = _refs.contact_matcher("engagements_for", contact)
        return [e for e in self.engagements if matches(e.contact_arn)]

    @_locked
    def assert_engaged(
        self, contact: ContactRef, *, times: int | None = None, **fields: Any
    ) -> None:
        """Assert ``contact`` was engaged (``times`` times, if given) with matching fields."""
        __tracebackhide__ = True
        self._catch_up()
        _assertions.assert_engaged(self._backend, self._region, contact, times, fields)

    @_locked
    def assert_not_engaged(self, contact: ContactRef | None = None) -> None:
        """Assert nobody (or not ``contact``) was engaged."""
        __tracebackhide__ = True
        self._catch_up()
        _assertions.assert_not_engaged(self._backend, contact)

    # -- rotations -----------------------------------------------------------------

    @_locked
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

    @_locked
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
    @_locked
    def rotations(self) -> list[Rotation]:
        """Every rotation, in creation order (all regions)."""
        return _reads.rotations(self._backend)

    @_locked
    def rotation(self, name_or_arn: str) -> Rotation:
        """The rotation with this name (default region) or ARN."""
        __tracebackhide__ = True
        return _reads.rotation(self._backend, self._region, name_or_arn)

    @_locked
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
    @_locked
    def pages(self) -> list[Page]:
        """Every page sent so far, in send order (all regions)."""
        self._catch_up()
        return _reads.pages(self._backend)

    @_locked
    def pages_for(self, contact: ContactRef) -> list[Page]:
        """The pages sent to one personal contact (alias, ARN or ``Contact``), in send order."""
        __tracebackhide__ = True
        matches = _refs.contact_matcher("pages_for", contact)
        return [p for p in self.pages if matches(p.contact_arn)]

    @_locked
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

    @_locked
    def assert_not_paged(self, contact: ContactRef | None = None) -> None:
        """Assert nobody (or not ``contact``) was paged."""
        __tracebackhide__ = True
        self._catch_up()
        _assertions.assert_not_paged(self._backend, contact)

    # -- the recipients' devices -------------------------------------------------

    @_locked
    def accept_code(self, page: PageRef) -> str:
        """The accept code the page carried, as the recipient read it."""
        __tracebackhide__ = True
        return _devices.accept_code(self._backend, page)

    @_locked
    def activation_code(self, channel: ChannelRef) -> str:
        """The activation code last sent to ``channel``'s device."""
        __tracebackhide__ = True
        return _devices.activation_code(self._backend, channel)

    @_locked
    def deliver(self, page: PageRef) -> Page:
        """Simulate the device confirming delivery (a DELIVERED receipt)."""
        __tracebackhide__ = True
        return _devices.deliver(self._backend, page, self._clock.now())

    @_locked
    def fail_delivery(self, page: PageRef, reason: str | None = None) -> Page:
        """Simulate a failed delivery (an ERROR receipt); the channel's retry interval applies."""
        __tracebackhide__ = True
        return _devices.fail_delivery(self._backend, page, reason, self._clock.now())

    # -- faults and the call log -------------------------------------------------

    @_locked
    def fail_next(
        self, operation: str, error: str, *, times: int = 1, message: str | None = None
    ) -> None:
        """Answer the next ``times`` calls of ``operation`` with the modeled ``error``."""
        __tracebackhide__ = True
        self._faults.add(operation, error, times=times, message=message)

    def _unused_faults_report(self, opt_out: str) -> str | None:
        """The failure message for faults left unused, or None when every fault was used."""
        return _assertions.unused_faults_report(self._faults.unused(), opt_out)

    @property
    @_locked
    def calls(self) -> list[Call]:
        """Every API call the fake answered, in order."""
        self._catch_up()
        return list(self._backend.calls)

    # -- the wire ----------------------------------------------------------------

    def _serve(
        self, headers: Any, body: Any, region: str | None
    ) -> tuple[int, dict[str, str], bytes]:
        # The app under test may call from several threads at once; one call at a time
        # keeps every operation atomic, as it is for the real service.
        with self._lock:
            answer = serve(
                self._backend, self._faults, self._clock, headers, body, region or self._region
            )
            self._collector.after_call()
            return answer

    def _run_due_work(self, now: datetime.datetime) -> None:
        with self._lock:
            self._backend.timeline.run_until(now)

    def __repr__(self) -> str:
        state = "active" if self._active else "inactive"
        return f"<SSMContacts {state} account_id={self._account_id!r} region={self._region!r}>"


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
