"""A user's reference to a resource, resolved in one place.

The fixture accepts contacts by alias, ARN or ``Contact``; rotations by name, ARN or
``Rotation``; pages and channels by ARN or record. Aliases and names are looked up in
the default region, ARNs in the region they name. The lookups raise the
``LookupError``/``TypeError`` a test reads, naming the fixture method it called.

The seeding (``add_contact``, ``add_rotation``, ``add_override``) names members, plan
targets and a schedule's rotations the same way, in the store it creates in: there an
ARN is passed on as given, for the service's rules to judge as in any request, and a
name that resolves to nothing (or to several rotations) raises ``Unresolved``, which
the seeding words as a ``ValueError`` naming its argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, TypeVar, Union

from ._arns import alias_of, is_arn, names_a, region_of
from ._service._store import Backend, ChannelState, ContactState, PageState, RotationState, Store
from .records import Contact, ContactChannel, Page, Rotation

ContactRef = Union[str, Contact]
RotationRef = Union[str, Rotation]
PageRef = Union[str, Page]
ChannelRef = Union[str, ContactChannel]
T = TypeVar("T")


def store_of(backend: Backend, arn: str) -> Store:
    """The partition a resource's ARN lives in."""
    return backend.store(region_of(arn))


def find(backend: Backend, pick: Callable[[Store], T | None]) -> T | None:
    """What ``pick`` finds in the first region's store that has it."""
    for store in backend.stores.values():
        found = pick(store)
        if found is not None:
            return found
    return None


def arn_of(reference: Any) -> Any:
    """A record's ARN, or the reference as given."""
    return (
        reference.arn
        if isinstance(reference, (Contact, ContactChannel, Page, Rotation))
        else reference
    )


class Unresolved(LookupError):
    """A name or alias that names no resource (``count`` 0), or several (``count`` > 1)."""

    def __init__(self, reference: str, count: int) -> None:
        super().__init__(reference, count)
        self.reference = reference
        self.count = count


def _is_name(reference: Any) -> bool:
    """Whether a reference is a name or an alias to look up, not an ARN or a record."""
    return isinstance(reference, str) and not is_arn(reference)


# -- contacts ------------------------------------------------------------------


def contact(backend: Backend, region: str, alias_or_arn: Any) -> ContactState:
    __tracebackhide__ = True
    if not isinstance(alias_or_arn, str):
        raise TypeError(f"contact() takes an alias or an ARN, got {alias_or_arn!r}")
    if is_arn(alias_or_arn):
        found = find(backend, lambda store: store.contact_by_arn(alias_or_arn))
    else:
        found = backend.store(region).contacts.get(alias_or_arn)
    if found is None:
        aliases = (c.alias for store in backend.stores.values() for c in store.contacts.values())
        known = ", ".join(sorted(aliases)) or "none"
        raise LookupError(f"no contact {alias_or_arn!r}; known aliases: {known}")
    return found


def is_contact(backend: Backend, region: str, reference: Any) -> bool:
    """Whether ``reference`` names a contact rather than a rotation (for ``on_call``)."""
    if isinstance(reference, Contact):
        return True
    if not isinstance(reference, str):
        return False
    if is_arn(reference):
        return names_a(reference, "contact")
    return reference in backend.store(region).contacts


def contacts_everywhere(backend: Backend, reference: ContactRef) -> list[ContactState]:
    """The contacts a reference names: an ARN one, an alias one in every region that has it."""
    arn = arn_of(reference)
    if is_arn(arn):
        found = find(backend, lambda store: store.contact_by_arn(arn))
        return [found] if found is not None else []
    return [store.contacts[arn] for store in backend.stores.values() if arn in store.contacts]


def contact_aliased(store: Store, alias: str) -> ContactState:
    """The contact of ``store`` with ``alias``; ``Unresolved`` if there is none."""
    found = store.contacts.get(alias)
    if found is None:
        raise Unresolved(alias, 0)
    return found


def contact_arn_in(store: Store, reference: Any) -> Any:
    """The ARN a seeded member or plan target names: an alias's in ``store``, a record's;
    an ARN (or anything else, for the shape check to refuse) as given."""
    if _is_name(reference):
        return contact_aliased(store, reference).arn
    return arn_of(reference)


def label(contact: ContactRef) -> str:
    """How a failure message names the contact a test asked about."""
    return contact.alias if isinstance(contact, Contact) else contact


def unknown_alias_hint(backend: Backend, contact: Any) -> str:
    """A note for a failure message when the alias a test gave names no contact at all."""
    if not isinstance(contact, str) or is_arn(contact):
        return ""
    if any(contact in store.contacts for store in backend.stores.values()):
        return ""
    return f" (no contact has the alias {contact!r})"


