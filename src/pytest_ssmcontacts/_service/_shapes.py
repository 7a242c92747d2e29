"""The model structures the simulation and the shift engine read, typed.

Members as botocore's model names them (``Plan``, ``Stage``, ``Target``,
``RecurrenceSettings``, ...). Validation has already held a stored value to the
model's shape, so the engines read these members without checking their types.
Optional members live in ``total=False`` classes.
"""

from __future__ import annotations

from typing import TypedDict


class ContactTargetInfo(TypedDict, total=False):
    ContactId: str
    IsEssential: bool


class ChannelTargetInfo(TypedDict, total=False):
    ContactChannelId: str
    RetryIntervalInMinutes: int


class Target(TypedDict, total=False):
    """Exactly one of the two members is set."""

    ChannelTargetInfo: ChannelTargetInfo
    ContactTargetInfo: ContactTargetInfo


class Stage(TypedDict):
    DurationInMinutes: int
    Targets: list[Target]


class Plan(TypedDict, total=False):
    """An escalation plan's ``Stages``, or an on-call schedule's ``RotationIds``."""

    Stages: list[Stage]
    RotationIds: list[str]


class _RequiredResolutionContact(TypedDict):
    ContactArn: str
    Type: str


class ResolutionContact(_RequiredResolutionContact, total=False):
    """One step of a page's resolution path, from the engaged contact down to the paged
    one: ``StageIndex`` is the escalation stage that engaged the step's contact."""

    StageIndex: int


class HandOffTime(TypedDict):
    HourOfDay: int
    MinuteOfHour: int


class CoverageTime(TypedDict, total=False):
    Start: HandOffTime
    End: HandOffTime


class WeeklySetting(TypedDict):
    DayOfWeek: str
    HandOffTime: HandOffTime


class MonthlySetting(TypedDict):
    DayOfMonth: int
    HandOffTime: HandOffTime


class _RequiredRecurrence(TypedDict):
    NumberOfOnCalls: int
    RecurrenceMultiplier: int


class Recurrence(_RequiredRecurrence, total=False):
    """A rotation's ``RecurrenceSettings``: exactly one of the three settings lists."""

    MonthlySettings: list[MonthlySetting]
    WeeklySettings: list[WeeklySetting]
    DailySettings: list[HandOffTime]
    ShiftCoverages: dict[str, list[CoverageTime]]
