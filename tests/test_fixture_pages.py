"""Pages from the fixture's side: assertions and their messages, device hooks, the clock.

The users' side of every pytester run is a conftest with a ``person`` fixture (a
contact paged on SMS ``phone``, then five minutes later on VOICE ``desk``) and an
``engage`` fixture starting an engagement the way application code would.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Callable

import boto3
import pytest

from message_ids import MESSAGE_ID
from pytest_ssmcontacts import Contact, SSMContacts, mock_ssm_contacts

T0 = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=datetime.timezone.utc)

pytestmark = pytest.mark.ssm_contacts(start_time=T0)

CONFTEST = """
import boto3
import pytest

CHANNELS = [
    {"name": "phone", "type": "SMS", "address": "+15005550199"},
    {"name": "desk", "type": "VOICE", "address": "+15005550100"},
]
PLAN = {
    "Stages": [
        {"DurationInMinutes": 5, "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "phone"}}]},
        {"DurationInMinutes": 5, "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "desk"}}]},
    ]
}


@pytest.fixture
def person(ssm_contacts):
    return lambda alias: ssm_contacts.add_contact(alias, channels=CHANNELS, plan=PLAN)


@pytest.fixture
def engage(ssm_contacts):
    client = boto3.client("ssm-contacts")

    def engage(contact):
        return client.start_engagement(
            ContactId=contact.arn, Sender="cli", Subject="Disk full", Content="db-1 is at 100%"
        )["EngagementArn"]

    return engage
"""

# Test modules of the pytester runs start with this, so sent times read 09:00, 09:05...
HEADER = """
import datetime
import pytest

pytestmark = pytest.mark.ssm_contacts(start_time="2024-01-01T09:00:00Z")
"""

Person = Callable[[str], Contact]
Engage = Callable[[Contact], str]


def run(pytester: pytest.Pytester, source: str, **outcomes: int) -> pytest.RunResult:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(HEADER + source)
    result = pytester.runpytest()
    result.assert_outcomes(**outcomes)
    return result


@pytest.fixture
def person(ssm_contacts: SSMContacts) -> Person:
    def person(alias: str) -> Contact:
        return ssm_contacts.add_contact(
            alias,
            channels=[
                {"name": "phone", "type": "SMS", "address": "+15005550199"},
                {"name": "desk", "type": "VOICE", "address": "+15005550100"},
            ],
            plan={
                "Stages": [
                    {
                        "DurationInMinutes": 5,
                        "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "phone"}}],
                    },
                    {
                        "DurationInMinutes": 5,
                        "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "desk"}}],
                    },
                ]
            },
        )

    return person


# -- assert_paged / assert_not_paged: failure text ------------------------------------------


def test_assert_paged_with_nothing_sent(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
def test_paged(ssm_contacts, person):
    person("alice")
    ssm_contacts.assert_paged("alice")
""",
        failed=1,
    )
    result.stdout.fnmatch_lines(
        [
            '>       ssm_contacts.assert_paged("alice")',
            "E       AssertionError: Expected a page to 'alice'; none matched.",
            "E       Pages sent: none.",
            "",
            "test_assert_paged_with_nothing_sent.py:8: AssertionError",
        ]
    )
    # The helper hides its own frames: the report ends at the user's line.
    result.stdout.no_fnmatch_line("*pytest_ssmcontacts*")


def test_assert_paged_lists_every_page_with_what_differs(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
def test_paged_by_email(ssm_contacts, person, engage):
    alice = person("alice")
    engage(alice)
    ssm_contacts.clock.advance(minutes=5)
    engage(person("bob"))
    ssm_contacts.assert_paged("alice", channel="email")
""",
        failed=1,
    )
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Expected a page to 'alice' via 'email'; none matched.",
            "E       Pages sent (3):",
            "E       - alice via SMS 'phone', sent 2024-01-01 09:00:00Z: "
            "channel differs (expected 'email')",
            "E       - alice via VOICE 'desk', sent 2024-01-01 09:05:00Z: "
            "channel differs (expected 'email')",
            "E       - bob via SMS 'phone', sent 2024-01-01 09:05:00Z: "
            "contact differs (expected 'alice'), channel differs (expected 'email')",
        ]
    )


def test_assert_paged_times_counts_the_matches(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
def test_twice_by_sms(ssm_contacts, person, engage):
    alice = person("alice")
    engage(alice)
    ssm_contacts.clock.advance(minutes=5)
    engage(person("bob"))
    ssm_contacts.assert_paged(alice, channel="sms", times=2)


def test_once(ssm_contacts, person, engage):
    alice = person("alice")
    engage(alice)
    ssm_contacts.clock.advance(minutes=5)
    ssm_contacts.assert_paged(alice.arn, times=1)


def test_never_on_the_desk_phone(ssm_contacts, person, engage):
    alice = person("alice")
    engage(alice)
    ssm_contacts.clock.advance(minutes=5)
    ssm_contacts.assert_paged(alice, channel=alice.channels[1], times=0)
""",
        failed=3,
    )
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Expected 2 pages to 'alice' via 'sms'; 1 matched.",
            "E       Pages sent (3):",
            "E       - alice via SMS 'phone', sent 2024-01-01 09:00:00Z",
            "E       - alice via VOICE 'desk', sent 2024-01-01 09:05:00Z: "
            "channel differs (expected 'sms')",
            # bob's page is on SMS: only the contact differs.
            "E       - bob via SMS 'phone', sent 2024-01-01 09:05:00Z: "
            "contact differs (expected 'alice')",
            "*",
            "E       AssertionError: Expected 1 page to "
            "'arn:aws:ssm-contacts:us-east-1:123456789012:contact/alice'; 2 matched.",
            "E       Pages sent (2):",
            "E       - alice via SMS 'phone', sent 2024-01-01 09:00:00Z",
            "E       - alice via VOICE 'desk', sent 2024-01-01 09:05:00Z",
            "*",
            # A ContactChannel is shown by its name.
            "E       AssertionError: Expected 0 pages to 'alice' via 'desk'; 1 matched.",
            "E       Pages sent (2):",
            "E       - alice via SMS 'phone', sent 2024-01-01 09:00:00Z: "
            "channel differs (expected 'desk')",
            "E       - alice via VOICE 'desk', sent 2024-01-01 09:05:00Z",
        ]
    )


