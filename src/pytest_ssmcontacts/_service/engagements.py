"""StartEngagement and the engagements it records."""

from __future__ import annotations

from typing import Any

from ..records import Engagement
from . import _arns, _idempotency, contacts
from ._registry import Request, handles


@handles("StartEngagement")
def start_engagement(request: Request) -> dict[str, Any]:
    params = request.params
    contact = contacts.lookup(request.store, params["ContactId"])
    replayed = _idempotency.replay(request)
    if replayed is not None:
        return replayed
    arn = request.store.arn(f"engagement/{contact.alias}/{_arns.new_id()}")
    engagement = Engagement(
        arn=arn,
        contact_arn=contact.arn,
        sender=params["Sender"],
        subject=params["Subject"],
        content=params["Content"],
        public_subject=params.get("PublicSubject"),
        public_content=params.get("PublicContent"),
        incident_id=params.get("IncidentId"),
        idempotency_token=params.get("IdempotencyToken"),
        start_time=request.now,
    )
    request.store.engagements[arn] = engagement
    request.backend.engagements.append(engagement)
    response = {"EngagementArn": arn}
    _idempotency.remember(request, response)
    return response
