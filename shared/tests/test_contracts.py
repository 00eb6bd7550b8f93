"""The kernel's contract checker and generator on small models (issue 8)."""

from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel

from imi_shared.contracts import Publication, ServiceContract, asyncapi_document
from imi_shared.contracts import check_consumer_model as check
from imi_shared.envelope import Event


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Painted(Event):
    event_type: ClassVar[str] = "thing.painted"
    aggregate_type: ClassVar[str] = "thing"

    member_state: str
    colour: Colour
    coats: int
    note: str | None


def test_a_type_mismatch_is_reported():
    class Reader(BaseModel):
        coats: str

    assert [str(p) for p in check(Reader, Painted.model_json_schema())] == [
        "coats: producer may send ['integer'], consumer accepts ['string']"
    ]


def test_a_producer_null_the_consumer_refuses_is_reported():
    class Reader(BaseModel):
        note: str

    assert [str(p) for p in check(Reader, Painted.model_json_schema())] == [
        "note: producer may send ['null'], consumer accepts ['string']"
    ]


def test_a_producer_enum_value_a_consumer_enum_cannot_parse_is_reported():
    class Narrow(StrEnum):
        RED = "red"

    class Reader(BaseModel):
        colour: Narrow

    assert [str(p) for p in check(Reader, Painted.model_json_schema())] == [
        "colour: producer may send 'blue', which the consumer cannot parse"
    ]


def test_the_asyncapi_document_names_topic_partitions_and_key():
    doc = asyncapi_document(
        ServiceContract("demo", (Publication("imi.directory.events", (Painted,)),))
    )
    channel = doc["channels"]["imi-directory-events"]
    assert doc["asyncapi"] == "3.0.0" and channel["bindings"]["kafka"]["partitions"] == 31
    message = doc["components"]["messages"]["thing.painted"]
    assert "EU" in message["bindings"]["kafka"]["key"]["enum"]
    assert doc["operations"]["publish-imi-directory-events"]["action"] == "send"
