"""Read-only copies of JSON-like values, for the records tests keep.

A record must share nothing with the fake's state, and a test must not be able to change
it by accident: records and the state each hold copies of their own (``frozen_copy``);
the call log holds the request as it came (read-only). Dicts and lists become read-only
subclasses of ``dict`` and ``list`` rather than mapping proxies and tuples, so that
``call.params == {...}``, ``json.dumps``, ``isinstance(x, dict)`` and reprs read
exactly as with plain values.
``copy.copy``/``copy.deepcopy`` give back plain, editable dicts and lists.
"""

from __future__ import annotations

import copy
from typing import Any, NoReturn


def _read_only(self: object, *args: object, **kwargs: object) -> NoReturn:
    raise TypeError(
        f"this {type(self).__bases__[0].__name__} is part of a read-only record; "
        "copy.deepcopy() it to get an editable one"
    )


class FrozenDict(dict):  # type: ignore[type-arg]
    """A dict that refuses changes; equal to, and printed like, the plain dict."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only

    def __copy__(self) -> dict[Any, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[Any, Any]:
        return {key: copy.deepcopy(value, memo) for key, value in self.items()}

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))


class FrozenList(list):  # type: ignore[type-arg]
    """A list that refuses changes; equal to, and printed like, the plain list."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _read_only
    append = clear = extend = insert = pop = remove = reverse = sort = _read_only

    def __copy__(self) -> list[Any]:
        return list(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return [copy.deepcopy(value, memo) for value in self]

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (list(self),))


def freeze(value: Any) -> Any:
    """A deep, read-only copy of ``value``: dicts and lists copied, the rest kept.

    Everything else the fake stores in them (str, int, float, bool, None, datetime,
    bytes) is immutable already. A value frozen before is returned as it is.
    """
    if isinstance(value, (FrozenDict, FrozenList)):
        return value
    if isinstance(value, dict):
        return FrozenDict({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return FrozenList(freeze(item) for item in value)
    if type(value) is tuple:
        return tuple(freeze(item) for item in value)
    return value


def frozen_copy(value: Any) -> Any:
    """A new deep, read-only copy of a JSON-like ``value``, frozen or not.

    For what the state keeps of a request: the call log holds the request itself, so
    the state's copy shares no dict or list with it, even with the read-only guard
    bypassed. Scalars are handled inline: a recurrence can hold tens of thousands.
    """
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                item = frozen_copy(item)
            out[key] = item
        return FrozenDict(out)
    if isinstance(value, list):
        return FrozenList(
            [frozen_copy(item) if isinstance(item, (dict, list)) else item for item in value]
        )
    return value