def contact_matcher(function: str, contact: Any) -> Callable[[str], bool]:
    """A test of a contact ARN against a reference, for filtering records."""
    __tracebackhide__ = True
    if isinstance(contact, Contact):
        arn = contact.arn
        return lambda candidate: candidate == arn
    if isinstance(contact, str) and is_arn(contact):
        return lambda candidate: candidate == contact
    if isinstance(contact, str) and contact:
        # The candidates are the ARNs of contacts the fake stored: an alias names one.
        return lambda candidate: alias_of(candidate) == contact
    raise TypeError(
        f"{function}() takes a contact as an alias, an ARN or a Contact, got {contact!r}"
    )


# -- rotations -----------------------------------------------------------------


def rotation(backend: Backend, region: str, function: str, reference: Any) -> RotationState:
    __tracebackhide__ = True
    reference = arn_of(reference) if isinstance(reference, Rotation) else reference
    if isinstance(reference, str):
        if is_arn(reference):
            found = find(backend, lambda store: store.rotations.get(reference))
            if found is not None:
                return found
        else:
            try:
                return rotation_named(backend.store(region), reference)
            except Unresolved as unresolved:
                if unresolved.count > 1:
                    raise LookupError(
                        f"{function}(): {unresolved.count} rotations are named {reference!r}; "
                        "pass its ARN"
                    ) from None
    names = (r.name for store in backend.stores.values() for r in store.rotations.values())
    known = ", ".join(repr(name) for name in names) or "none"
    raise LookupError(f"{function}(): no rotation {reference!r}; known rotations: {known}")


def rotation_named(store: Store, name: str) -> RotationState:
    """Rotation names need not be unique: the one rotation of ``store`` with ``name``.

    ``Unresolved`` says how many have it when that is not exactly one.
    """
    named = [r for r in store.rotations.values() if r.name == name]
    if len(named) != 1:
        raise Unresolved(name, len(named))
    return named[0]


def rotation_arn_in(store: Store, reference: Any) -> Any:
    """The ARN a seeded schedule's ``RotationIds`` entry names: a name's, of the one
    rotation in ``store`` with it; an ARN (or anything else) as given."""
    if _is_name(reference):
        return rotation_named(store, reference).arn
    return reference


# -- pages and channels --------------------------------------------------------


def page(backend: Backend, function: str, reference: Any) -> PageState:
    __tracebackhide__ = True
    arn = arn_of(reference) if isinstance(reference, Page) else reference
    found = find(backend, lambda store: store.pages.get(arn)) if isinstance(arn, str) else None
    if found is not None:
        return found
    raise LookupError(f"{function}(): no page {arn!r}; pass a Page from .pages or a page ARN")


def channel(backend: Backend, function: str, reference: Any) -> ChannelState:
    __tracebackhide__ = True
    arn = arn_of(reference) if isinstance(reference, ContactChannel) else reference
    found = find(backend, lambda store: store.channels.get(arn)) if isinstance(arn, str) else None
    if found is not None:
        return found
    raise LookupError(
        f"{function}(): no contact channel {arn!r}; pass a ContactChannel "
        "(e.g. from contact(...).channels) or a contact channel ARN"
    )


def channel_arn_among(channels: Mapping[Any, str], reference: Any) -> Any:
    """The ARN a seeded plan's channel target names: a name's among ``channels`` (the new
    contact's, by name); an ARN (or anything else) as given."""
    if _is_name(reference):
        if reference not in channels:
            raise Unresolved(reference, 0)
        return channels[reference]
    return reference


def channel_label(channel: Any) -> str | None:
    """How a failure message names the channel a test asked about."""
    if channel is None:
        return None
    return channel.name if isinstance(channel, ContactChannel) else str(channel)


def channel_matcher(function: str, channel: Any) -> Callable[[Page], bool]:
    """A test of a page's channel against a type, name, ARN or ``ContactChannel``."""
    __tracebackhide__ = True
    if channel is None:
        return lambda page: True
    if isinstance(channel, ContactChannel):
        arn = channel.arn
        return lambda page: page.channel_arn == arn
    if isinstance(channel, str) and channel:
        wanted = channel
        return lambda page: (
            page.channel_arn == wanted
            or page.channel_name == wanted
            or page.channel_type == wanted.upper()
        )
    raise TypeError(
        f"{function}() takes channel as a channel type, name, ARN or ContactChannel, "
        f"got {channel!r}"
    )
