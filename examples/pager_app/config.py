"""Where pages go. A deployed app would read these from its settings."""

from __future__ import annotations

REGION = "eu-west-1"
ACCOUNT_ID = "123456789012"
SENDER = "pager-app"

# Host-name prefix -> alias of the escalation plan of the team that owns those hosts.
ESCALATIONS = {"db-": "dba-escalation", "web-": "web-escalation"}
DEFAULT_ESCALATION = "sre-escalation"

# Paged directly when the owning escalation plan is gone, so an alarm is never lost to a
# misconfiguration.
FALLBACK_CONTACT = "sre-duty-phone"


def contact_arn(alias: str) -> str:
    return f"arn:aws:ssm-contacts:{REGION}:{ACCOUNT_ID}:contact/{alias}"


def escalation_for(host: str) -> str:
    """The contact ARN of the escalation plan that owns ``host``."""
    for prefix, alias in ESCALATIONS.items():
        if host.startswith(prefix):
            return contact_arn(alias)
    return contact_arn(DEFAULT_ESCALATION)
