"""The rules a contact's plan must follow beyond its shape, per contact type."""

from __future__ import annotations

import functools

from .. import _model
from .._errors import invalid
from .._quotas import Quotas, exceeded
from ._shapes import Plan, Target
from ._store import Store


def check_plan(
    store: Store,
    quotas: Quotas,
    *,
    contact_arn: str,
    contact_type: str,
    plan: Plan,
    channel_arns: list[str],
) -> None:
    """Raise ValidationException (or ServiceQuotaExceeded) if ``plan`` cannot be stored."""
    stages = plan.get("Stages") or []
    rotation_ids = plan.get("RotationIds") or []
    if contact_type == "ONCALL_SCHEDULE":
        # Not even an empty list: AWS answers a plan of {"Stages": [], "RotationIds": [...]}
        # with this message (terraform-provider-aws issue #39758).
        if "Stages" in plan:
            raise invalid("ONCALL SCHEDULE contact cannot have stages in plan")
        _check_rotations(store, quotas, contact_arn, rotation_ids)
        return
    if rotation_ids:
        raise invalid(f"{contact_type} contact cannot have RotationIds in plan")
    if len(stages) > quotas.stages_per_plan:
        raise exceeded(
            "stages_per_plan",
            f"A plan can have at most {quotas.stages_per_plan} stages",
            resource_type="CONTACT",
            resource_id=contact_arn,
        )
    if len(stages) > max_stages():
        raise invalid(
            f"A plan can have at most {max_stages()} stages (StageIndex 0 to {max_stages() - 1})"
        )
    for index, stage in enumerate(stages):
        targets = stage.get("Targets") or []
        if stage.get("DurationInMinutes") == 0 and not targets:
            raise invalid(f"Stage {index} with DurationInMinutes 0 must have at least one target")
        if len(targets) > quotas.targets_per_stage:
            raise exceeded(
                "targets_per_stage",
                f"A stage can have at most {quotas.targets_per_stage} targets",
                resource_type="CONTACT",
                resource_id=contact_arn,
            )
        for target in targets:
            _check_target(store, contact_type, contact_arn, channel_arns, index, target)


def _check_target(
    store: Store,
    contact_type: str,
    contact_arn: str,
    channel_arns: list[str],
    stage: int,
    target: Target,
) -> None:
    channel = target.get("ChannelTargetInfo")
    contact = target.get("ContactTargetInfo")
    if (channel is None) == (contact is None):
        raise invalid(
            f"Stage {stage}: a target must have exactly one of ChannelTargetInfo or "
            "ContactTargetInfo"
        )
    if contact_type == "PERSONAL":
        if channel is None:
            raise invalid(f"Stage {stage}: a PERSONAL contact's plan can only target its channels")
        if channel["ContactChannelId"] not in channel_arns:
            raise invalid(
                f"Stage {stage}: contact channel {channel['ContactChannelId']} does not belong to "
                f"contact {contact_arn}"
            )
        return
    # An ESCALATION plan: a schedule's plan has no stages, so its targets never get here.
    if contact is None:
        raise invalid(f"Stage {stage}: an escalation plan can only target contacts")
    target_id = contact.get("ContactId")
    if not target_id:
        raise invalid(f"Stage {stage}: ContactTargetInfo needs a ContactId")
    target_contact = store.contact_by_arn(target_id)
    if target_contact is None:
        raise invalid(f"Stage {stage}: contact {target_id} does not exist")
    if target_contact.type == "ESCALATION":
        raise invalid(
            f"Stage {stage}: an escalation plan cannot target another escalation plan ({target_id})"
        )


@functools.cache
def max_stages() -> int:
    """How many stages a plan can have: engagements report a stage's index as a
    StageIndex, which the model bounds, whatever the stages_per_plan quota says."""
    return int(_model.service_model().shape_for("StageIndex").metadata["max"]) + 1


def _check_rotations(
    store: Store, quotas: Quotas, contact_arn: str, rotation_ids: list[str]
) -> None:
    if len(set(rotation_ids)) != len(rotation_ids):
        raise invalid("RotationIds must not repeat a rotation")
    if len(rotation_ids) > quotas.rotations_per_schedule:
        raise invalid(
            f"An on-call schedule can have at most {quotas.rotations_per_schedule} rotations"
        )
    for rotation_id in rotation_ids:
        if rotation_id not in store.rotations:
            raise invalid(f"Rotation {rotation_id} does not exist")
