import pytest
from pydantic import BaseModel, ValidationError

from imi_shared.participants import (
    COMMISSION,
    EEA_MEMBER_STATES,
    PARTICIPANTS,
    MemberState,
    Participant,
    parse_scope,
    participant_at,
    partition_for,
)


def test_x001_thirty_eea_states_and_the_commission():
    assert len(EEA_MEMBER_STATES) == 30
    assert len(set(PARTICIPANTS)) == 31
    assert {"IS", "LI", "NO"} <= set(EEA_MEMBER_STATES)
    assert COMMISSION == "EU" and PARTICIPANTS[-1] == "EU"


def test_every_participant_has_its_own_fixed_partition():
    indices = [partition_for(code) for code in PARTICIPANTS]
    assert indices == list(range(31))
    assert partition_for("fr") == partition_for("FR") == PARTICIPANTS.index("FR")
    assert participant_at(partition_for("DE")) == "DE"


def test_unknown_codes_are_refused_with_the_rule():
    class M(BaseModel):
        ms: MemberState
        p: Participant

    with pytest.raises(ValidationError, match="X-001"):
        M(ms="XX", p="FR")
    with pytest.raises(ValidationError, match="Commission"):
        M(ms="EU", p="FR")
    assert M(ms="fr", p="EU").ms == "FR"


def test_scope_parsing():
    assert parse_scope("ALL") == PARTICIPANTS
    assert parse_scope("") == PARTICIPANTS
    assert parse_scope("FR, de,FR") == ("FR", "DE")
    with pytest.raises(ValueError):
        parse_scope("FR,ZZ")
    assert parse_scope("ALL,-FR") == tuple(c for c in PARTICIPANTS if c != "FR")
    assert len(parse_scope("-FR,-DE")) == 29
    with pytest.raises(ValueError):
        parse_scope("ALL,-ZZ")
