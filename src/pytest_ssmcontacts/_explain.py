"""Why an assertion found nothing: failed calls, and what stands between a contact and a page.

An empty ``assert_engaged`` or ``assert_paged`` is rarely about the assertion. More
often the app's call failed (a client in another region, a wrong ARN, a queued fault),
or the contact could never be paged, or not yet. These lines say which.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from . import _arns
from ._service._shapes import Stage
from ._service._store import Backend, ContactState, PlanRun
from .records import Call

# The calls whose failure leaves an expected engagement (and so its pages) missing.
ENGAGING_OPERATIONS = ("StartEngagement",)

_RESOURCE_PARAMS = (
    ("ContactId", "contact"),
    ("ContactArn", "contact"),
    ("ContactChannelId", "contact-channel"),
    ("EngagementId", "engagement"),
    ("PageId", "page"),
    ("RotationId", "rotation"),
    ("ResourceARN", "contact"),
)


def when(value: datetime.datetime) -> str:
    """A time as the failure messages show it: ``2024-01-01 09:00:00Z``."""
    return value.strftime("%Y-%m-%d %H:%M:%S") + "Z"


def section(title: str, lines: Sequence[str]) -> str:
    """``title`` and one ``- `` bullet per line, after a newline; empty without lines."""
    if not lines:
        return ""
    return "\n" + "\n".join([title, *(f"- {line}" for line in lines)])


def failed_calls(
    calls: Sequence[Call],
    backend: Backend,
    default_region: str,
    operations: Sequence[str] = ENGAGING_OPERATIONS,
) -> list[str]:
    """One line per kind of failure of ``operations``: the count, error, region and resource."""
    counts: dict[tuple[str, str, str, str], int] = {}
    for call in calls:
        if call.error is None or call.operation not in operations:
            continue
        key = (call.operation, call.error, call.region or default_region, _resource(call))
        counts[key] = counts.get(key, 0) + 1
    lines = []
    for (operation, error, region, resource), count in counts.items():
        times = "1 time" if count == 1 else f"{count} times"
        target = f" for {resource}" if resource else ""
        hint = ""
        if error == "ResourceNotFoundException":
            hint = _where_hint(backend, default_region, region, resource)
        lines.append(f"{operation} failed {times}: {error} in {region}{target}{hint}")
    return lines


def _resource(call: Call) -> str:
    for name, kind in _RESOURCE_PARAMS:
        value = call.params.get(name)
        if isinstance(value, str):
            if _arns.is_arn(value):
                return _arns.resource_of(value)
            return f"{kind}/{value}"
    return ""


def _where_hint(backend: Backend, default_region: str, region: str, resource: str) -> str:
    """Where the resource the call did not find actually is, when that differs."""
    split = _arns.split_resource(resource)
    if split is None or split[0] != "contact":
        return ""
    alias = split[1]
    parts = []
    if region != default_region:
        parts.append(f"the fake's default region is {default_region}")
    found_in = [name for name, store in backend.stores.items() if alias in store.contacts]
    if found_in and region not in found_in:
        parts.append(f"{alias!r} exists in {', '.join(sorted(found_in))}")
    return f" ({'; '.join(parts)})" if parts else ""


def page_obstacles(
    backend: Backend, contacts: Sequence[ContactState], now: datetime.datetime
) -> list[str]:
    """Why none of ``contacts`` has been paged (so far), one line per reason."""
    lines: list[str] = []
    for contact in contacts:
        lines += _contact_obstacles(backend, contact, now)
    return lines


def _contact_obstacles(
    backend: Backend, contact: ContactState, now: datetime.datetime
) -> list[str]:
    name = repr(contact.alias)
    if contact.type != "PERSONAL":
        return [
            f"{name} is an {contact.type} contact: pages go to the personal contacts it engages"
        ]
    store = backend.store(_arns.region_of(contact.arn))
    channels = [store.channels[arn] for arn in contact.channel_arns if arn in store.channels]
    activated = {c.arn for c in channels if c.activation_status == "ACTIVATED"}
    lines = []
    if not channels:
        lines.append(f"{name} has no activated channel (it has no channels)")
    elif not activated:
        states = ", ".join(f"{c.name} {c.activation_status}" for c in channels)
        lines.append(f"{name} has no activated channel ({states})")
    stages = contact.plan.get("Stages") or []
    paging = _paging_stages(stages, activated)
    if not stages:
        lines.append(f"{name} has no plan: no stages to page its channels")
    elif activated and not paging:
        lines.append(f"the plan of {name} targets none of its activated channels")
    if lines:
        return lines
    return _engagement_obstacles(backend, contact, paging, now)


def _paging_stages(stages: Sequence[Stage], activated: set[str]) -> list[int]:
    """The indexes of the stages that page at least one activated channel."""
    found = []
    for index, stage in enumerate(stages):
        targets = stage.get("Targets") or []
        assert isinstance(targets, list)
        for target in targets:
            info = target.get("ChannelTargetInfo") or {}
            if info.get("ContactChannelId") in activated:
                found.append(index)
                break
    return found


def _engagement_obstacles(
    backend: Backend, contact: ContactState, paging: list[int], now: datetime.datetime
) -> list[str]:
    name = repr(contact.alias)
    lines = []
    reached = False
    for engagement in backend.engagements:
        started = engagement.record.start_time
        of = f"the engagement of {engagement.record.contact_alias!r} started {_at(started)}"
        for run in engagement.runs:
            if run.contact_arn == contact.arn:
                reached = True
                lines += _own_run_obstacle(run, of, name, paging, now)
            elif run.contact_type == "ESCALATION":
                pending = _pending_stage(run, contact.arn)
                if pending is not None:
                    reached = True
                    lines += _escalation_obstacle(run, pending, of, name, now)
    if not reached:
        lines.append(f"no engagement reached {name}")
    return lines


def _own_run_obstacle(
    run: PlanRun, of: str, name: str, paging: list[int], now: datetime.datetime
) -> list[str]:
    upcoming = [index for index in paging if index > run.stage_index]
    if not upcoming:
        return []
    stage = upcoming[0]
    if run.engagement.stopped:
        return [
            f"{of} was stopped {_at(run.engagement.record.stop_time)}, before stage "
            f"{stage + 1} of the plan of {name}"
        ]
    if run.halted:
        return [f"{of} was acknowledged before stage {stage + 1} of the plan of {name}"]
    due = _stage_start(run, stage)
    return [
        f"stage {stage + 1} of the plan of {name}, the first to page an activated channel, "
        f"starts {_at(due)}: not reached yet at {when(now)}"
    ]


def _escalation_obstacle(
    run: PlanRun, stage: int, of: str, name: str, now: datetime.datetime
) -> list[str]:
    escalation = repr(_arns.alias_of(run.contact_arn))
    if run.engagement.stopped:
        return [
            f"{of} was stopped {_at(run.engagement.record.stop_time)}, before stage "
            f"{stage + 1} of {escalation}, which engages {name}"
        ]
    if run.halted:
        return [
            f"{of} was acknowledged before stage {stage + 1} of {escalation}, which engages {name}"
        ]
    return [
        f"stage {stage + 1} of {escalation}, which engages {name}, starts "
        f"{_at(_stage_start(run, stage))}: not reached yet at {when(now)}"
    ]


def _pending_stage(run: PlanRun, contact_arn: str) -> int | None:
    """The first stage after the current one that engages ``contact_arn``, if any."""
    for index in range(run.stage_index + 1, len(run.stages)):
        for target in run.stages[index].get("Targets") or []:
            info = target.get("ContactTargetInfo") or {}
            if info.get("ContactId") == contact_arn:
                return index
    return None


def _stage_start(run: PlanRun, stage: int) -> datetime.datetime | None:
    if run.stage_started is None:
        return None
    due = run.stage_started
    for index in range(max(run.stage_index, 0), stage):
        minutes = run.stages[index].get("DurationInMinutes", 0)
        due += datetime.timedelta(minutes=minutes if isinstance(minutes, int) else 0)
    return due


def _at(value: datetime.datetime | None) -> str:
    return f"at {when(value)}" if value is not None else "earlier"
