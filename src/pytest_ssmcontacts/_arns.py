"""ARNs of ssm-contacts resources, as the service builds and parses them.

The lowest module: the service, the records users read and the resolution of their
references all take ARNs apart here.
"""

from __future__ import annotations

import os
import re

SERVICE = "ssm-contacts"

_ARN = re.compile(
    r"^arn:(?P<partition>aws|aws-cn|aws-us-gov):ssm-contacts:(?P<region>[^:]*):"
    r"(?P<account>[0-9]+):(?P<resource>.*)$"
)


def partition_for(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def build(partition: str, region: str, account: str, resource: str) -> str:
    return f"arn:{partition}:{SERVICE}:{region}:{account}:{resource}"


def new_id() -> str:
    """A random UUID (version 4) as text, for resources and request ids.

    Three per engaging call (the engagement, its page, the request), so built straight
    from random bytes: ``str(uuid.uuid4())`` costs three times as much.
    """
    digits = os.urandom(16).hex()
    variant = _VARIANTS[int(digits[16], 16) & 3]
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:]}"


_VARIANTS = "89ab"


def parse(arn: str) -> tuple[str, str, str, str] | None:
    """(partition, region, account, resource) of an ssm-contacts ARN, or None."""
    match = _ARN.match(arn)
    if match is None:
        return None
    return match.group("partition", "region", "account", "resource")  # type: ignore[return-value]


def region_of(arn: str) -> str:
    """The region of an ARN the fake built."""
    return arn.split(":", 4)[3]


def alias_of(arn: str) -> str:
    """The contact alias an ARN names: ``contact/<alias>``, ``engagement/<alias>/<id>``, ..."""
    return resource_of(arn).split("/")[1]


def is_arn(reference: str) -> bool:
    """Whether a user's reference is an ARN rather than an alias or a name."""
    return reference.startswith("arn:")


def resource_of(arn: str) -> str:
    """The resource part of an ARN: ``contact/akuam``, ``page/akuam/<id>``, ..."""
    return arn.split(":", 5)[-1]


def split_resource(resource: str) -> tuple[str, str] | None:
    """A resource part as (type, the rest): ``contact/akuam`` is ("contact", "akuam"),
    ``page/akuam/<id>`` is ("page", "akuam/<id>"); None when it names no type."""
    kind, slash, rest = resource.partition("/")
    return (kind, rest) if slash else None


def names_a(arn: str, kind: str) -> bool:
    """Whether an ARN names a resource of type ``kind`` (``contact``, ``rotation``, ...)."""
    split = split_resource(resource_of(arn))
    return split is not None and split[0] == kind
