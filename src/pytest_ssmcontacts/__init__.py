"""pytest-ssmcontacts: test code that pages people through AWS Incident Manager Contacts.

Every botocore/boto3 ``ssm-contacts`` client is routed to an in-process, stateful,
model-faithful fake while the ``ssm_contacts`` fixture (or ``mock_ssm_contacts``) is
active.
"""

from __future__ import annotations

from ._clock import Clock
from ._fake import SSMContacts, mock_ssm_contacts
from ._interception import RefusedRequestError
from ._version import __version__
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