def test_assert_paged_hints_at_an_unknown_alias(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
def test_typo(ssm_contacts, person, engage):
    engage(person("alice"))
    ssm_contacts.assert_paged("alcie")


def test_known_alias(ssm_contacts, person, engage):
    person("bob")
    engage(person("alice"))
    ssm_contacts.assert_paged("bob")
""",
        failed=2,
    )
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Expected a page to 'alcie'; none matched. "
            "(no contact has the alias 'alcie')",
            "E       Pages sent (1):",
            "E       - alice via SMS 'phone', sent 2024-01-01 09:00:00Z: "
            "contact differs (expected 'alcie')",
            "*",
            "E       AssertionError: Expected a page to 'bob'; none matched.",
        ]
    )


def test_the_sent_time_shown_is_the_latest_send(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
def test_retried(ssm_contacts, engage):
    alice = ssm_contacts.add_contact(
        "alice",
        channels=[{"name": "phone", "type": "SMS", "address": "+15005550199"}],
        plan={"Stages": [{"DurationInMinutes": 10, "Targets": [
            {"ChannelTargetInfo": {"ContactChannelId": "phone", "RetryIntervalInMinutes": 3}}
        ]}]},
    )
    engage(alice)
    ssm_contacts.fail_delivery(ssm_contacts.pages[0])
    ssm_contacts.clock.advance(minutes=30)
    ssm_contacts.assert_paged(alice, times=2)
""",
        failed=1,
    )
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Expected 2 pages to 'alice'; 1 matched.",
            "E       Pages sent (1):",
            "E       - alice via SMS 'phone', sent 2024-01-01 09:09:00Z",
        ]
    )


