"""How an engagement unfolds in virtual time: plans, stages, pages, re-sends, acknowledgement.

Each engaged contact runs its own plan (a ``PlanRun``) starting when it was engaged:
stage ``i`` starts ``DurationInMinutes`` of stage ``i-1`` after the previous one. A
PERSONAL plan pages its activated channels; an ESCALATION plan engages its target
contacts, each with their own plan. Work that falls due later is put on the backend's
timeline and runs, at its own due time, when the clock reaches it.
"""

from __future__ import annotations

import datetime
import functools
import weakref
from typing import Callable

import attrs

from .. import _arns
from ..records import Receipt
from . import _oncall
from ._shapes import ChannelTargetInfo, ContactTargetInfo, ResolutionContact
from ._store import Backend, ContactState, EngagementState, PageState, PlanRun, Store
from ._timeline import Action
from ._times import later

_MINUTE = datetime.timedelta(minutes=1)


@attrs.define
class _Scope:
    store: Store
    backend: Backend
    # While an engagement is being worked out, what it will change waits here, so that
    # a failure half-way (a plan that cannot be resolved) leaves the fake as it was.
    pending: list[Callable[[], None]] | None = None

    def apply(self, effect: Callable[[], None]) -> None:
        if self.pending is None:
            effect()
        else:
            self.pending.append(effect)


def engage(
    store: Store,
    backend: Backend,
    engagement: EngagementState,
    contact: ContactState,
    at: datetime.datetime,
) -> None:
    """Start the engaged contact's plan at ``at``: everything is worked out, then applied."""
    scope = _Scope(store, backend, pending=[])
    if contact.root_path is None:
        contact.root_path = [_node(contact)]
    root = _new_run(engagement, contact, path=contact.root_path, parent=None, essential=False)
    _start_run(scope, root, at)
    effects, scope.pending = scope.pending or [], None
    for effect in effects:
        effect()


def _node(contact: ContactState, stage_index: int | None = None) -> ResolutionContact:
    node: ResolutionContact = {"ContactArn": contact.arn, "Type": contact.type}
    if stage_index is not None:
        node["StageIndex"] = stage_index
    return node


def _new_run(
    engagement: EngagementState,
    contact: ContactState,
    *,
    path: list[ResolutionContact],
    parent: PlanRun | None,
    essential: bool,
) -> PlanRun:
    # The plan is read once, when the contact is engaged: later edits do not change
    # an engagement already under way, since an edit replaces the contact's plan
    # rather than changing it in place. Sharing its stages keeps an engagement small.
    stages = contact.plan.get("Stages") or []
    run = PlanRun(
        engagement=engagement,
        contact_arn=contact.arn,
        contact_type=contact.type,
        stages=stages,
        path=path,
        parent=parent,
        essential=essential,
    )
    # An engagement's lists mostly hold one item: a list made with it holds one slot,
    # while appending to an empty list reserves four (24 bytes an engagement, twice).
    if engagement.runs:
        engagement.runs.append(run)
    else:
        engagement.runs = [run]
    return run


def _start_run(scope: _Scope, run: PlanRun, at: datetime.datetime) -> None:
    if run.contact_type == "ONCALL_SCHEDULE":
        _engage_on_call(scope, run, at)
        return
    _start_stage(scope, run, 0, at)


def _engage_on_call(scope: _Scope, run: PlanRun, at: datetime.datetime) -> None:
    schedule = scope.store.contact_by_arn(run.contact_arn)
    people = _oncall.on_call(scope.store, schedule, at) if schedule is not None else []
    for person in people:
        child = _new_run(
            run.engagement,
            person,
            path=[*run.path, _node(person)],
            parent=run,
            essential=run.essential,
        )
        _start_run(scope, child, at)
    run.exhausted = True


def _start_stage(scope: _Scope, run: PlanRun, index: int, at: datetime.datetime) -> None:
    if not run.live:
        return
    if index >= len(run.stages):
        run.exhausted = True
        return
    run.stage_index = index
    run.stage_started = at
    stage = run.stages[index]
    for target in stage.get("Targets") or []:
        if run.contact_type == "PERSONAL":
            channel_target = target.get("ChannelTargetInfo")
            if channel_target is not None:
                _page(scope, run, channel_target, index, at)
        else:
            contact_target = target.get("ContactTargetInfo")
            if contact_target is not None:
                _engage_target(scope, run, contact_target, index, at)
    due = later(at, stage.get("DurationInMinutes", 0) * _MINUTE)
    if due is not None:
        timeline = scope.backend.timeline
        advance = _advancer(scope.store, scope.backend)
        scope.apply(functools.partial(timeline.schedule, due, advance, run))


# One stage-advancing action per store, shared by the timeline entries of all its
# engagements: an entry then holds its run alone rather than a scope and a closure of
# its own, a sixth of what an engagement costs while a stage is pending. Keyed by the
# store's id: an entry alive holds the action, and the action its store, so an id in
# use is never a new store's.
_advancers: weakref.WeakValueDictionary[int, Action] = weakref.WeakValueDictionary()


def _advancer(store: Store, backend: Backend) -> Action:
    advance = _advancers.get(id(store))
    if advance is None:
        advance = functools.partial(_next_stage, _Scope(store, backend))
        _advancers[id(store)] = advance
    return advance


def _next_stage(scope: _Scope, run: PlanRun, at: datetime.datetime) -> None:
    _start_stage(scope, run, run.stage_index + 1, at)


