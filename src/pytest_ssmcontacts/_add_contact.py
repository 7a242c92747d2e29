"""``add_contact``: friendly Python arguments in, a contact the API would accept out.

This module only translates: aliases and channel names into ARNs (resolved by
``_refs``), arguments into the CreateContact and CreateContactChannel members that the
model's input shapes check, and the service's errors into ValueErrors naming the
argument. Every rule a contact and its channels follow (quotas, plans, addresses) is
the service's own, in ``_service._contact_rules.create``, as for the API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import _model, _refs
from ._arguments import describe, fail, python_path, service_failure, tag_field, tag_items
from ._errors import ServiceError
from ._quotas import Quotas
from ._service import _contact_rules as _contacts
from ._service._store import ContactState, Store
from ._validation import validate
from ._violations import Violation

_CONTACT_ARGS = {"Alias": "alias", "DisplayName": "display_name", "Type": "type", "Plan": "plan"}
# A rule broken in the plan names the plan; one broken by a channel names the channel.
_RULE_ARGS = {"Alias": "alias", "Plan": "plan", "Tags": "tags"}
_CHANNEL_ARGS = {"Name": "name", "Type": "type", "DeliveryAddress": "address"}
CHANNEL_KEYS = ("address", "name", "type")
CONTACT_KEYS = ("alias", "channels", "display_name", "plan", "tags", "type")
_KEYS = ", ".join(CHANNEL_KEYS)


def add_contact(
    store: Store,
    quotas: Quotas,
    *,
    alias: Any,
    type: Any = "PERSONAL",
    display_name: Any = None,
    plan: Any = None,
    channels: Any = (),
    tags: Any = None,
) -> ContactState:
    __tracebackhide__ = True
    problems: list[str] = []
    tags_given = tag_items(tags, problems)
    channel_specs = _channel_specs(channels, problems)
    if problems:
        raise fail("add_contact", problems)

    contact_arn = _contacts.contact_arn(store, alias if isinstance(alias, str) else "")
    channel_arns = [_contacts.new_channel_arn(store, str(alias)) for _ in channel_specs]
    names = {spec["name"]: arn for spec, arn in zip(channel_specs, channel_arns)}
    if plan is None:
        # A schedule's plan has no Stages member at all: AWS refuses even an empty list.
        plan = {} if type == "ONCALL_SCHEDULE" else {"Stages": []}
    plan = _resolve_plan_references(store, plan, names, problems)
    if problems:
        # An unresolved reference would also fail the model's ARN pattern: say it once.
        raise fail("add_contact", problems)

    request: dict[str, Any] = {"Alias": alias, "Type": type, "Plan": plan}
    if display_name is not None:
        request["DisplayName"] = display_name
    if tags_given:
        request["Tags"] = [{"Key": k, "Value": v} for k, v in tags_given]
    for violation in validate(_model.input_shape("CreateContact"), request):
        problems.append(describe(_contact_field(violation, tags_given), violation))

    channel_shape = _model.input_shape("CreateContactChannel")
    for index, spec in enumerate(channel_specs):
        channel_request = {
            "ContactId": contact_arn,
            "Name": spec["name"],
            "Type": spec["type"],
            "DeliveryAddress": {"SimpleAddress": spec["address"]},
        }
        for violation in validate(channel_shape, channel_request):
            argument = _CHANNEL_ARGS.get(str(violation.parts[0]), violation.parts[0])
            field = f"channels[{index}].{argument}"
            problems.append(describe(field, violation))
    if problems:
        raise fail("add_contact", problems)
    try:
        return _contacts.create(
            store,
            quotas,
            alias=alias,
            type=type,
            display_name=display_name,
            plan=plan,
            tags=dict(tags_given),
            channels=[
                _contacts.NewChannel(
                    arn=arn,
                    name=spec["name"],
                    type=spec["type"],
                    delivery_address={"SimpleAddress": spec["address"]},
                )
                for spec, arn in zip(channel_specs, channel_arns)
            ],
        )
    except ServiceError as exc:
        addresses = {
            f"channels[{index}].DeliveryAddress": f"channels[{index}].address"
            for index in range(len(channel_specs))
        }
        raise service_failure("add_contact", exc, {**_RULE_ARGS, **addresses}) from None


def _contact_field(violation: Violation, tags: list[tuple[Any, Any]]) -> str:
    head, *rest = violation.parts
    if head == "Tags":
        return tag_field(rest, tags) or "tags"
    return python_path(violation.parts, _CONTACT_ARGS)


def _channel_specs(channels: Any, problems: list[str]) -> list[dict[str, Any]]:
    if isinstance(channels, (str, bytes, Mapping)) or not isinstance(channels, Sequence):
        problems.append(f"channels must be a list of dicts with keys {_KEYS}, got {channels!r}")
        return []
    specs: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for index, spec in enumerate(channels):
        if not isinstance(spec, Mapping):
            problems.append(f"channels[{index}] must be a dict with keys {_KEYS}, got {spec!r}")
            continue
        unknown = sorted(set(spec) - set(CHANNEL_KEYS), key=str)
        missing = [key for key in CHANNEL_KEYS if key not in spec]
        if unknown:
            problems.append(f"channels[{index}] has unknown key {unknown[0]!r}; expected: {_KEYS}")
        if missing:
            problems.append(f"channels[{index}] is missing {', '.join(repr(m) for m in missing)}")
        if unknown or missing:
            continue
        if spec["name"] in seen:
            problems.append(
                f"channels[{index}].name {spec['name']!r} is used by another channel "
                "of this contact"
            )
        seen.add(spec["name"])
        specs.append(dict(spec))
    return specs


def _resolve_plan_references(
    store: Store, plan: Any, channel_names: dict[Any, str], problems: list[str]
) -> Any:
    """Replace channel names and contact aliases in ``plan`` by their ARNs."""
    if not isinstance(plan, Mapping):
        return plan
    plan = {**plan}
    rotation_ids = plan.get("RotationIds")
    if isinstance(rotation_ids, list):
        plan["RotationIds"] = [
            _resolve_rotation(store, ref, index, problems) for index, ref in enumerate(rotation_ids)
        ]
    stages = plan.get("Stages")
    if not isinstance(stages, list):
        return plan
    new_stages = []
    for s_index, stage in enumerate(stages):
        if not isinstance(stage, Mapping) or not isinstance(stage.get("Targets"), list):
            new_stages.append(stage)
            continue
        targets = []
        for t_index, target in enumerate(stage["Targets"]):
            targets.append(
                _resolve_target(
                    store,
                    target,
                    channel_names,
                    problems,
                    f"plan['Stages'][{s_index}]['Targets'][{t_index}]",
                )
            )
        new_stages.append({**stage, "Targets": targets})
    plan["Stages"] = new_stages
    return plan


def _resolve_rotation(store: Store, ref: Any, index: int, problems: list[str]) -> Any:
    try:
        return _refs.rotation_arn_in(store, ref)
    except _refs.Unresolved as unresolved:
        problems.append(
            f"plan['RotationIds'][{index}] {ref!r} is neither a rotation ARN nor the name of "
            + (
                "exactly one rotation"
                if unresolved.count
                else "a rotation added before this contact"
            )
        )
        return ref


def _resolve_target(
    store: Store, target: Any, channel_names: dict[Any, str], problems: list[str], where: str
) -> Any:
    if not isinstance(target, Mapping):
        return target
    target = {**target}
    channel = target.get("ChannelTargetInfo")
    if isinstance(channel, Mapping) and isinstance(channel.get("ContactChannelId"), str):
        ref = channel["ContactChannelId"]
        try:
            arn = _refs.channel_arn_among(channel_names, ref)
        except _refs.Unresolved:
            known = ", ".join(repr(n) for n in channel_names) or "none"
            problems.append(
                f"{where}['ChannelTargetInfo']['ContactChannelId'] {ref!r} is neither a "
                f"channel ARN nor the name of one of this contact's channels ({known})"
            )
        else:
            if arn != ref:
                target["ChannelTargetInfo"] = {**channel, "ContactChannelId": arn}
    contact = target.get("ContactTargetInfo")
    if isinstance(contact, Mapping) and isinstance(contact.get("ContactId"), str):
        ref = contact["ContactId"]
        try:
            arn = _refs.contact_arn_in(store, ref)
        except _refs.Unresolved:
            problems.append(
                f"{where}['ContactTargetInfo']['ContactId'] {ref!r} is neither a contact ARN "
                "nor the alias of a contact added before this one"
            )
        else:
            if arn != ref:
                target["ContactTargetInfo"] = {**contact, "ContactId": arn}
    return target