def test_assert_not_paged_lists_the_offending_pages(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
def test_quiet(ssm_contacts, person, engage):
    engage(person("alice"))
    ssm_contacts.clock.advance(minutes=1)
    engage(person("bob"))
    ssm_contacts.assert_not_paged()


def test_alice_left_alone(ssm_contacts, person, engage):
    alice = person("alice")
    engage(person("bob"))
    engage(alice)
    ssm_contacts.assert_not_paged(alice)
""",
        failed=2,
    )
    result.stdout.fnmatch_lines(
        [
            ">       ssm_contacts.assert_not_paged()",
            "E       AssertionError: Expected no pages; 2 were sent:",
            "E       - alice via SMS 'phone', sent 2024-01-01 09:00:00Z",
            "E       - bob via SMS 'phone', sent 2024-01-01 09:01:00Z",
            "*",
            ">       ssm_contacts.assert_not_paged(alice)",
            "E       AssertionError: Expected no page to 'alice'; 1 was sent:",
            "E       - alice via SMS 'phone', sent 2024-01-01 09:00:00Z",
            "",
            "test_assert_not_paged_lists_the_offending_pages.py:17: AssertionError",
        ]
    )
    result.stdout.no_fnmatch_line("E       - bob via SMS 'phone', sent 2024-01-01 09:00:00Z")
    result.stdout.no_fnmatch_line("*pytest_ssmcontacts*")


# -- assert_paged / assert_not_paged: matching ---------------------------------------------


@pytest.mark.parametrize("channel", ["sms", "SMS", "Sms", "phone", "arn", "record"])
def test_assert_paged_matches_a_channel_by_type_name_arn_or_record(
    ssm_contacts: SSMContacts, person: Person, engage: Engage, channel: str
) -> None:
    alice = person("alice")
    phone, desk = alice.channels
    engage(alice)
    chosen: Any = {"arn": phone.arn, "record": phone}.get(channel, channel)
    other: Any = {"arn": desk.arn, "record": desk, "phone": "desk"}.get(channel, "voice")
    ssm_contacts.assert_paged(alice, channel=chosen)
    ssm_contacts.assert_paged(alice, channel=chosen, times=1)
    ssm_contacts.assert_paged(alice, channel=other, times=0)
    with pytest.raises(AssertionError):
        ssm_contacts.assert_paged(alice, channel=other)


def test_assert_paged_accepts_alias_arn_and_contact(
    ssm_contacts: SSMContacts, person: Person, engage: Engage
) -> None:
    alice = person("alice")
    bob = person("bob")
    engage(alice)
    engage(alice)
    for ref in ("alice", alice.arn, alice):
        ssm_contacts.assert_paged(ref)
        ssm_contacts.assert_paged(ref, times=2)
        with pytest.raises(AssertionError):
            ssm_contacts.assert_paged(ref, times=1)
    ssm_contacts.assert_paged(bob, times=0)
    ssm_contacts.assert_not_paged(bob)
    ssm_contacts.assert_not_paged("bob")
    with pytest.raises(AssertionError):
        ssm_contacts.assert_paged(bob)
    with pytest.raises(AssertionError):
        ssm_contacts.assert_not_paged(alice.arn)


def test_assert_not_paged_passes_until_a_page_is_sent(
    ssm_contacts: SSMContacts, person: Person, engage: Engage
) -> None:
    alice = person("alice")
    # Engaging a contact without an activated channel sends nothing.
    engage(ssm_contacts.add_contact("carol"))
    ssm_contacts.assert_not_paged()
    engage(alice)
    with pytest.raises(AssertionError):
        ssm_contacts.assert_not_paged()


@pytest.mark.parametrize("times", [-1, True, 1.0, "2"])
def test_assert_paged_rejects_bad_times(ssm_contacts: SSMContacts, times: Any) -> None:
    message = (
        rf"^assert_paged\(\): times must be a non-negative integer, got {re.escape(repr(times))}$"
    )
    with pytest.raises(ValueError, match=message):
        ssm_contacts.assert_paged("alice", times=times)


@pytest.mark.parametrize("channel", [42, "", b"sms"])
def test_assert_paged_rejects_what_is_not_a_channel(
    ssm_contacts: SSMContacts, channel: Any
) -> None:
    with pytest.raises(TypeError) as excinfo:
        ssm_contacts.assert_paged("alice", channel=channel)
    assert str(excinfo.value) == (
        "assert_paged() takes channel as a channel type, name, ARN or ContactChannel, "
        f"got {channel!r}"
    )


@pytest.mark.parametrize("function", ["assert_paged", "assert_not_paged", "pages_for"])
def test_page_helpers_reject_what_is_not_a_contact(
    ssm_contacts: SSMContacts, function: str
) -> None:
    with pytest.raises(TypeError) as excinfo:
        getattr(ssm_contacts, function)(42)
    assert str(excinfo.value) == (
        f"{function}() takes a contact as an alias, an ARN or a Contact, got 42"
    )


# -- pages and pages_for -------------------------------------------------------------------


def test_page_records_describe_each_send(
    ssm_contacts: SSMContacts, person: Person, client: Any
) -> None:
    alice = person("alice")
    engagement = client.start_engagement(
        ContactId=alice.arn, Sender="cli", Subject="s", Content="c", IncidentId="inc-1"
    )["EngagementArn"]
    [page] = ssm_contacts.pages
    phone = alice.channels[0]
    assert page.engagement_arn == engagement
    assert page.contact_arn == alice.arn
    assert page.contact_alias == "alice"
    assert (page.channel_arn, page.channel_type, page.channel_name) == (phone.arn, "SMS", "phone")
    assert (page.sender, page.incident_id) == ("cli", "inc-1")
    assert (page.sent_time, page.delivery_time, page.read_time) == (T0, None, None)
    assert [(r.type, r.time, r.channel_arn, r.info) for r in page.receipts] == [
        ("SENT", T0, phone.arn, MESSAGE_ID)
    ]
    assert re.fullmatch(r"[0-9]{6}", page.accept_code)


def test_pages_in_send_order_and_per_contact(
    ssm_contacts: SSMContacts, person: Person, engage: Engage
) -> None:
    alice = person("alice")
    bob = person("bob")
    engage(alice)
    ssm_contacts.clock.advance(minutes=1)
    engage(bob)
    ssm_contacts.clock.advance(minutes=4)
    assert [(p.contact_alias, p.channel_name) for p in ssm_contacts.pages] == [
        ("alice", "phone"),
        ("bob", "phone"),
        ("alice", "desk"),
    ]
    for ref in ("alice", alice.arn, alice):
        assert [p.channel_name for p in ssm_contacts.pages_for(ref)] == ["phone", "desk"]
    assert [p.contact_arn for p in ssm_contacts.pages_for(bob)] == [bob.arn]
    assert ssm_contacts.pages_for("nobody") == []


def test_page_records_are_snapshots(
    ssm_contacts: SSMContacts, person: Person, engage: Engage
) -> None:
    engage(person("alice"))
    before = ssm_contacts.pages[0]
    ssm_contacts.deliver(before)
    assert before.delivery_time is None
    assert len(before.receipts) == 1
    assert ssm_contacts.pages[0].delivery_time == T0


# -- the device side: accept codes, activation codes, delivery ------------------------------


def test_accept_code_is_the_code_enforce_expects(
    ssm_contacts: SSMContacts, person: Person, engage: Engage, client: Any
) -> None:
    engage(person("alice"))
    [page] = ssm_contacts.pages
    code = ssm_contacts.accept_code(page)
    assert ssm_contacts.accept_code(page.arn) == code == page.accept_code
    client.accept_page(
        PageId=page.arn, AcceptType="READ", AcceptCode=code, AcceptCodeValidation="ENFORCE"
    )
    assert ssm_contacts.pages[0].read_time == T0


def test_activation_code_activates_a_channel_created_through_the_api(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    alice = ssm_contacts.add_contact("alice")
    arn = client.create_contact_channel(
        ContactId=alice.arn,
        Name="phone",
        Type="SMS",
        DeliveryAddress={"SimpleAddress": "+15005550199"},
    )["ContactChannelArn"]
    code = ssm_contacts.activation_code(arn)
    assert re.fullmatch(r"[0-9]{6}", code)
    channel = ssm_contacts.contact("alice").channels[0]
    assert ssm_contacts.activation_code(channel) == code
    client.activate_contact_channel(ContactChannelId=arn, ActivationCode=code)
    assert ssm_contacts.contact("alice").channels[0].activation_status == "ACTIVATED"


def test_deliver_writes_one_delivered_receipt_and_keeps_the_first_time(
    ssm_contacts: SSMContacts, person: Person, engage: Engage
) -> None:
    engage(person("alice"))
    [page] = ssm_contacts.pages
    ssm_contacts.clock.advance(minutes=1)
    delivered = ssm_contacts.deliver(page)
    ssm_contacts.clock.advance(minutes=1)
    again = ssm_contacts.deliver(page.arn)
    minute = datetime.timedelta(minutes=1)
    assert delivered.delivery_time == again.delivery_time == T0 + minute
    assert [(r.type, r.time) for r in again.receipts] == [
        ("SENT", T0),
        ("DELIVERED", T0 + minute),
        ("DELIVERED", T0 + 2 * minute),
    ]
    # Delivery is not acknowledgement.
    assert again.read_time is None
    ssm_contacts.clock.advance(minutes=3)
    ssm_contacts.assert_paged("alice", channel="VOICE")


def test_fail_delivery_writes_an_error_receipt(
    ssm_contacts: SSMContacts, person: Person, engage: Engage
) -> None:
    engage(person("alice"))
    [page] = ssm_contacts.pages
    failed = ssm_contacts.fail_delivery(page, "number unreachable")
    plain = ssm_contacts.fail_delivery(page.arn)
    assert failed.receipts[-1] == plain.receipts[-2]
    assert [(r.type, r.info, r.channel_arn) for r in plain.receipts] == [
        ("SENT", MESSAGE_ID, page.channel_arn),
        ("ERROR", "number unreachable", page.channel_arn),
        ("ERROR", None, page.channel_arn),
    ]
    assert plain.delivery_time is None
    # An empty reason is no ReceiptInfo: the model's ReceiptInfo has at least 1 character.
    assert ssm_contacts.fail_delivery(page, "").receipts[-1].info is None


@pytest.mark.parametrize("reason", ["x" * 2049, 42])
def test_fail_delivery_refuses_a_reason_no_receipt_can_hold(
    ssm_contacts: SSMContacts, person: Person, engage: Engage, reason: Any
) -> None:
    engage(person("alice"))
    [page] = ssm_contacts.pages
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.fail_delivery(page, reason)
    assert str(excinfo.value) == (
        "fail_delivery(): reason must be a string of at most 2048 characters "
        f"(a receipt's ReceiptInfo) or None, got {reason!r:.80}"
    )
    assert ssm_contacts.pages[0].receipts == page.receipts


def _foreign_page() -> Any:
    with mock_ssm_contacts(start_time=T0) as other:
        contact = other.add_contact(
            "zed",
            channels=[{"name": "phone", "type": "SMS", "address": "+15005550199"}],
            plan={
                "Stages": [
                    {
                        "DurationInMinutes": 5,
                        "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "phone"}}],
                    }
                ]
            },
        )
        boto3.client("ssm-contacts").start_engagement(
            ContactId=contact.arn, Sender="cli", Subject="s", Content="c"
        )
    return other.pages[0]


@pytest.mark.parametrize("function", ["accept_code", "deliver", "fail_delivery"])
def test_page_hooks_name_what_they_could_not_find(ssm_contacts: SSMContacts, function: str) -> None:
    foreign = _foreign_page()
    for page, shown in [
        ("nope", "'nope'"),
        (42, "42"),
        (None, "None"),
        (foreign, repr(foreign.arn)),
    ]:
        with pytest.raises(LookupError) as excinfo:
            getattr(ssm_contacts, function)(page)
        assert str(excinfo.value) == (
            f"{function}(): no page {shown}; pass a Page from .pages or a page ARN"
        )


@pytest.mark.parametrize("channel", ["nope", 42])
def test_activation_code_of_an_unknown_channel(ssm_contacts: SSMContacts, channel: Any) -> None:
    with pytest.raises(LookupError) as excinfo:
        ssm_contacts.activation_code(channel)
    assert str(excinfo.value) == (
        f"activation_code(): no contact channel {channel!r}; pass a ContactChannel "
        "(e.g. from contact(...).channels) or a contact channel ARN"
    )


def test_activation_code_when_none_is_pending(
    ssm_contacts: SSMContacts, person: Person, client: Any
) -> None:
    alice = person("alice")
    deferred = client.create_contact_channel(
        ContactId=alice.arn,
        Name="mail",
        Type="EMAIL",
        DeliveryAddress={"SimpleAddress": "alice@example.com"},
        DeferActivation=True,
    )["ContactChannelArn"]
    # Channels of add_contact start activated, without a code.
    for channel in (alice.channels[0].arn, deferred):
        with pytest.raises(LookupError) as excinfo:
            ssm_contacts.activation_code(channel)
        assert str(excinfo.value) == (
            f"activation_code(): no activation code was sent to channel {channel}; "
            "it was created with DeferActivation, or by add_contact() or the marker, "
            "so call send_activation_code first"
        )
    client.send_activation_code(ContactChannelId=deferred)
    code = ssm_contacts.activation_code(deferred)
    client.activate_contact_channel(ContactChannelId=deferred, ActivationCode=code)
    # Deactivating keeps the code: the channel can be activated again with it.
    client.deactivate_contact_channel(ContactChannelId=deferred)
    assert ssm_contacts.activation_code(deferred) == code
    client.activate_contact_channel(ContactChannelId=deferred, ActivationCode=code)
    assert ssm_contacts.contact("alice").channels[1].activation_status == "ACTIVATED"


# -- start_time -------------------------------------------------------------------------------


@pytest.mark.ssm_contacts(
    start_time=datetime.datetime(2030, 6, 1, 12, 30, tzinfo=datetime.timezone.utc)
)
def test_start_time_marker_takes_a_datetime(ssm_contacts: SSMContacts, client: Any) -> None:
    expected = datetime.datetime(2030, 6, 1, 12, 30, tzinfo=datetime.timezone.utc)
    assert ssm_contacts.clock.now() == expected
    contact = ssm_contacts.add_contact("alice")
    arn = client.start_engagement(ContactId=contact.arn, Sender="c", Subject="s", Content="c")[
        "EngagementArn"
    ]
    assert client.describe_engagement(EngagementId=arn)["StartTime"] == expected


@pytest.mark.ssm_contacts(start_time="2030-06-01T14:30:00.123456+02:00")
def test_start_time_marker_takes_an_iso_string(ssm_contacts: SSMContacts) -> None:
    now = ssm_contacts.clock.now()
    # Kept in UTC, to the millisecond the service reports.
    assert now == datetime.datetime(2030, 6, 1, 12, 30, 0, 123000, tzinfo=datetime.timezone.utc)
    assert now.utcoffset() == datetime.timedelta(0)


def test_start_time_marker_problems_fail_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import datetime
        import pytest

        NINE_UTC = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=datetime.timezone.utc)

        @pytest.mark.ssm_contacts(start_time=datetime.datetime(2024, 1, 1, 9, 0))
        def test_naive(ssm_contacts):
            assert ssm_contacts.clock.now() == NINE_UTC

        @pytest.mark.ssm_contacts(start_time="2024-01-01T09:00:00")
        def test_naive_string(ssm_contacts):
            assert ssm_contacts.clock.now() == NINE_UTC

        @pytest.mark.ssm_contacts(start_time="tomorrow")
        def test_not_iso(ssm_contacts):
            pass

        @pytest.mark.ssm_contacts(start_time=1704099600)
        def test_a_number(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_not_iso *",
            "ssm_contacts marker: start_time must be an ISO 8601 date-time such as "
            "'2024-01-01T09:00:00+00:00', got 'tomorrow'",
            "*ERROR at setup of test_a_number *",
            "ssm_contacts marker: start_time must be a datetime, got int",
        ]
    )


def test_mock_reads_a_naive_start_time_as_utc() -> None:
    fake = mock_ssm_contacts(start_time=datetime.datetime(2024, 1, 1))
    assert fake.clock.now() == datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


def test_without_start_time_the_clock_starts_at_the_wall_clock() -> None:
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    fake = mock_ssm_contacts()
    after = datetime.datetime.now(datetime.timezone.utc)
    assert before <= fake.clock.now() <= after
    assert fake.clock.now().microsecond % 1000 == 0


# -- quotas -------------------------------------------------------------------------------------


@pytest.mark.ssm_contacts(quotas={"contacts": 1})
def test_quotas_marker_lowers_a_quota(ssm_contacts: SSMContacts, client: Any) -> None:
    client.create_contact(Alias="alice", Type="PERSONAL", Plan={"Stages": []})
    with pytest.raises(client.exceptions.ServiceQuotaExceededException):
        client.create_contact(Alias="bob", Type="PERSONAL", Plan={"Stages": []})


def test_quotas_marker_problems_fail_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(quotas={"contact": 2})
        def test_misspelt(ssm_contacts):
            pass

        @pytest.mark.ssm_contacts(quotas={"contacts": -1})
        def test_negative(ssm_contacts):
            pass

        @pytest.mark.ssm_contacts(quotas=[("contacts", 2)])
        def test_not_a_dict(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_misspelt *",
            "ssm_contacts marker: unknown quota 'contact'; expected one of: "
            "activation_codes_per_hour, channels_per_contact, contacts, overrides_per_rotation, "
            "rotations, rotations_per_schedule, stages_per_plan, tags_per_resource, "
            "targets_per_stage",
            "*ERROR at setup of test_negative *",
            "ssm_contacts marker: quota 'contacts' must be a non-negative integer, got -1",
            "*ERROR at setup of test_not_a_dict *",
            "ssm_contacts marker: quotas must be a dict of quota names to limits, "
            "got [('contacts', 2)]",
        ]
    )


# -- the clock ---------------------------------------------------------------------------------


def test_clock_stands_still_unless_moved(
    ssm_contacts: SSMContacts, person: Person, engage: Engage, client: Any
) -> None:
    clock = ssm_contacts.clock
    assert clock.now() == T0
    engage(person("alice"))
    client.list_engagements()
    client.list_contacts()
    assert clock.now() == T0
    assert clock.now() == T0
    assert ssm_contacts.pages[0].sent_time == T0


def test_clock_advance_and_set_move_forward(ssm_contacts: SSMContacts) -> None:
    clock = ssm_contacts.clock
    assert clock.advance(minutes=5) == T0 + datetime.timedelta(minutes=5)
    assert clock.now() == T0 + datetime.timedelta(minutes=5)
    assert clock.advance(days=1, hours=1, seconds=30) == T0 + datetime.timedelta(
        days=1, hours=1, minutes=5, seconds=30
    )
    assert clock.advance() == clock.now()
    later = datetime.datetime(2024, 3, 1, tzinfo=datetime.timezone.utc)
    clock.set(later)
    assert clock.now() == later
    clock.set(later)  # the same instant is not backwards
    # Another zone is the same instant, reported in UTC.
    eastern = datetime.timezone(datetime.timedelta(hours=-5))
    clock.set(datetime.datetime(2024, 3, 1, 1, 0, tzinfo=eastern))
    assert clock.now() == datetime.datetime(2024, 3, 1, 6, 0, tzinfo=datetime.timezone.utc)
    assert clock.now().utcoffset() == datetime.timedelta(0)


def test_clock_refuses_to_go_backwards(ssm_contacts: SSMContacts) -> None:
    clock = ssm_contacts.clock
    clock.advance(hours=1)
    with pytest.raises(ValueError) as excinfo:
        clock.advance(minutes=-1)
    assert str(excinfo.value) == "advance() cannot go backwards, got -1 day, 23:59:00"
    with pytest.raises(ValueError) as excinfo:
        clock.set(T0)
    assert str(excinfo.value) == (
        "set() cannot go backwards: 2024-01-01T09:00:00+00:00 is before 2024-01-01T10:00:00+00:00"
    )
    assert clock.now() == T0 + datetime.timedelta(hours=1)


def test_clock_set_reads_a_naive_datetime_as_utc(ssm_contacts: SSMContacts) -> None:
    with pytest.raises(TypeError, match=r"^when must be a datetime, got str$"):
        ssm_contacts.clock.set("2030-01-01T00:00:00Z")  # type: ignore[arg-type]
    assert ssm_contacts.clock.now() == T0
    ssm_contacts.clock.set(datetime.datetime(2030, 1, 1))
    assert ssm_contacts.clock.now() == datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
