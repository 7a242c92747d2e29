"""Raising alarms: one Incident Manager engagement per alarm."""

from __future__ import annotations

import logging

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from . import config

log = logging.getLogger(__name__)

# Created at import time, as most apps do. The retry settings are explicit so that the
# behaviour under throttling does not depend on the botocore version or the environment.
client = boto3.client(
    "ssm-contacts",
    region_name=config.REGION,
    config=Config(retries={"mode": "standard", "total_max_attempts": 3}),
)


class PagingFailed(Exception):
    """Nobody could be paged; the caller has to raise the alarm some other way."""


def raise_alarm(host: str, problem: str, *, incident_id: str | None = None) -> str:
    """Page the team that owns ``host`` about ``problem``; returns the engagement ARN."""
    subject = f"{problem} on {host}"
    content = f"{host} reports: {problem}.\nRunbook: https://runbooks.example.com/{host}"
    try:
        return _engage(config.escalation_for(host), subject, content, incident_id)
    except ClientError as error:
        code = error.response["Error"]["Code"]
        if code == "ThrottlingException":
            # botocore has already retried with back-off; more attempts now would only
            # deepen the throttling.
            raise PagingFailed(f"Incident Manager is throttling pages: {subject}") from error
        if code != "ResourceNotFoundException":
            raise
    log.warning("no escalation plan for %s; paging %s", host, config.FALLBACK_CONTACT)
    content += "\nSent to the fallback contact: the escalation plan for this host is missing."
    try:
        return _engage(config.contact_arn(config.FALLBACK_CONTACT), subject, content, incident_id)
    except ClientError as error:
        raise PagingFailed(f"could not page the fallback contact: {subject}") from error


def _engage(contact_arn: str, subject: str, content: str, incident_id: str | None) -> str:
    params = {
        "ContactId": contact_arn,
        "Sender": config.SENDER,
        "Subject": subject,
        "Content": content,
        # SMS and voice messages leave the company: they carry no host names.
        "PublicSubject": "Production alarm",
        "PublicContent": "A production alarm needs you. Details are in Incident Manager.",
    }
    if incident_id is not None:
        params["IncidentId"] = incident_id
    response = client.start_engagement(**params)
    arn: str = response["EngagementArn"]
    return arn
