"""``SSMContacts``: the fake service as a test drives it, and ``mock_ssm_contacts``.

``SSMContacts`` is a thin façade: each public member hands over to the module that does
the work, holding the fake's lock whenever it reads or changes the fake's state (the
lock every API call holds), so the class and its two bases read as the fixture's table
of contents:

- ``_activation.Activation``: the lock, start/stop, ``with``/``async with`` and the
  decorator form; the environment (``account_id``, ``region``, ``endpoint_url``,
  ``environ``, ``clock``: ``_interception``, ``_http_server``, ``_child_env``); and the
  wire, where every faked call enters ``_pipeline``;
- ``_scenario.Scenario``: what a test stages: seeding (``add_*`` and the
  ``contacts``/``rotations`` options: ``_seeding``), ``fail_next`` (``_faults``), and the
  recipients' devices (codes, delivery receipts: ``_devices``);
- ``SSMContacts``, here: what a test reads (``contacts``, ``on_call``, ...: records
  built in one place, ``_reads``) and asserts (``_assertions``, with ``_explain``), with
  references (alias, name, ARN or record) resolved by ``_refs``.
"""

from __future__ import annotations

import datetime
import functools
import inspect
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Callable

from . import _assertions, _reads, _refs
from ._activation import locked
from ._clock import aware_time
from ._refs import ChannelRef, ContactRef, PageRef
from ._scenario import Scenario
from ._seeding import ContactSpec
from ._service._oncall import check_on_call_time
from ._settings import Settings
from .records import Call, Contact, Engagement, Page, Rotation

if TYPE_CHECKING:
    from typing_extensions import ParamSpec

    _P = ParamSpec("_P")

__all__ = ["ChannelRef", "ContactRef", "ContactSpec", "PageRef", "SSMContacts", "mock_ssm_contacts"]


class SSMContacts(Scenario):
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

    # -- the call log ------------------------------------------------------------

    @property
    @locked
    def calls(self) -> list[Call]:
        """Every API call the fake answered, in order."""
        self._catch_up()
        return list(self._backend.calls)


def _with_the_options_of(
    cls: Callable[_P, SSMContacts],
) -> Callable[[Callable[..., SSMContacts]], Callable[_P, SSMContacts]]:
    """Give ``function`` the options of ``cls``: one list to keep, the constructor's.

    Type checkers read the options from the constructor; ``help()``, ``inspect`` and
    ``typing.get_type_hints`` from the signature and annotations copied here; a wrong
    argument is refused in the function's own name, as Python would word it.
    """

    def give(function: Callable[..., SSMContacts]) -> Callable[_P, SSMContacts]:
        signature = inspect.signature(cls).replace(return_annotation=cls.__name__)

        @functools.wraps(function)
        def checked(*args: Any, **options: Any) -> SSMContacts:
            __tracebackhide__ = True
            if args:
                given = f"{len(args)} {'was' if len(args) == 1 else 'were'} given"
                raise TypeError(f"{function.__name__}() takes 0 positional arguments but {given}")
            try:
                signature.bind(**options)
            except TypeError as error:
                raise TypeError(f"{function.__name__}() {error}") from None
            return function(**options)

        checked.__signature__ = signature  # type: ignore[attr-defined]
        checked.__annotations__ = {
            **cls.__init__.__annotations__,
            "return": cls.__name__,
        }
        return checked

    return give


@_with_the_options_of(SSMContacts)
def mock_ssm_contacts(**options: Any) -> SSMContacts:
    """A fake ssm-contacts service to use as a context manager or a decorator."""
    __tracebackhide__ = True
    return SSMContacts(**options)
