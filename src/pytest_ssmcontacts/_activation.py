"""``Activation``: a fake's life and environment, at the root of ``SSMContacts``.

Everything a fake is before a test seeds, reads or asserts anything: its lock, its
state and clock (rebuilt for each activation), ``start``/``stop`` and the ``with``,
``async with`` and decorator forms around them, what it offers clients and child
processes (``account_id``, ``region``, ``endpoint_url``, ``environ``, ``clock``), and
``_serve``, where every faked call (in-process or over HTTP) enters the pipeline.
"""

from __future__ import annotations

import datetime
import functools
import threading
from typing import TYPE_CHECKING, Any, Callable, TypeVar, cast, overload

from . import _assertions, _decorating, _http_server, _interception, _seeding
from ._child_env import child_environ
from ._clock import Clock, SystemClock
from ._collector import Collector
from ._faults import Faults
from ._pipeline import serve
from ._quotas import Quotas
from ._service._store import Backend
from ._settings import Settings

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._fake import SSMContacts

F = TypeVar("F", bound=Callable[..., Any])


def locked(method: F) -> F:
    """Run ``method`` holding the fake's lock, the one every API call holds.

    The app under test may call the API from other threads while the test reads or
    seeds the fake: each public member then sees (or changes) the state between two
    calls, never halfway through one.
    """

    @functools.wraps(method)
    def holding_the_lock(self: Activation, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        with self._lock:
            return method(self, *args, **kwargs)

    return holding_the_lock  # type: ignore[return-value]


class Activation:
    """A fake's lifecycle and environment: made from checked ``Settings``, started and
    stopped (directly, with ``with``/``async with``, or as a decorator)."""

    def __init__(self, settings: Settings) -> None:
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

    def start(self) -> Self:
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
        self._collector.start()
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

    def __enter__(self) -> Self:
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

    async def __aenter__(self) -> Self:
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

    def _unused_faults_report(self, opt_out: str) -> str | None:
        """The failure message for faults left unused, or None when every fault was used."""
        return _assertions.unused_faults_report(self._faults.unused(), opt_out)

    def _as_ssm_contacts(self) -> SSMContacts:
        # Only SSMContacts derives from this class, and the HTTP server's control API
        # drives the whole fake (its reads and seeding), not just its activation.
        return cast("SSMContacts", self)

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
        return _http_server.endpoint_url(self._as_ssm_contacts())

    @property
    def environ(self) -> dict[str, str]:
        """The environment a child process needs to reach this fake and nothing real.

        Use it as ``env={**os.environ, **fake.environ}``: any AWS SDK or the AWS CLI in
        the child then talks to ``endpoint_url`` with fake credentials.
        """
        return child_environ(self.endpoint_url, self._region)

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

    # -- the wire --------------------------------------------------------------

    def _serve(
        self, headers: Any, body: Any, region: str | None
    ) -> tuple[int, dict[str, str], bytes]:
        # The app under test may call from several threads at once; one call at a time
        # keeps every operation atomic, as it is for the real service.
        with self._lock:
            with self._collector.paused():
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
