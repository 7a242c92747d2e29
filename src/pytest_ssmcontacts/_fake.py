"""``SSMContacts``: the fake service as a test drives it, and ``mock_ssm_contacts``."""

from __future__ import annotations

import datetime
import functools
import inspect
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Callable, TypeVar, Union, overload

from . import _add_rotation, _explain, _http_server, _interception, _model
from ._add_contact import CONTACT_KEYS, add_contact
from ._child_env import child_environ as _child_environ
from ._clock import Clock, SystemClock
from ._collector import Collector
from ._faults import Faults
from ._options import aware_time, spec_type
from ._quotas import Quotas
from ._server import serve
from ._service import _simulation
from ._service import contacts as _contacts
from ._service import rotations as _rotations
from ._service._store import (
    Backend,
    ChannelState,
    ContactState,
    PageState,
    RotationState,
    Store,
)
from ._settings import ContactSpec, Settings
from .assertions import (
    channel_label,
    channel_matcher,
    check_fields,
    check_times,
    contact_matcher,
    engaged_failure,
    not_engaged_failure,
    not_paged_failure,
    paged_failure,
)
from .records import (
    Call,
    Contact,
    ContactChannel,
    Engagement,
    Page,
    Rotation,
    RotationOverride,
)

ROTATION_KEYS = ("members", "name", "recurrence", "start_time", "tags", "time_zone")
ContactRef = Union[str, Contact]
PageRef = Union[str, Page]
ChannelRef = Union[str, ContactChannel]
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


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
        # Members before the rotations they join, rotations before the schedules that use
        # them, schedules before the escalation plans that target them.
        order = {"PERSONAL": 0, "ONCALL_SCHEDULE": 2, "ESCALATION": 3}
        specs = sorted(
            enumerate(self._contact_specs),
            key=lambda item: order.get(spec_type(item[1]), 0),
        )
        for index, spec in (item for item in specs if spec_type(item[1]) == "PERSONAL"):
            self._preload(index, spec)
        for index, rotation in enumerate(self._rotation_specs):
            self._preload_rotation(index, rotation)
        for index, spec in (item for item in specs if spec_type(item[1]) != "PERSONAL"):
            self._preload(index, spec)

    def _new_clock(self) -> Clock:
        clock: Clock = (
            SystemClock(lock=self._lock)
            if self._clock_mode == "system"
            else Clock(self._start_time, lock=self._lock)
        )
        clock._subscribe(self._run_due_work)
        self._clock_started = clock.now()  # where the control API's reset goes back to
        return clock

    def _preload_rotation(self, index: int, spec: Any) -> None:
        __tracebackhide__ = True
        try:
            if not isinstance(spec, Mapping):
                raise ValueError(f"expected a dict of add_rotation() arguments, got {spec!r}")
            _check_keys(spec, ROTATION_KEYS, ("name", "members", "time_zone", "recurrence"))
            self.add_rotation(**spec)
        except ValueError as exc:
            raise ValueError(f"rotations[{index}]: {exc}") from None

    def _preload(self, index: int, spec: ContactSpec) -> None:
        __tracebackhide__ = True
        try:
            if isinstance(spec, str):
                self.add_contact(spec)
            elif isinstance(spec, Mapping):
                _check_keys(spec, CONTACT_KEYS, ("alias",))
                self.add_contact(**spec)
            else:
                raise ValueError(
                    f"expected an alias or a dict of add_contact() arguments, got {spec!r}"
                )
        except ValueError as exc:
            raise ValueError(f"contacts[{index}]: {exc}") from None

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
        if inspect.isclass(func):
            for name, member in list(vars(func).items()):
                if name.startswith("test") and callable(member):
                    setattr(func, name, self(member))
            return func
        if not callable(func):
            raise TypeError(f"mock_ssm_contacts() decorates functions and classes, not {func!r}")

        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                __tracebackhide__ = True
                with self:
                    return await func(*args, **kwargs)

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            __tracebackhide__ = True
            with self:
                return func(*args, **kwargs)

        return wrapper

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
        store = self._backend.store(self._region)
        contact = add_contact(
            store,
            self._backend.quotas,
            alias=alias,
            type=type,
            display_name=display_name,
            plan=plan,
            channels=_listed(channels),
            tags=tags,
        )
        return _contacts.snapshot(store, contact)

    @property
    @_locked
    def contacts(self) -> list[Contact]:
        """Every contact, in creation order (all regions)."""
        self._catch_up()
        return [
            _contacts.snapshot(store, contact)
            for store in self._backend.stores.values()
            for contact in store.contacts.values()
        ]

    @_locked
    def contact(self, alias_or_arn: str) -> Contact:
        """The contact with this alias (default region) or ARN."""
        __tracebackhide__ = True
        self._catch_up()
        state = self._contact_state(alias_or_arn)
        return _contacts.snapshot(self._store_of(state.arn), state)

    def _contact_state(self, alias_or_arn: str) -> ContactState:
        __tracebackhide__ = True
        if not isinstance(alias_or_arn, str):
            raise TypeError(f"contact() takes an alias or an ARN, got {alias_or_arn!r}")
        if alias_or_arn.startswith("arn:"):
            found = self._find(lambda store: store.contact_by_arn(alias_or_arn))
        else:
            found = self._backend.store(self._region).contacts.get(alias_or_arn)
        if found is None:
            known = ", ".join(sorted(c.alias for c in self.contacts)) or "none"
            raise LookupError(f"no contact {alias_or_arn!r}; known aliases: {known}")
        return found

    # -- engagements -----------------------------------------------------------

    @property
    @_locked
    def engagements(self) -> list[Engagement]:
        """Every engagement started, in start order (all regions)."""
        self._catch_up()
        return [state.record for state in self._backend.engagements]

    @_locked
    def engagements_for(self, contact: ContactRef) -> list[Engagement]:
        """The engagements of one contact (alias, ARN or ``Contact``), in start order."""
        __tracebackhide__ = True
        matches = contact_matcher("engagements_for", contact)
        return [e for e in self.engagements if matches(e.contact_arn)]

    @staticmethod
    def _label(contact: ContactRef) -> str:
        return contact.alias if isinstance(contact, Contact) else contact

    @_locked
    def assert_engaged(
        self, contact: ContactRef, *, times: int | None = None, **fields: Any
    ) -> None:
        """Assert ``contact`` was engaged (``times`` times, if given) with matching fields."""
        __tracebackhide__ = True
        check_fields("assert_engaged", fields)
        check_times("assert_engaged", times)
        matches = contact_matcher("assert_engaged", contact)
        engagements = self.engagements
        contact_matches = [matches(e.contact_arn) for e in engagements]
        matched = sum(
            1
            for e, same in zip(engagements, contact_matches)
            if same and all(getattr(e, k) == v for k, v in fields.items())
        )
        label = self._label(contact)
        message = engaged_failure(
            label=label,
            fields=fields,
            times=times,
            matched=matched,
            engagements=engagements,
            contact_matches=contact_matches,
            hint=self._unknown_alias_hint(contact),
        )
        if message is not None:
            if matched < (1 if times is None else times):
                message += self._failed_calls_section()
            raise AssertionError(message)

    def _failed_calls_section(self) -> str:
        """The failed calls that could explain an engagement (or page) found missing."""
        lines = _explain.failed_calls(self._backend.calls, self._backend, self._region)
        return _explain.section("Failed calls that could explain it:", lines)

    def _page_obstacles_section(self, contact: ContactRef, label: str) -> str:
        """Why ``contact`` cannot be paged, or has not been yet."""
        arn = contact.arn if isinstance(contact, Contact) else contact
        if arn.startswith("arn:"):
            found = self._find(lambda store: store.contact_by_arn(arn))
            states = [found] if found is not None else []
        else:
            # An alias names a contact in every region that has one.
            states = [
                store.contacts[arn]
                for store in self._backend.stores.values()
                if arn in store.contacts
            ]
        lines = _explain.page_obstacles(self._backend, states, self._clock.now())
        return _explain.section(f"Why {label!r} was not paged:", lines)

    @_locked
    def assert_not_engaged(self, contact: ContactRef | None = None) -> None:
        """Assert nobody (or not ``contact``) was engaged."""
        __tracebackhide__ = True
        if contact is None:
            offending = self.engagements
            label = None
        else:
            matches = contact_matcher("assert_not_engaged", contact)
            offending = [e for e in self.engagements if matches(e.contact_arn)]
            label = self._label(contact)
        message = not_engaged_failure(label, offending)
        if message is not None:
            raise AssertionError(message)

    def _unknown_alias_hint(self, contact: Any) -> str:
        if not isinstance(contact, str) or contact.startswith("arn:"):
            return ""
        if any(contact in store.contacts for store in self._backend.stores.values()):
            return ""
        return f" (no contact has the alias {contact!r})"

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
        store = self._backend.store(self._region)
        rotation = _add_rotation.add_rotation(
            store,
            self._backend.quotas,
            self._clock.now(),
            name=name,
            members=_listed(members),
            time_zone=time_zone,
            recurrence=recurrence,
            start_time=start_time,
            tags=tags,
        )
        return _rotations.record(rotation)

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
        state = self._rotation_state("add_override", rotation)
        override = _add_rotation.add_override(
            self._store_of(state.arn),
            self._backend.quotas,
            self._clock.now(),
            state,
            members=_listed(members),
            start=start,
            end=end,
        )
        return _rotations.override_record(override)

    @property
    @_locked
    def rotations(self) -> list[Rotation]:
        """Every rotation, in creation order (all regions)."""
        return [
            _rotations.record(r)
            for store in self._backend.stores.values()
            for r in store.rotations.values()
        ]

    @_locked
    def rotation(self, name_or_arn: str) -> Rotation:
        """The rotation with this name (default region) or ARN."""
        __tracebackhide__ = True
        return _rotations.record(self._rotation_state("rotation", name_or_arn))

    @_locked
    def on_call(
        self, schedule_or_rotation: str | Contact | Rotation, at: datetime.datetime | None = None
    ) -> list[Contact]:
        """Who is on call at ``at`` (default: now) for an on-call schedule or a rotation."""
        __tracebackhide__ = True
        when = self._clock.now() if at is None else aware_time("on_call", at)
        _rotations.check_on_call_time(when, defaulted=at is None)
        target = schedule_or_rotation
        if isinstance(target, Contact) or (
            isinstance(target, str)
            and (
                ":contact/" in target
                or (not target.startswith("arn:") and self._has_contact(target))
            )
        ):
            schedule = self._contact_state(target.arn if isinstance(target, Contact) else target)
            if schedule.type != "ONCALL_SCHEDULE":
                raise ValueError(
                    f"on_call(): {schedule.alias!r} is a contact of type {schedule.type}; pass "
                    "an ONCALL_SCHEDULE contact or a rotation"
                )
            store = self._store_of(schedule.arn)
            people = _rotations.on_call(store, schedule, when)
            return [_contacts.snapshot(store, person) for person in people]
        rotation = self._rotation_state("on_call", target)
        store = self._store_of(rotation.arn)
        found = [store.contact_by_arn(arn) for arn in _rotations.on_call_arns(rotation, when)]
        return [_contacts.snapshot(store, c) for c in found if c is not None]

    def _has_contact(self, alias: str) -> bool:
        return alias in self._backend.store(self._region).contacts

    def _store_of(self, arn: str) -> Store:
        return self._backend.store(arn.split(":")[3])

    def _find(self, pick: Callable[[Store], T | None]) -> T | None:
        """What ``pick`` finds in the first region's store that has it."""
        for store in self._backend.stores.values():
            found = pick(store)
            if found is not None:
                return found
        return None

    def _rotation_state(self, function: str, rotation: Any) -> RotationState:
        __tracebackhide__ = True
        if isinstance(rotation, Rotation):
            rotation = rotation.arn
        if isinstance(rotation, str):
            if rotation.startswith("arn:"):
                found = self._find(lambda store: store.rotations.get(rotation))
                if found is not None:
                    return found
            else:
                named = [
                    r
                    for r in self._backend.store(self._region).rotations.values()
                    if r.name == rotation
                ]
                if len(named) == 1:
                    return named[0]
                if len(named) > 1:
                    raise LookupError(
                        f"{function}(): {len(named)} rotations are named {rotation!r}; pass its ARN"
                    )
        known = ", ".join(repr(r.name) for r in self.rotations) or "none"
        raise LookupError(f"{function}(): no rotation {rotation!r}; known rotations: {known}")

    # -- pages -------------------------------------------------------------------

    @property
    @_locked
    def pages(self) -> list[Page]:
        """Every page sent so far, in send order (all regions)."""
        self._catch_up()
        return [page.record() for page in self._backend.pages]

    @_locked
    def pages_for(self, contact: ContactRef) -> list[Page]:
        """The pages sent to one personal contact (alias, ARN or ``Contact``), in send order."""
        __tracebackhide__ = True
        matches = contact_matcher("pages_for", contact)
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
        check_times("assert_paged", times)
        matches = contact_matcher("assert_paged", contact)
        on_channel = channel_matcher("assert_paged", channel)
        pages = self.pages
        contact_matches = [matches(p.contact_arn) for p in pages]
        channel_matches = [on_channel(p) for p in pages]
        matched = sum(1 for c, ch in zip(contact_matches, channel_matches) if c and ch)
        message = paged_failure(
            label=self._label(contact),
            channel=channel_label(channel),
            times=times,
            matched=matched,
            pages=pages,
            contact_matches=contact_matches,
            channel_matches=channel_matches,
            hint=self._unknown_alias_hint(contact),
        )
        if message is not None:
            if matched < (1 if times is None else times):
                if not any(contact_matches):
                    message += self._page_obstacles_section(contact, self._label(contact))
                message += self._failed_calls_section()
            raise AssertionError(message)

    @_locked
    def assert_not_paged(self, contact: ContactRef | None = None) -> None:
        """Assert nobody (or not ``contact``) was paged."""
        __tracebackhide__ = True
        if contact is None:
            offending, label = self.pages, None
        else:
            matches = contact_matcher("assert_not_paged", contact)
            offending = [p for p in self.pages if matches(p.contact_arn)]
            label = self._label(contact)
        message = not_paged_failure(label, offending)
        if message is not None:
            raise AssertionError(message)

    @_locked
    def accept_code(self, page: PageRef) -> str:
        """The accept code the page carried, as the recipient read it."""
        __tracebackhide__ = True
        return self._page_state("accept_code", page).accept_code

    @_locked
    def activation_code(self, channel: ChannelRef) -> str:
        """The activation code last sent to ``channel``'s device."""
        __tracebackhide__ = True
        state = self._channel_state("activation_code", channel)
        if state.activation_code is None:
            raise LookupError(
                f"activation_code(): no activation code was sent to channel {state.arn}; "
                "it was created with DeferActivation, or by add_contact() or the marker, "
                "so call send_activation_code first"
            )
        return state.activation_code

    @_locked
    def deliver(self, page: PageRef) -> Page:
        """Simulate the device confirming delivery (a DELIVERED receipt)."""
        __tracebackhide__ = True
        state = self._page_state("deliver", page)
        _simulation.deliver(state, self._clock.now())
        return state.record()

    @_locked
    def fail_delivery(self, page: PageRef, reason: str | None = None) -> Page:
        """Simulate a failed delivery (an ERROR receipt); the channel's retry interval applies."""
        __tracebackhide__ = True
        longest = _model.service_model().shape_for("ReceiptInfo").metadata["max"]
        if reason is not None and (not isinstance(reason, str) or len(reason) > longest):
            raise ValueError(
                f"fail_delivery(): reason must be a string of at most {longest} characters "
                f"(a receipt's ReceiptInfo) or None, got {reason!r:.80}"
            )
        state = self._page_state("fail_delivery", page)
        _simulation.fail_delivery(
            self._store_of(state.arn), self._backend, state, self._clock.now(), reason
        )
        return state.record()

    def _page_state(self, function: str, page: Any) -> PageState:
        __tracebackhide__ = True
        arn = page.arn if isinstance(page, Page) else page
        found = self._find(lambda store: store.pages.get(arn)) if isinstance(arn, str) else None
        if found is not None:
            return found
        raise LookupError(f"{function}(): no page {arn!r}; pass a Page from .pages or a page ARN")

    def _channel_state(self, function: str, channel: Any) -> ChannelState:
        __tracebackhide__ = True
        arn = channel.arn if isinstance(channel, ContactChannel) else channel
        found = self._find(lambda store: store.channels.get(arn)) if isinstance(arn, str) else None
        if found is not None:
            return found
        raise LookupError(
            f"{function}(): no contact channel {arn!r}; pass a ContactChannel "
            "(e.g. from contact(...).channels) or a contact channel ARN"
        )

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
        unused = self._faults.unused()
        if not unused:
            return None
        return "\n".join(
            [
                "Some faults queued with fail_next() were never used:",
                *(f"- {line}" for line in unused),
                f"If that is on purpose, {opt_out}.",
            ]
        )

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


def _check_keys(
    spec: Mapping[str, Any], allowed: tuple[str, ...], required: tuple[str, ...]
) -> None:
    __tracebackhide__ = True
    unknown = sorted(set(spec) - set(allowed), key=str)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}; expected: {', '.join(allowed)}")
    missing = [key for key in required if key not in spec]
    if missing:
        raise ValueError(f"missing {', '.join(repr(m) for m in missing)}")


def _listed(value: Any) -> Any:
    # Anything but a non-text iterable passes as given, for add_*() to refuse by name:
    # list() would take a str or dict apart, and raise a bare TypeError on an int.
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return value
    return list(value)


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
