"""Pure rules of adding a register and transferring its management (REG-002, REG-003,
REG-005, REG-010, REG-013, REG-016, REG-021, REG-025)."""

from datetime import UTC, datetime

import pytest

from imi_registers.domain.events import added, management_changed
from imi_registers.domain.register import (
    Actor,
    GeographicCoverage,
    Link,
    RegisterDetails,
    RegisterType,
    add_register,
    may_edit,
    transfer_management,
)
from imi_shared.errors import Conflict, Forbidden, InvalidInput

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LDA_A = Actor("u-a", "ca-a", "FR", local_data_admin=True)
LDA_B = Actor("u-b", "ca-b", "FR", local_data_admin=True)
DETAILS = RegisterDetails(
    "Registre national des architectes",
    "Architects register",
    GeographicCoverage.NATIONAL,
    RegisterType.SPECIFIC,
    "Ordre des architectes",
    online=True,
    links=(Link("https://example.org/architectes", "fr"),),
)


def test_reg_002_only_a_local_data_admin_adds_a_register():
    with pytest.raises(Forbidden) as refused:
        add_register("g1", DETAILS, Actor("u", "ca-a", "FR"), NOW)
    assert refused.value.rule_id == "REG-002"


def test_reg_013_reg_025_the_adder_authority_manages_it_in_its_member_state():
    register = add_register("g1", DETAILS, LDA_A, NOW)
    assert (register.managing_authority_id, register.member_state) == ("ca-a", "FR")


def test_reg_021_online_without_a_link_is_invalid():
    offline_links = RegisterDetails(
        "n", "n", GeographicCoverage.NATIONAL, RegisterType.GENERAL, "o", online=True
    )
    with pytest.raises(InvalidInput) as refused:
        add_register("g1", offline_links, LDA_A, NOW)
    assert (refused.value.rule_id, refused.value.field) == ("REG-010", "links")


def test_reg_005_only_the_managing_authoritys_lda_may_edit():
    register = add_register("g1", DETAILS, LDA_A, NOW)
    assert may_edit(register, LDA_A)
    assert not may_edit(register, LDA_B)
    assert not may_edit(register, Actor("u-a2", "ca-a", "FR"))


def test_reg_016_transfer_hands_the_edit_rights_over_at_once():
    register = add_register("g1", DETAILS, LDA_A, NOW)
    former = transfer_management(register, "ca-b", LDA_A, NOW)
    assert (former, register.managing_authority_id) == ("ca-a", "ca-b")
    assert not may_edit(register, LDA_A) and may_edit(register, LDA_B)
    with pytest.raises(Forbidden) as refused:
        transfer_management(register, "ca-a", LDA_A, NOW)
    assert refused.value.rule_id == "REG-003"


def test_reg_016_transferring_to_the_same_authority_is_a_conflict():
    register = add_register("g1", DETAILS, LDA_A, NOW)
    with pytest.raises(Conflict):
        transfer_management(register, "ca-a", LDA_A, NOW)


def test_x_052_register_events_carry_no_free_text():
    register = add_register("g1", DETAILS, LDA_A, NOW)
    payloads = [added(register).model_dump(mode="json")]
    former = transfer_management(register, "ca-b", LDA_A, NOW)
    payloads.append(management_changed(register, former, "u-a").model_dump(mode="json"))
    texts = {DETAILS.official_name, DETAILS.informal_name, DETAILS.owner_authority}
    assert all(value not in texts for payload in payloads for value in payload.values())
    assert payloads[1]["old_managing_authority_id"] == "ca-a"
