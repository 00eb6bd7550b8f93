"""Pure rules of adding, editing, deleting a register and transferring its management
(REG-002..REG-016, REG-021, REG-024, REG-025, TRL-016)."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from imi_registers.domain.events import added, deleted, management_changed, name_changed
from imi_registers.domain.register import (
    Actor,
    AuthorityRef,
    GeographicCoverage,
    Link,
    Owner,
    RegisterDetails,
    RegisterType,
    Text,
    add_register,
    delete_register,
    edit_register,
    may_edit,
    transfer_management,
)
from imi_registers.reference import default_reference
from imi_shared.errors import Conflict, Forbidden, InvalidInput

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
REF = default_reference()
LDA_A = Actor("u-a", "ca-a", "FR", local_data_admin=True)
LDA_B = Actor("u-b", "ca-b", "FR", local_data_admin=True)
B_ACTIVE = AuthorityRef("ca-b", "FR", "active")
DETAILS = RegisterDetails(
    "Registre national des architectes",
    "Registre des architectes",
    "fr",
    GeographicCoverage.NATIONAL,
    RegisterType.SPECIFIC,
    Owner("Conseil national de l'ordre des architectes"),
    category_codes=("spec.architects",),
    info_languages=("fr",),
    online=True,
    links=(Link("https://example.org/architectes", "fr"),),
    info_type_codes=("info.identification", "info.qualifications"),
    access_restrictions=Text("Accès libre", "fr"),
    registration_mandatory=True,
)


def add(details=DETAILS, actor=LDA_A):
    return add_register("g1", details, actor, NOW, REF)


def refusal(exc_type, call):
    with pytest.raises(exc_type) as refused:
        call()
    return refused.value.rule_id, refused.value.field


def test_reg_002_only_a_local_data_admin_adds_a_register():
    assert refusal(Forbidden, lambda: add(actor=Actor("u", "ca-a", "FR")))[0] == "REG-002"


def test_reg_013_reg_025_the_adder_authority_manages_it_in_its_member_state():
    register = add()
    assert (register.managing_authority_id, register.member_state) == ("ca-a", "FR")


def test_reg_006_step_one_needs_both_names_a_category_and_known_languages():
    assert refusal(InvalidInput, lambda: add(replace(DETAILS, informal_name="  "))) == (
        "REG-006",
        "informal_name",
    )
    assert refusal(InvalidInput, lambda: add(replace(DETAILS, official_name=""))) == (
        "REG-006",
        "official_name",
    )
    assert refusal(InvalidInput, lambda: add(replace(DETAILS, category_codes=())))[0] == "REG-006"
    languages = replace(DETAILS, info_languages=("fr", "xx"))
    assert refusal(InvalidInput, lambda: add(languages)) == ("X-023", "info_languages.1")
    described = replace(DETAILS, details_text=Text("Tenu par l'ordre", "fr"))
    assert add(described).details.details_text == Text("Tenu par l'ordre", "fr")
    bad_text = replace(described, details_text=Text("x", "q1"))
    assert refusal(InvalidInput, lambda: add(bad_text)) == ("X-023", "details_text.lang")


def test_reg_010_an_online_register_has_links_each_with_the_linked_site_s_language():
    two = (Link("https://a.example/", "fr"), Link("https://b.example/", "en"))
    assert add(replace(DETAILS, links=two)).details.links == two
    unknown = (Link("https://a.example/", "fr"), Link("https://b.example/", "xx"))
    assert refusal(InvalidInput, lambda: add(replace(DETAILS, links=unknown))) == (
        "X-023",
        "links.1.lang",
    )
    assert add(replace(DETAILS, online=False, links=())).details.online is False


def test_reg_012_the_owner_may_be_outside_imi_or_another_imi_authority():
    outside = add(replace(DETAILS, owner=Owner("Chambre syndicale, hors IMI")))
    other = add(replace(DETAILS, owner=Owner("Ordre des architectes", "ca-other")))
    assert outside.details.owner.authority_id is None
    assert other.details.owner.authority_id == "ca-other"
    assert outside.managing_authority_id == other.managing_authority_id == "ca-a"  # REG-013


def test_reg_021_online_without_a_link_is_invalid():
    offline = replace(DETAILS, links=())
    assert refusal(InvalidInput, lambda: add(offline)) == ("REG-010", "links")


def test_reg_007_the_categories_offered_depend_on_the_type():
    general = replace(DETAILS, register_type=RegisterType.GENERAL)  # architects: specific
    assert refusal(InvalidInput, lambda: add(general)) == ("REG-007", "category_codes.0")
    assert add(replace(general, category_codes=("gen.companies",))).details.category_codes
    assert refusal(InvalidInput, lambda: add(replace(DETAILS, category_codes=())))[0] == "REG-006"


def test_reg_008_a_regional_register_of_a_state_with_regions_names_a_predefined_one():
    regional = replace(DETAILS, coverage=GeographicCoverage.REGIONAL)
    assert refusal(InvalidInput, lambda: add(regional)) == ("REG-008", "region_code")
    assert refusal(InvalidInput, lambda: add(replace(regional, region_code="DE-BY")))[0] == (
        "REG-008"
    )
    assert add(replace(regional, region_code="FR-BRE")).details.region_code == "FR-BRE"
    national = replace(DETAILS, region_code="FR-BRE")
    assert refusal(InvalidInput, lambda: add(national)) == ("REG-008", "region_code")


def test_reg_008_a_state_without_regions_in_imi_takes_no_region_code():
    lda_ie = Actor("u-ie", "ca-ie", "IE", local_data_admin=True)
    regional = replace(DETAILS, coverage=GeographicCoverage.LOCAL)
    assert add(regional, lda_ie).details.region_code is None
    with_code = replace(regional, region_code="IE-L")
    assert refusal(InvalidInput, lambda: add(with_code, lda_ie)) == ("REG-008", "region_code")


def test_reg_024_information_types_are_catalogue_codes_and_texts_have_a_language():
    unknown = replace(DETAILS, info_type_codes=("info.identification", "info.gossip"))
    assert refusal(InvalidInput, lambda: add(unknown)) == ("REG-024", "info_type_codes.1")
    bad_lang = replace(DETAILS, info_use=Text("Contrôles", "xx"))
    assert refusal(InvalidInput, lambda: add(bad_lang)) == ("X-023", "info_use.lang")
    bad_name_lang = replace(DETAILS, informal_name_language="zz")
    assert refusal(InvalidInput, lambda: add(bad_name_lang))[1] == "informal_name_language"


def test_reg_005_only_the_managing_authoritys_lda_may_edit():
    register = add()
    assert may_edit(register, LDA_A)
    assert not may_edit(register, LDA_B)
    assert not may_edit(register, Actor("u-a2", "ca-a", "FR"))


def test_reg_014_trl_016_an_edit_changes_every_field_and_says_if_the_name_changed():
    register = add()
    same_name = replace(DETAILS, online=False, links=(), registration_mandatory=False)
    assert edit_register(register, same_name, LDA_A, NOW, REF) is False
    assert register.details.registration_mandatory is False
    relang = replace(same_name, informal_name_language="en")
    assert edit_register(register, relang, LDA_A, NOW, REF) is True
    assert name_changed(register, "u-a").informal_name_language == "en"


def test_reg_003_an_lda_of_another_authority_or_a_non_admin_may_not_edit():
    register = add()
    assert refusal(Forbidden, lambda: edit_register(register, DETAILS, LDA_B, NOW, REF))[0] == (
        "REG-003"
    )
    plain = Actor("u-a2", "ca-a", "FR")
    assert refusal(Forbidden, lambda: edit_register(register, DETAILS, plain, NOW, REF))[0] == (
        "REG-003"
    )


def test_reg_004_only_the_managing_authoritys_lda_deletes():
    register = add()
    assert refusal(Forbidden, lambda: delete_register(register, LDA_B))[0] == "REG-004"
    delete_register(register, LDA_A)
    assert deleted(register, "u-a").managing_authority_id == "ca-a"


def test_reg_016_reg_022_transfer_hands_the_edit_rights_over_at_once():
    register = add()
    former = transfer_management(register, B_ACTIVE, "ca-b", LDA_A, NOW)
    assert (former, register.managing_authority_id) == ("ca-a", "ca-b")
    assert not may_edit(register, LDA_A) and may_edit(register, LDA_B)
    back = AuthorityRef("ca-a", "FR", "active")
    assert (
        refusal(Forbidden, lambda: transfer_management(register, back, "ca-a", LDA_A, NOW))[0]
        == "REG-003"
    )  # editing after the transfer
    assert refusal(Forbidden, lambda: edit_register(register, DETAILS, LDA_A, NOW, REF))[0] == (
        "REG-003"
    )


def test_reg_016_transferring_to_the_same_authority_is_a_conflict():
    register = add()
    with pytest.raises(Conflict):
        transfer_management(register, AuthorityRef("ca-a", "FR", "active"), "ca-a", LDA_A, NOW)


@pytest.mark.parametrize(
    "target",
    [None, AuthorityRef("ca-b", "DE", "active"), AuthorityRef("ca-b", "FR", "suspended")],
    ids=["absent", "other-state", "not-active"],
)
def test_reg_025_the_new_manager_is_an_active_authority_of_the_state_absent_or_not(target):
    register = add()
    answer = refusal(
        InvalidInput, lambda: transfer_management(register, target, "ca-b", LDA_A, NOW)
    )
    assert answer == ("REG-025", "managing_authority_id")  # the same answer for all three
    assert register.managing_authority_id == "ca-a"


def test_x_052_register_events_carry_ids_codes_and_public_names_only():
    register = add()
    payload = added(register).model_dump(mode="json")
    assert payload["informal_name"] == "Registre des architectes"
    assert payload["informal_name_language"] == "fr"
    assert DETAILS.owner.name not in payload.values()
    assert DETAILS.access_restrictions.text not in payload.values()
    former = transfer_management(register, B_ACTIVE, "ca-b", LDA_A, NOW)
    moved = management_changed(register, former, "u-a").model_dump(mode="json")
    assert (moved["old_managing_authority_id"], moved["new_managing_authority_id"]) == (
        "ca-a",
        "ca-b",
    )
