"""Whatever StartEngagement is sent, the fake answers with a result or a modeled error."""

from __future__ import annotations

import functools
import json
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st

from pattern_reference import ascii_reference
from profiles import examples
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts

MODEL = botocore.session.get_session().get_service_model("ssm-contacts")
OPERATION = MODEL.operation_model("StartEngagement")
SHAPE = OPERATION.input_shape
MODELED_ERRORS = {shape.name for shape in OPERATION.error_shapes}
REASONS = set(MODEL.shape_for("ValidationExceptionReason").enum)
TARGET = {"X-Amz-Target": f"{MODEL.metadata['targetPrefix']}.StartEngagement"}

REGION = "us-east-1"
ACCOUNT = "123456789012"
PROPERTY = settings(max_examples=examples(100), deadline=None)

_template = SSMContacts(contacts=["oncall"], region=REGION, account_id=ACCOUNT)
EXISTING_ARN = _template.contact("oncall").arn
MISSING_ARNS = [
    EXISTING_ARN.replace("/oncall", "/nobody"),
    EXISTING_ARN.replace(f":{REGION}:", ":eu-west-1:"),
    EXISTING_ARN.replace(f":{ACCOUNT}:", ":210987654321:"),
]


def _new_fake() -> SSMContacts:
    return mock_ssm_contacts(contacts=["oncall"], region=REGION, account_id=ACCOUNT)


# -- strategies ---------------------------------------------------------------------------

scalars = st.none() | st.text() | st.integers()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
extra_keys: st.SearchStrategy[dict[str, Any]] = st.just({}) | st.dictionaries(
    st.text().filter(lambda key: key not in SHAPE.members), values, min_size=1, max_size=2
)


def _well_formed(name: str) -> st.SearchStrategy[Any]:
    """Values the model allows for the member, from its pattern and length."""
    if name == "ContactId":
        return st.sampled_from([EXISTING_ARN, *MISSING_ARNS])
    metadata = SHAPE.members[name].metadata
    low, high = metadata.get("min", 0), metadata.get("max")
    pattern = metadata.get("pattern")
    text = st.from_regex(ascii_reference(pattern), fullmatch=True) if pattern else st.text()
    return text.filter(lambda value: low <= len(value) and (high is None or len(value) <= high))


random_params = st.builds(
    lambda members, extra: {**members, **extra},
    st.fixed_dictionaries({}, optional=dict.fromkeys(SHAPE.members, values)),
    extra_keys,
)
well_formed_params = st.fixed_dictionaries(
    {name: _well_formed(name) for name in SHAPE.required_members},
    optional={
        name: _well_formed(name) for name in SHAPE.members if name not in SHAPE.required_members
    },
)

# -- through a boto3 client ---------------------------------------------------------------

_serialized: list[None] = []


def _count_serialized(**_: Any) -> None:
    _serialized.append(None)


@functools.cache
def _client() -> Any:
    client = boto3.client(
        "ssm-contacts",
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(parameter_validation=False),
    )
    # before-call fires once botocore has serialized the request, just before sending it.
    client.meta.events.register("before-call.ssm-contacts.StartEngagement", _count_serialized)
    return client


NOT_SENT = "not sent"


def _start_engagement(params: dict[str, Any]) -> str | None:
    """How the call ends: None when engaged, else the error code; the fake's records agree."""
    with _new_fake() as fake:
        serialized = len(_serialized)
        try:
            response = _client().start_engagement(**params)
        except ClientError as error:
            code: str = error.response["Error"]["Code"]
            assert code in MODELED_ERRORS
            assert len(_serialized) == serialized + 1
            assert [call.error for call in fake.calls] == [code]
            assert fake.engagements == []
            return code
        except (KeyError, TypeError):
            # botocore's own doing, before serialization ends: its JSON serializer raises
            # KeyError for a member the input shape lacks, and a "self" keyword clashes
            # with the client method's own (TypeError). The fake is never called.
            assert len(_serialized) == serialized
            assert fake.calls == []
            assert set(params) - set(SHAPE.members)
            return NOT_SENT
        assert len(_serialized) == serialized + 1
        assert [call.error for call in fake.calls] == [None]
        assert [engagement.arn for engagement in fake.engagements] == [response["EngagementArn"]]
        return None


@PROPERTY
@given(random_params)
def test_any_input_gets_a_result_or_a_modeled_error(params: dict[str, Any]) -> None:
    _start_engagement(params)


@PROPERTY
@given(well_formed_params)
def test_well_formed_input_engages_or_finds_no_contact(params: dict[str, Any]) -> None:
    outcome = _start_engagement(params)
    if params["ContactId"] == EXISTING_ARN:
        assert outcome is None
    else:
        assert outcome == "ResourceNotFoundException"


# -- straight onto the wire ---------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)
json_requests = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={name: _well_formed(name) | json_values for name in SHAPE.members},
    ),
    st.builds(lambda good, extra: {**good, **extra}, well_formed_params, extra_keys),
)
# Bytes that are no JSON at all, too: the wire owes nothing to botocore.
bodies = json_requests.map(lambda value: json.dumps(value).encode()) | st.binary()


@PROPERTY
@given(bodies)
def test_any_body_on_the_wire_gets_a_result_or_a_modeled_error(body: bytes) -> None:
    fake = SSMContacts(contacts=["oncall"], region=REGION, account_id=ACCOUNT)
    status, _headers, raw = fake._serve(TARGET, body, REGION)
    answer = json.loads(raw)
    if status == 200:
        assert list(answer) == ["EngagementArn"]
        assert [engagement.arn for engagement in fake.engagements] == [answer["EngagementArn"]]
        return
    assert status in (400, 500)
    assert answer["__type"] in MODELED_ERRORS
    assert isinstance(answer["message"], str)
    if answer["__type"] == "ValidationException":
        assert answer["Reason"] in REASONS
        for field in answer.get("Fields", []):
            assert set(field) == {"Name", "Message"}
    assert fake.engagements == []
