"""ARNs of ssm-contacts resources, as the service builds and parses them."""

from __future__ import annotations

import re
import uuid

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
    return str(uuid.uuid4())


def parse(arn: str) -> tuple[str, str, str, str] | None:
    """(partition, region, account, resource) of an ssm-contacts ARN, or None."""
    match = _ARN.match(arn)
    if match is None:
        return None
    return match.group("partition", "region", "account", "resource")  # type: ignore[return-value]
