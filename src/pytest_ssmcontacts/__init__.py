"""pytest-ssmcontacts: test code that pages people through AWS Incident Manager Contacts.

Every botocore/boto3 ``ssm-contacts`` client is routed to an in-process, stateful,
model-faithful fake while the ``ssm_contacts`` fixture (or ``mock_ssm_contacts``) is
active.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._clock import Clock
    from ._fake import SSMContacts, mock_ssm_contacts
    from ._interception import RefusedRequestError
    from .records import (
        Call,
        Contact,
        ContactChannel,
        Engagement,
        Page,
        Receipt,
        Rotation,
        RotationOverride,
    )

# pytest imports this package in every run where the plugin is installed (its plugin
# module lives here), so the public names load on first use instead: botocore, its
# model and the fake cost nothing to a run that never touches them.
_HOMES = {
    "Call": "records",
    "Clock": "_clock",
    "Contact": "records",
    "ContactChannel": "records",
    "Engagement": "records",
    "Page": "records",
    "Receipt": "records",
    "RefusedRequestError": "_interception",
    "Rotation": "records",
    "RotationOverride": "records",
    "SSMContacts": "_fake",
    "mock_ssm_contacts": "_fake",
}

__all__ = [
    "Call",
    "Clock",
    "Contact",
    "ContactChannel",
    "Engagement",
    "Page",
    "Receipt",
    "RefusedRequestError",
    "Rotation",
    "RotationOverride",
    "SSMContacts",
    "__version__",
    "mock_ssm_contacts",
]


def __getattr__(name: str) -> Any:
    if name == "records":  # the public submodule, reachable as an attribute as before
        return importlib.import_module(f"{__name__}.records")
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
