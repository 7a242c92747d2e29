"""The process environment while fakes are active: neutral, and given back exactly.

A client created while a fake is active must never resolve real credentials nor fail
because of the machine's AWS configuration. While the first fake is active (and until
the last one stops) the environment therefore holds fake credentials, the active fake's
region, no profile, config and credentials files that are empty, and no instance
metadata or container credential look-ups. The values found before are saved when the
first fake starts and put back, exactly, when the last one stops, whatever the order in
which several fakes stop.

``repair_after_test`` covers the one order that activation alone cannot: a test that
changed one of these variables with ``monkeypatch`` while a fake was active has the
fake's value put back by monkeypatch's undo, after the fake stopped.
"""

from __future__ import annotations

import os
import sys
import threading
import weakref
from collections.abc import Mapping
from typing import Any

FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "FAKEACCESSKEYSSMCONTACTS",
    "AWS_SECRET_ACCESS_KEY": "fake-secret-key-for-pytest-ssmcontacts",
    "AWS_SESSION_TOKEN": "fake-session-token-for-pytest-ssmcontacts",
}

# Set (or removed, with None) while a fake is active, beside the credentials and region.
_NEUTRAL: dict[str, str | None] = {
    "AWS_PROFILE": None,
    "AWS_DEFAULT_PROFILE": None,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": None,
    "AWS_CONTAINER_CREDENTIALS_FULL_URI": None,
    "AWS_CONTAINER_AUTHORIZATION_TOKEN": None,
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": None,
    "AWS_WEB_IDENTITY_TOKEN_FILE": None,
    "AWS_ROLE_ARN": None,
    "AWS_CREDENTIAL_EXPIRATION": None,
}

MANAGED = (*FAKE_CREDENTIALS, "AWS_DEFAULT_REGION", *_NEUTRAL)

_lock = threading.Lock()
_saved: dict[str, str | None] | None = None
# Every value written since the last repair, per variable (None: removed).
_written: dict[str, set[str | None]] = {}
# Sessions that resolved credentials while a fake was active: they may cache fake keys.
_sessions: weakref.WeakSet[Any] = weakref.WeakSet()


def neutral_environment(region: str) -> dict[str, str | None]:
    """The managed variables as a fake wants them (None: absent)."""
    return {**FAKE_CREDENTIALS, "AWS_DEFAULT_REGION": region, **_NEUTRAL}


def snapshot() -> dict[str, str | None]:
    return {name: os.environ.get(name) for name in MANAGED}


def _apply(values: Mapping[str, str | None]) -> None:
    for name, value in values.items():
        _written.setdefault(name, set()).add(value)
        _set(name, value)


def _set(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def enter(region: str) -> None:
    """The first fake starts: save the managed variables and neutralise them."""
    global _saved
    with _lock:
        _saved = snapshot()
        _apply(neutral_environment(region))


def set_region(region: str) -> None:
    """Another fake is now the innermost active one."""
    with _lock:
        _apply({"AWS_DEFAULT_REGION": region})


def leave() -> None:
    """The last fake stopped: give every managed variable back as it was found."""
    global _saved
    with _lock:
        saved, _saved = _saved, None
        if saved is not None:
            for name, value in saved.items():
                _set(name, value)
        forget_fake_credentials()


def remember_session(session: Any) -> None:
    """A session resolved credentials while a fake was active."""
    _sessions.add(session)


def forget_fake_credentials() -> None:
    """Drop fake keys that sessions cached while a fake was active.

    A session keeps the first credentials it resolves; found during a fake, they are
    the fake's keys and would sign every later request (other services too). Only the
    fake's keys are dropped, so a session otherwise keeps its loaded data.
    """
    if "botocore" not in sys.modules:
        return  # no session can exist; the hermetic option starts before botocore loads
    from . import _compat

    sessions = [*_sessions, _compat.boto3_default_session()]
    for session in sessions:
        if session is None:
            continue
        credentials = _compat.cached_credentials(session)
        if getattr(credentials, "access_key", None) == FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"]:
            _compat.drop_cached_credentials(session)


def repair_after_test(before: Mapping[str, str | None], active: bool) -> None:
    """Undo fake values that came back after the fakes of a test stopped.

    Called once a test's fixtures are all torn down. A variable is put back to its
    value from before the test only if it now holds a value a fake wrote, so changes
    that are not the fake's are left alone.
    """
    with _lock:
        if active:
            return
        written = dict(_written)
        _written.clear()
        for name, value in before.items():
            current = os.environ.get(name)
            if current != value and current in written.get(name, ()):
                _set(name, value)
    forget_fake_credentials()


_hermetic_saved: list[dict[str, str | None]] = []


def enter_hermetic(default_region: str) -> None:
    """Neutralise the environment for a whole test session (``ssm_contacts_hermetic``).

    Clients made at import time, before any fake, then find fake credentials and no
    profile, config file or metadata service either. The region is set only if the
    environment has none.
    """
    with _lock:
        _hermetic_saved.append(snapshot())
        values = neutral_environment(os.environ.get("AWS_DEFAULT_REGION") or default_region)
        for name, value in values.items():
            _set(name, value)


def leave_hermetic() -> None:
    with _lock:
        if _hermetic_saved:
            for name, value in _hermetic_saved.pop().items():
                _set(name, value)
    forget_fake_credentials()
