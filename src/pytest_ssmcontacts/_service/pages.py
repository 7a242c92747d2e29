"""Pages: what was sent to whom, receipts, resolution paths, and AcceptPage."""

from __future__ import annotations

from typing import Any

from .._errors import existing, invalid
from . import _contact_rules, _pagination, _simulation, engagements
from ._registry import Request, compact, handles
from ._store import PageState, Store


def lookup(store: Store, page_id: str) -> PageState:
    return existing(store.pages, page_id, "PAGE")


def summary(page: PageState) -> dict[str, Any]:
    record = page.engagement.record
    return compact(
        PageArn=page.arn,
        EngagementArn=record.arn,
        ContactArn=page.contact_arn,
        Sender=record.sender,
        IncidentId=record.incident_id,
        SentTime=page.sent_time,
        DeliveryTime=page.delivery_time,
        ReadTime=page.read_time,
    )


@handles("DescribePage")
def describe_page(request: Request) -> dict[str, Any]:
    page = lookup(request.store, request.params["PageId"])
    record = page.engagement.record
    return compact(
        **summary(page),
        Subject=record.subject,
        Content=record.content,
        PublicSubject=record.public_subject,
        PublicContent=record.public_content,
    )


@handles("ListPagesByEngagement")
def list_pages_by_engagement(request: Request) -> dict[str, Any]:
    engagement = engagements.lookup(request.store, request.params["EngagementId"])
    page, token = _pagination.by_position(request, engagement.pages)
    return compact(Pages=[summary(p) for p in page], NextToken=token)


@handles("ListPagesByContact")
def list_pages_by_contact(request: Request) -> dict[str, Any]:
    store = request.store
    contact = _contact_rules.lookup(store, request.params["ContactId"])
    if contact.type == "PERSONAL":
        pages = store.pages_by_contact.get(contact.arn, [])
    else:
        # Escalation plans and schedules are never paged themselves: their pages are
        # those of the engagements started on them.
        pages = sorted(
            (
                p
                for e in store.engagement_order
                if e.record.contact_arn == contact.arn
                for p in e.pages
            ),
            # By first send: SentTime moves with every re-send, the order must not.
            key=lambda p: p.receipts[0].time,
        )
    page, token = _pagination.by_position(request, pages, newest_first=True)
    return compact(Pages=[summary(p) for p in page], NextToken=token)


@handles("ListPageReceipts")
def list_page_receipts(request: Request) -> dict[str, Any]:
    page = lookup(request.store, request.params["PageId"])
    receipts, token = _pagination.by_position(request, page.receipts)
    return compact(
        Receipts=[
            compact(
                ContactChannelArn=r.channel_arn,
                ReceiptType=r.type,
                ReceiptInfo=r.info,
                ReceiptTime=r.time,
            )
            for r in receipts
        ],
        NextToken=token,
    )


@handles("ListPageResolutions")
def list_page_resolutions(request: Request) -> dict[str, Any]:
    page = lookup(request.store, request.params["PageId"])
    nodes, token = _pagination.by_position(request, page.run.path)
    return compact(PageResolutions=[dict(node) for node in nodes], NextToken=token)


@handles("AcceptPage")
def accept_page(request: Request) -> dict[str, Any]:
    params = request.params
    page = lookup(request.store, params["PageId"])
    channel_id = params.get("ContactChannelId")
    if channel_id is not None and channel_id != page.channel_arn:
        raise invalid(
            f"Contact channel {channel_id} is not the channel page {page.arn} was sent to"
        )
    code = params["AcceptCode"]
    if params.get("AcceptCodeValidation") == "ENFORCE" and code != page.accept_code:
        raise invalid("AcceptCode does not match the code sent with the page")
    info = params.get("Note") or code
    if params["AcceptType"] == "READ":
        _simulation.read(page, request.now, info)
    else:
        _simulation.deliver(page, request.now, info)
    return {}
