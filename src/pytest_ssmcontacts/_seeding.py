"""The fixture's seeding: ``add_contact``, ``add_rotation``, ``add_override`` and the
``contacts``/``rotations`` options, in the default region.

The rules live in ``_service`` (``_contact_rules``, ``_rotation_rules``), as for the
API; ``_add_contact`` and ``_add_rotation`` translate friendly arguments into model
members and the rules' errors into ``ValueError``s naming the argument.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, Union

from . import _add_rotation, _reads, _refs
from ._add_contact import CONTACT_KEYS
from ._add_contact import add_contact as _add_contact
from ._service._store import Backend
from .records import Contact, Rotation, RotationOverride

ContactSpec = Union[str, Mapping[str, Any]]
ROTATION_KEYS = ("members", "name", "recurrence", "start_time", "tags", "time_zone")


def seed(
    backend: Backend,
    region: str,
    now: datetime.datetime,
    contacts: Iterable[ContactSpec],
    rotations: Iterable[Mapping[str, Any]],
) -> None:
    """Create the ``contacts`` and ``rotations`` options' resources, in dependency order.

    Members before the rotations they join, rotations before the schedules that use
    them, schedules before the escalation plans that target them.
    """
    __tracebackhide__ = True
    order = {"PERSONAL": 0, "ONCALL_SCHEDULE": 2, "ESCALATION": 3}
    specs = sorted(enumerate(contacts), key=lambda item: order.get(spec_type(item[1]), 0))
    for index, spec in (item for item in specs if spec_type(item[1]) == "PERSONAL"):
        _seed_contact(backend, region, index, spec)
    for index, rotation in enumerate(rotations):
        _seed_rotation(backend, region, now, index, rotation)
    for index, spec in (item for item in specs if spec_type(item[1]) != "PERSONAL"):
        _seed_contact(backend, region, index, spec)


def spec_type(spec: Any) -> str:
    """The contact type a ``contacts`` entry asks for (an alias alone is PERSONAL)."""
    if isinstance(spec, Mapping):
        kind = spec.get("type", "PERSONAL")
        return kind if isinstance(kind, str) else "PERSONAL"
    return "PERSONAL"


def _seed_contact(backend: Backend, region: str, index: int, spec: ContactSpec) -> None:
    __tracebackhide__ = True
    try:
        if isinstance(spec, str):
            add_contact(backend, region, spec)
        elif isinstance(spec, Mapping):
            _check_keys(spec, CONTACT_KEYS, ("alias",))
            add_contact(backend, region, **spec)
        else:
            raise ValueError(
                f"expected an alias or a dict of add_contact() arguments, got {spec!r}"
            )
    except ValueError as exc:
        raise ValueError(f"contacts[{index}]: {exc}") from None


def _seed_rotation(
    backend: Backend, region: str, now: datetime.datetime, index: int, spec: Any
) -> None:
    __tracebackhide__ = True
    try:
        if not isinstance(spec, Mapping):
            raise ValueError(f"expected a dict of add_rotation() arguments, got {spec!r}")
        _check_keys(spec, ROTATION_KEYS, ("name", "members", "time_zone", "recurrence"))
        add_rotation(backend, region, now, **spec)
    except ValueError as exc:
        raise ValueError(f"rotations[{index}]: {exc}") from None


def add_contact(
    backend: Backend,
    region: str,
    alias: str,
    *,
    type: str = "PERSONAL",
    display_name: str | None = None,
    plan: Mapping[str, Any] | None = None,
    channels: Iterable[Mapping[str, str]] = (),
    tags: Mapping[str, str] | None = None,
) -> Contact:
    __tracebackhide__ = True
    store = backend.store(region)
    contact = _add_contact(
        store,
        backend.quotas,
        alias=alias,
        type=type,
        display_name=display_name,
        plan=plan,
        channels=listed(channels),
        tags=tags,
    )
    return _reads.contact_record(store, contact)


def add_rotation(
    backend: Backend,
    region: str,
    now: datetime.datetime,
    name: str,
    *,
    members: Iterable[str | Contact],
    time_zone: str,
    recurrence: Mapping[str, Any],
    start_time: datetime.datetime | str | None = None,
    tags: Mapping[str, str] | None = None,
) -> Rotation:
    __tracebackhide__ = True
    rotation = _add_rotation.add_rotation(
        backend.store(region),
        backend.quotas,
        now,
        name=name,
        members=listed(members),
        time_zone=time_zone,
        recurrence=recurrence,
        start_time=start_time,
        tags=tags,
    )
    return _reads.rotation_record(rotation)


def add_override(
    backend: Backend,
    region: str,
    now: datetime.datetime,
    rotation: Any,
    *,
    members: Iterable[str | Contact],
    start: datetime.datetime | str,
    end: datetime.datetime | str,
) -> RotationOverride:
    __tracebackhide__ = True
    state = _refs.rotation(backend, region, "add_override", rotation)
    override = _add_rotation.add_override(
        _refs.store_of(backend, state.arn),
        backend.quotas,
        now,
        state,
        members=listed(members),
        start=start,
        end=end,
    )
    return _reads.override_record(override)


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


def listed(value: Any) -> Any:
    """A non-text iterable as a list; anything else as given, for add_*() to refuse by name.

    list() would take a str or dict apart, and raise a bare TypeError on an int.
    """
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return value
    return list(value)
