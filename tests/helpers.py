"""What many test modules need: an ssm-contacts client and an engagement started.

Test modules import these instead of defining their own, and never import each other.
"""

from __future__ import annotations

from typing import Any

import boto3

from pytest_ssmcontacts import Contact

# What an engagement started by ``engage`` says, unless a test passes its own.
SENDER = "cli"
SUBJECT = "Disk full"
CONTENT = "db-1 is at 100%"


def client(**kwargs: Any) -> Any:
    """A boto3 ssm-contacts client; ``kwargs`` go to ``boto3.client`` (``region_name``, ...)."""
    return boto3.client("ssm-contacts", **kwargs)


def engage(contact: Contact | str, api: Any = None, **params: Any) -> str:
    """Start an engagement of ``contact`` (a ``Contact`` or an ARN); its ARN.

    ``api`` is the client to call (default: a new one); ``params`` add to or replace
    the engagement's members.
    """
    arn = contact.arn if isinstance(contact, Contact) else contact
    params = {"Sender": SENDER, "Subject": SUBJECT, "Content": CONTENT, **params}
    response = (api or client()).start_engagement(ContactId=arn, **params)
    return str(response["EngagementArn"])
