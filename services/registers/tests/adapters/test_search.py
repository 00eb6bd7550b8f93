"""Quick and advanced search on the real local MongoDB server: the index rows written by the
commands, the translations consumed from the translation service (REG-017, REG-018, REG-023,
TRL-009, TRL-011, TRL-016)."""

from dataclasses import replace

import pytest

from imi_registers.adapters.directory_events import AuthorityDataChanged
from imi_registers.adapters.register_index import build_missing_postings, ensure_indexes
from imi_registers.adapters.translation_events import InformalNameTranslated
from imi_registers.context import RegistersContext
from imi_registers.domain.register import (
    Actor,
    GeographicCoverage,
    Owner,
    RegisterDetails,
    RegisterType,
)
from imi_registers.handlers import directory
from imi_registers.handlers.registers import add_register, delete_register, edit_register
from imi_registers.handlers.search import AdvancedCriteria, advanced_search, quick_search
from imi_registers.handlers.translations import on_name_translated
from imi_registers.settings import RegistersSettings
from imi_shared.envelope import Envelope
from imi_shared.errors import InvalidInput
from imi_shared.mongo import UnitOfWork
from imi_testkit import FakeClock

FR = Actor("u-fr", "ca-fr", "FR", local_data_admin=True)
DE = Actor("u-de", "ca-de", "DE", local_data_admin=True)
ARCHITECTS = RegisterDetails(
    "Tableau de l'ordre des architectes", "Architectes inscrits à l'ordre", "fr",
    GeographicCoverage.NATIONAL, RegisterType.SPECIFIC, Owner("Ordre des architectes"),
    category_codes=("spec.architects",), info_type_codes=("info.qualifications",),
    online=False, registration_mandatory=True,
)  # fmt: skip
COMPANIES = RegisterDetails(
    "Registre du commerce et des sociétés", "Registre du commerce", "fr",
    GeographicCoverage.NATIONAL, RegisterType.GENERAL, Owner("Infogreffe"),
    category_codes=("gen.companies",), info_type_codes=("info.legal_form",),
)  # fmt: skip
BRETON_DOCTORS = RegisterDetails(
    "Répertoire des médecins de Bretagne", "Médecins de Bretagne", "fr",
    GeographicCoverage.REGIONAL, RegisterType.SPECIFIC, Owner("Conseil régional de l'ordre"),
    region_code="FR-BRE", category_codes=("spec.doctors",),
)  # fmt: skip
HANDWERK = RegisterDetails(
    "Handwerksrolle der Handwerkskammer München", "Handwerksrolle München", "de",
    GeographicCoverage.REGIONAL, RegisterType.SPECIFIC, Owner("Handwerkskammer für München"),
    region_code="DE-BY", category_codes=("spec.crafts",),
)  # fmt: skip


@pytest.fixture
async def ctx(mongo_client, db_name):
    uow = UnitOfWork(mongo_client, db_name)
    await uow.ensure_indexes()
    await ensure_indexes(uow.db)
    context = RegistersContext.create(RegistersSettings(db_name=db_name), uow, FakeClock())
    for rid, details, actor in [("arch", ARCHITECTS, FR), ("rcs", COMPANIES, FR),
                                ("bzh", BRETON_DOCTORS, FR), ("hwk", HANDWERK, DE)]:  # fmt: skip
        await add_register(context, details, actor, new_id=lambda r=rid: r)
    return context


async def quick(ctx, text, lang="fr", country="FR"):
    page = await quick_search(ctx, ctx.uow.db, country, text, lang, 0, 20)
    return [row["register_id"] for row in page.rows]


async def test_reg_023_all_words_must_match_in_the_display_language(ctx):
    assert await quick(ctx, "registre architectes") == ["arch"]  # "registre": the type label
    assert sorted(await quick(ctx, "registre")) == ["arch", "bzh", "rcs"]  # every type
    assert await quick(ctx, "architectes commerce") == []  # AND
    assert await quick(ctx, "Handwerksrolle") == []  # one country


async def test_reg_017_names_region_category_and_information_types_are_searched(ctx):
    assert await quick(ctx, "Bretagne") == ["bzh"]  # region (and name)
    assert await quick(ctx, "bayern", "de", "DE") == ["hwk"]  # region label only
    assert await quick(ctx, "baviere", "fr", "DE") == ["hwk"]  # its French label
    assert await quick(ctx, "sociétés") == ["rcs"]
    assert await quick(ctx, "qualifications professionnelles") == ["arch"]  # info type
    assert await quick(ctx, "Architects", "en") == ["arch"]  # the category in English


