"""A stand-in for the delivery provider's message id on SENT receipts."""

from __future__ import annotations

import re
from typing import Any

_FORM = re.compile(r"(SM|CA|EM)[0-9a-f]{32}")


class _MessageId:
    """Equal to any message id of the fake's form, so receipts compare whole."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and _FORM.fullmatch(other) is not None

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "MESSAGE_ID"


MESSAGE_ID: Any = _MessageId()
