"""``add_contact``: turning friendly Python arguments into a contact the API would accept.

The rules are the API's own: arguments are checked against the CreateContact and
CreateContactChannel input shapes of the loaded model, plus the documented channel
address formats. Failures are ValueErrors that name the argument and the rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import _model
from ._arguments import describe, fail, python_path, rule_of, tag_field, tag_items
from ._errors import ServiceError
from ._service import contacts as _contacts
from ._service._plans import check_plan
from ._service._store import ContactState, Store
from ._validation import Violation, validate

_CONTACT_ARGS = {"Alias": "alias", "DisplayName": "display_name", "Type": "type", "Plan": "plan"}
_CHANNEL_ARGS = {"Name": "name", "Type": "type", "DeliveryAddress": "address"}
CHANNEL_KEYS = ("address", "name", "type")
CONTACT_KEYS = ("alias", "channels", "display_name", "plan", "tags", "type")
_KEYS = ", ".join(CHANNEL_KEYS)


def add_contact(
    store: Store,
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
    if isinstance(alias, str) and alias in store.contacts:
        raise fail("add_contact", [f"alias {alias!r} is already used by another contact"])

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

    if channel_specs and type != "PERSONAL":
        problems.append(f"channels can only belong to a PERSONAL contact, not {type!r}")
    channel_shape = _model.input_shape("CreateContactChannel")
    for index, spec in enumerate(channel_specs):
        channel_request = {
            "ContactId": contact_arn,
            "Name": spec["name"],
            "Type": spec["type"],
            "DeliveryAddress": {"SimpleAddress": spec["address"]},
        }
        channel_violations = validate(channel_shape, channel_request)
        for violation in channel_violations:
            argument = _CHANNEL_ARGS.get(str(violation.parts[0]), violation.parts[0])
            field = f"channels[{index}].{argument}"
            problems.append(describe(field, violation))
        if not channel_violations:
            problem = _contacts.address_problem(spec["type"], spec["address"])
            if problem:
                problems.append(f"channels[{index}].address {spec['address']!r} {problem}")
    if problems:
        raise fail("add_contact", problems)
    try:
        check_plan(
            store,
            None,
            contact_arn=contact_arn,
            contact_type=type,
            plan=plan,
            channel_arns=channel_arns,
        )
    except ServiceError as exc:
        raise fail("add_contact", [f"plan: {rule_of(exc)}"]) from None

    contact = _contacts.add(
        store,
        alias=alias,
        type=type,
        display_name=display_name,
        plan=plan,
        tags=dict(tags_given),
    )
    for spec, arn in zip(channel_specs, channel_arns):
        _contacts.add_channel(
            store,
            contact,
            arn=arn,
            name=spec["name"],
            type=spec["type"],
            address=spec["address"],
            activated=True,
        )
    return contact


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
    if not isinstance(ref, str) or ref.startswith("arn:"):
        return ref
    named = [r.arn for r in store.rotations.values() if r.name == ref]
    if len(named) == 1:
        return named[0]
    problems.append(
        f"plan['RotationIds'][{index}] {ref!r} is neither a rotation ARN nor the name of "
        + ("exactly one rotation" if named else "a rotation added before this contact")
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
        if not ref.startswith("arn:"):
            if ref in channel_names:
                target["ChannelTargetInfo"] = {**channel, "ContactChannelId": channel_names[ref]}
            else:
                known = ", ".join(repr(n) for n in channel_names) or "none"
                problems.append(
                    f"{where}['ChannelTargetInfo']['ContactChannelId'] {ref!r} is neither a "
                    f"channel ARN nor the name of one of this contact's channels ({known})"
                )
    contact = target.get("ContactTargetInfo")
    if isinstance(contact, Mapping) and isinstance(contact.get("ContactId"), str):
        ref = contact["ContactId"]
        if not ref.startswith("arn:"):
            if ref in store.contacts:
                target["ContactTargetInfo"] = {**contact, "ContactId": store.contacts[ref].arn}
            else:
                problems.append(
                    f"{where}['ContactTargetInfo']['ContactId'] {ref!r} is neither a contact ARN "
                    "nor the alias of a contact added before this one"
                )
    return target