def _engage_target(
    scope: _Scope, run: PlanRun, target: ContactTargetInfo, index: int, at: datetime.datetime
) -> None:
    contact = scope.store.contact_by_arn(target.get("ContactId") or "")
    if contact is None or contact.type == "ESCALATION":
        # Deleted contacts stay referenced in escalation plans; they page nobody.
        return
    child = _new_run(
        run.engagement,
        contact,
        path=[*run.path, _node(contact, index)],
        parent=run,
        essential=bool(target.get("IsEssential")),
    )
    _start_run(scope, child, at)


def _page(
    scope: _Scope, run: PlanRun, target: ChannelTargetInfo, index: int, at: datetime.datetime
) -> None:
    store, backend = scope.store, scope.backend
    channel = store.channels.get(target["ContactChannelId"])
    if (
        channel is None
        or channel.activation_status != "ACTIVATED"
        or channel.contact_arn != run.contact_arn
    ):
        return
    alias = _arns.alias_of(run.contact_arn)
    page = PageState(
        arn=store.arn(f"page/{alias}/{_arns.new_id()}"),
        engagement=run.engagement,
        run=run,
        contact_arn=run.contact_arn,
        channel_arn=channel.arn,
        channel_type=channel.type,
        channel_name=channel.name,
        stage_index=index,
        retry_interval=target.get("RetryIntervalInMinutes") or 0,
        accept_code=backend.digits(6),
        sent_time=at,
        receipts=[
            Receipt(
                type="SENT",
                time=at,
                channel_arn=channel.arn,
                info=_message_id(backend, channel.type),
            )
        ],
    )

    def record() -> None:
        engagement = run.engagement
        if engagement.pages:
            engagement.pages.append(page)
        else:
            engagement.pages = [page]  # one slot, as for its runs
        store.pages[page.arn] = page
        store.pages_by_contact.setdefault(page.contact_arn, []).append(page)
        backend.pages.append(page)

    scope.apply(record)


# The delivery provider's message id, which AWS puts in a SENT receipt's ReceiptInfo:
# the CLI's list-page-receipts example shows an SMS id "SM" + 32 hex digits.
_MESSAGE_ID_PREFIX = {"SMS": "SM", "VOICE": "CA", "EMAIL": "EM"}


def _message_id(backend: Backend, channel_type: str) -> str:
    prefix = _MESSAGE_ID_PREFIX.get(channel_type, "SM")
    return f"{prefix}{backend.random.getrandbits(128):032x}"


# -- the device side and the recipient -------------------------------------------


def deliver(page: PageState, at: datetime.datetime, info: str | None = None) -> None:
    page.receipts.append(
        Receipt(type="DELIVERED", time=at, channel_arn=page.channel_arn, info=info)
    )
    if page.delivery_time is None:
        page.delivery_time = at


def fail_delivery(
    store: Store, backend: Backend, page: PageState, at: datetime.datetime, info: str | None
) -> None:
    """An ERROR receipt; the channel is re-sent every RetryIntervalInMinutes while it may be."""
    page.receipts.append(
        Receipt(type="ERROR", time=at, channel_arn=page.channel_arn, info=info or None)
    )
    _schedule_resend(store, backend, page, at)


def _may_resend(store: Store, page: PageState) -> bool:
    run = page.run
    channel = store.channels.get(page.channel_arn)
    return (
        page.retry_interval > 0
        and run.live
        and run.stage_index == page.stage_index
        and page.delivery_time is None
        and page.read_time is None
        and channel is not None
        and channel.activation_status == "ACTIVATED"
        and channel.contact_arn == page.contact_arn
    )


def _schedule_resend(
    store: Store, backend: Backend, page: PageState, at: datetime.datetime
) -> None:
    # One re-send chain per page: another failure while one is pending changes nothing.
    if page.resend_pending or not _may_resend(store, page):
        return
    page.resend_pending = True

    def resend(page: PageState, when: datetime.datetime) -> None:
        page.resend_pending = False
        if not _may_resend(store, page):
            return
        page.receipts.append(
            Receipt(
                type="SENT",
                time=when,
                channel_arn=page.channel_arn,
                info=_message_id(backend, page.channel_type),
            )
        )
        page.sent_time = when
        _schedule_resend(store, backend, page, when)

    due = later(at, page.retry_interval * _MINUTE)
    if due is None:
        page.resend_pending = False
        return
    backend.timeline.schedule(due, resend, page)


def read(page: PageState, at: datetime.datetime, info: str | None = None) -> None:
    """The recipient acknowledges: their plan stops, and an essential one halts the escalation."""
    if page.delivery_time is None:
        deliver(page, at, info)
    page.receipts.append(Receipt(type="READ", time=at, channel_arn=page.channel_arn, info=info))
    if page.read_time is None:
        page.read_time = at
    run = page.run
    run.halted = True
    if run.essential:
        escalation = run.parent
        while escalation is not None and escalation.contact_type != "ESCALATION":
            escalation = escalation.parent
        if escalation is not None:
            escalation.halted = True


def stop(engagement: EngagementState, at: datetime.datetime, reason: str | None) -> None:
    if engagement.stopped:
        return
    engagement.record = attrs.evolve(engagement.record, stop_time=at)
    for page in engagement.pages:
        if page.read_time is None:
            # An empty Reason is no ReceiptInfo: the model's ReceiptInfo is 1 character or more.
            page.receipts.append(
                Receipt(type="STOP", time=at, channel_arn=page.channel_arn, info=reason or None)
            )