async def test_trl_011_accents_case_and_words_pronounced_alike_match(ctx):
    assert await quick(ctx, "MEDECINS bretagne") == ["bzh"]
    assert await quick(ctx, "architekten") == ["arch"]  # Soundex A623, as written elsewhere
    assert await quick(ctx, "arkitectes") == ["arch"]  # misspelt
    with pytest.raises(InvalidInput) as refused:
        await quick(ctx, "de la des")
    assert refused.value.rule_id == "REG-017"


async def test_trl_009_trl_016_a_translated_name_is_found_in_its_language_only(ctx):
    event = InformalNameTranslated(name_id="register:hwk", entity="register", entity_id="hwk",
        member_state="DE", lang="fr", text="Rôle des artisans de Munich",
        original="Handwerksrolle München")  # fmt: skip
    envelope = Envelope.wrap(event, producer="translation", member_state="DE")
    await ctx.uow.run(lambda tx: on_name_translated(event, envelope, tx))
    assert await quick(ctx, "artisans munich", "fr", "DE") == ["hwk"]
    assert await quick(ctx, "artisans munich", "it", "DE") == []
    page = await quick_search(ctx, ctx.uow.db, "DE", "munich", "fr", 0, 5)
    assert page.rows[0]["translations"] == {"fr": "Rôle des artisans de Munich"}
    renamed = replace(HANDWERK, informal_name="Handwerksrolle Oberbayern")
    await edit_register(ctx, "hwk", renamed, DE)
    assert await quick(ctx, "artisans munich", "fr", "DE") == []  # TRL-016: reset
    assert await quick(ctx, "oberbayern", "fr", "DE") == ["hwk"]


async def test_reg_018_advanced_criteria_are_combined_with_and(ctx):
    async def advanced(**criteria):
        page = await advanced_search(ctx, ctx.uow.db, AdvancedCriteria(**criteria), "fr", 0, 20)
        return sorted(row["register_id"] for row in page.rows)

    assert await advanced(member_state="FR", register_type="specific") == ["arch", "bzh"]
    assert await advanced(member_state="FR", register_type="specific", coverage="regional") == [
        "bzh"
    ]
    assert await advanced(region_code="DE-BY") == ["hwk"]
    assert await advanced(category_codes="gen.companies", online=False) == ["rcs"]
    assert await advanced(registration_mandatory=True) == ["arch"]
    assert await advanced(info_type_codes="info.legal_form") == ["rcs"]
    assert await advanced(register_name="registre commerce") == ["rcs"]
    assert await advanced(authority_name="handwerkskammer") == ["hwk"]
    assert await advanced(managing_authority_id="ca-fr", register_name="medecins") == ["bzh"]
    assert await advanced(translation_status="pending", member_state="DE") == ["hwk"]
    assert await advanced(translation_status="done") == []
    with pytest.raises(InvalidInput) as refused:
        await advanced()
    assert refused.value.rule_id == "REG-018"


async def test_reg_015_a_deleted_register_is_no_longer_found(ctx):
    await delete_register(ctx, "rcs", FR)
    assert await quick(ctx, "commerce") == []


async def test_reg_018_an_authority_renamed_in_the_directory_is_found_by_its_new_name(ctx):
    async def by_authority(name):
        criteria = AdvancedCriteria(authority_name=name)
        page = await advanced_search(ctx, ctx.uow.db, criteria, "fr", 0, 20)
        return sorted(row["register_id"] for row in page.rows)

    renamed = AuthorityDataChanged(
        authority_id="ca-fr", member_state="FR", changes={"official_name": "Greffe national"}
    )
    envelope = Envelope.wrap(renamed, producer="directory", member_state="FR")
    await ctx.uow.run(lambda tx: directory.on_data_changed(renamed, envelope, tx))
    assert await by_authority("greffe national") == ["arch", "bzh", "rcs"]
    assert await by_authority("handwerkskammer") == ["hwk"]  # the owner's name is kept
    page = await quick_search(ctx, ctx.uow.db, "FR", "commerce", "fr", 0, 5)
    assert page.rows[0]["managing_authority_name"] == "Greffe national"


async def test_reg_018_advanced_search_without_a_country_reads_every_state(ctx):
    page = await advanced_search(ctx, ctx.uow.db, AdvancedCriteria(register_type="specific"),
                                 "en", 0, 2)  # fmt: skip
    assert page.total == 3 and [r["register_id"] for r in page.rows] == ["arch", "hwk"]


async def test_reg_017_an_index_from_before_the_postings_gets_them_at_start(ctx):
    db = ctx.uow.db
    await db["register_postings"].delete_many({})
    assert await quick(ctx, "architectes") == []  # the rows alone serve no search
    assert await build_missing_postings(db) > 0
    assert await quick(ctx, "architectes") == ["arch"]
    assert await build_missing_postings(db) == 0  # postings present: nothing done
