"""The register commands, the managed-registers, authorities and translation consumers, on the
kernel's in-memory fakes (milliseconds)."""

from dataclasses import replace

import pytest

from imi_registers.adapters.authorities import Authorities
from imi_registers.adapters.directory_events import (
    AuthorityDataChanged,
    AuthorityRegistered,
    AuthorityStatusChanged,
)
from imi_registers.adapters.managed import ManagedRegisters
from imi_registers.adapters.register_postings import build
from imi_registers.adapters.register_repository import RegisterRepository
from imi_registers.adapters.translation_events import InformalNameTranslated
from imi_registers.context import RegistersContext
from imi_registers.domain.events import PUBLISHED
from imi_registers.domain.register import (
    Actor,
    GeographicCoverage,
    Link,
    Owner,
    RegisterDetails,
    RegisterType,
    Text,
)
from imi_registers.handlers import directory, managed, translations
from imi_registers.handlers.registers import (
    add_register,
    delete_register,
    edit_register,
    transfer_management,
)
from imi_registers.reference import EU_LANGUAGES
from imi_registers.settings import RegistersSettings
from imi_shared.envelope import Envelope
from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from imi_testkit import FakeClock, FakeUnitOfWork

LDA_A = Actor("u-a", "ca-a", "DE", local_data_admin=True)
LDA_B = Actor("u-b", "ca-b", "DE", local_data_admin=True)
DETAILS = RegisterDetails(
    "Handelsregister",
    "Handelsregister",
    "de",
    GeographicCoverage.NATIONAL,
    RegisterType.GENERAL,
    Owner("Amtsgericht"),
    category_codes=("gen.companies",),
)


def context():
    return RegistersContext.create(
        RegistersSettings(topic_prefix="t."), FakeUnitOfWork(), FakeClock()
    )


async def deliver(uow, event, handler, member_state="DE"):
    envelope = Envelope.wrap(event, producer="test", member_state=member_state)
    await uow.run(lambda tx: handler(event, envelope, tx))


async def authority(ctx, authority_id, status="active", member_state="DE", name="Amt"):
    registered = AuthorityRegistered(
        authority_id=authority_id, member_state=member_state, official_name=name, status=status
    )
    await deliver(ctx.uow, registered, directory.on_registered, member_state)


def index_row(ctx, register_id="g1"):
    return ctx.uow.collections["register_index"].get(register_id)


async def test_reg_002_adding_stores_the_register_its_index_row_and_emits_register_added():
    ctx = context()
    await authority(ctx, "ca-a", name="Amtsgericht München")
    result = await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    [envelope] = ctx.uow.published("register.added")
    assert (result.version, envelope.aggregate_id, envelope.member_state) == (1, "g1", "DE")
    assert (
        envelope.schema_version == "1.1" and envelope.payload["informal_name"] == "Handelsregister"
    )
    assert ctx.uow.outbox[0].topic == "t.imi.registers.events"
    assert ctx.uow.collections["registers"]["g1"]["created_at"] == ctx.clock()
    row = index_row(ctx)  # REG-017: same transaction
    assert row["member_state"] == "DE" and "*:H534" in row["name_keys"]
    assert row["managing_authority_name"] == "Amtsgericht München"


async def test_reg_002_a_user_who_is_not_lda_is_refused_and_nothing_is_stored():
    ctx = context()
    with pytest.raises(Forbidden):
        await add_register(ctx, DETAILS, Actor("u", "ca-a", "DE"))
    assert ctx.uow.outbox == [] and ctx.uow.collections.get("registers", {}) == {}
    assert ctx.uow.collections.get("register_index", {}) == {}


async def test_reg_014_trl_016_an_edit_of_the_name_emits_informal_name_changed_and_resets():
    ctx = context()
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    translated = InformalNameTranslated(name_id="register:g1", entity="register", entity_id="g1",
        member_state="DE", lang="fr", text="Registre du commerce", original="Handelsregister")  # fmt: skip
    await deliver(ctx.uow, translated, translations.on_name_translated)
    assert index_row(ctx)["translations"] == {"fr": "Registre du commerce"}
    kept = await edit_register(ctx, "g1", replace(DETAILS, registration_mandatory=True), LDA_A)
    assert kept.event_types == [] and index_row(ctx)["translations"] == {
        "fr": "Registre du commerce"
    }
    renamed = await edit_register(ctx, "g1", replace(DETAILS, informal_name="Unternehmen"), LDA_A)
    assert renamed.event_types == ["register.informal_name_changed"]
    [changed] = ctx.uow.published("register.informal_name_changed")
    assert (changed.payload["informal_name"], changed.payload["informal_name_language"]) == (
        "Unternehmen",
        "de",
    )
    assert index_row(ctx)["translations"] == {}  # TRL-016: they start again
    await deliver(ctx.uow, translated, translations.on_name_translated)  # of the old name
    assert index_row(ctx)["translations"] == {}


async def test_reg_003_edit_refusals_not_an_admin_wrong_authority_absent():
    ctx = context()
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    with pytest.raises(Forbidden) as not_admin:  # rights before state: absent or not
        await edit_register(ctx, "nope", DETAILS, Actor("u", "ca-a", "DE"))
    with pytest.raises(Forbidden) as wrong_authority:
        await edit_register(ctx, "g1", DETAILS, LDA_B)
    with pytest.raises(NotFound) as absent:
        await edit_register(ctx, "nope", DETAILS, LDA_A)
    assert (not_admin.value.rule_id, wrong_authority.value.rule_id) == ("REG-003", "REG-003")
    assert absent.value.rule_id == "REG-019"


async def test_reg_004_reg_015_delete_removes_register_and_index_and_emits_register_deleted():
    ctx = context()
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    with pytest.raises(Forbidden) as refused:
        await delete_register(ctx, "g1", LDA_B)
    assert refused.value.rule_id == "REG-004"
    result = await delete_register(ctx, "g1", LDA_A)
    assert result.event_types == ["register.deleted"]
    [gone] = ctx.uow.published("register.deleted")
    assert (gone.payload["managing_authority_id"], gone.payload["official_name"]) == (
        "ca-a",
        "Handelsregister",
    )
    assert "g1" not in ctx.uow.collections["registers"] and index_row(ctx) is None


async def test_reg_016_reg_025_transfer_to_an_active_authority_of_the_state_only():
    ctx = context()
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    with pytest.raises(InvalidInput) as unknown:
        await transfer_management(ctx, "g1", "ca-b", LDA_A)
    await authority(ctx, "ca-b", status="registration_requested", name="Kammer B")
    with pytest.raises(InvalidInput) as inactive:
        await transfer_management(ctx, "g1", "ca-b", LDA_A)
    active = AuthorityStatusChanged(authority_id="ca-b", member_state="DE", new_status="active")
    await deliver(ctx.uow, active, directory.on_status_changed)
    moved = await transfer_management(ctx, "g1", "ca-b", LDA_A, expected_version=1)
    assert (moved.version, moved.event_types) == (2, ["register.managing_authority_changed"])
    assert (unknown.value.rule_id, inactive.value.rule_id) == ("REG-025", "REG-025")
    assert index_row(ctx)["managing_authority_name"] == "Kammer B"
    with pytest.raises(Conflict):  # stale version
        await transfer_management(ctx, "g1", "ca-c", LDA_B, expected_version=1)
    with pytest.raises(Forbidden) as after:  # editing after the transfer (REG-022)
        await edit_register(ctx, "g1", DETAILS, LDA_A)
    assert after.value.rule_id == "REG-003"


async def test_reg_014_an_edit_may_hand_the_management_over_in_the_same_transaction():
    ctx = context()
    await authority(ctx, "ca-b")
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    with pytest.raises(InvalidInput):  # all or nothing: the edit is not kept either
        await edit_register(ctx, "g1", replace(DETAILS, online=False), LDA_A,
                            managing_authority_id="ca-x")  # fmt: skip
    result = await edit_register(
        ctx, "g1", replace(DETAILS, informal_name="HR"), LDA_A, managing_authority_id="ca-b"
    )
    assert result.event_types == [
        "register.informal_name_changed",
        "register.managing_authority_changed",
    ]
    assert ctx.uow.collections["registers"]["g1"]["managing_authority_id"] == "ca-b"


async def test_reg_026_the_read_model_follows_who_manages_the_register():
    ctx = context()
    await authority(ctx, "ca-b")
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g2")
    await transfer_management(ctx, "g1", "ca-b", LDA_A)
    await delete_register(ctx, "g2", LDA_A)
    reader = FakeUnitOfWork()
    classes = {cls.event_type: cls for cls in PUBLISHED}
    for envelope in ctx.uow.published():
        event = classes[envelope.event_type].model_validate(envelope.payload)
        handler = managed.HANDLERS[envelope.event_type]
        await reader.run(lambda tx, h=handler, ev=event, en=envelope: h(ev, en, tx))

    async def of(authority_id):
        return (
            await reader.run(lambda tx: ManagedRegisters.of(tx).of_authority(authority_id))
        ).value

    assert await of("ca-a") == []
    assert await of("ca-b") == [{"register_id": "g1", "member_state": "DE"}]


async def test_x_054_the_authorities_read_model_follows_the_directory():
    ctx = context()
    await authority(ctx, "ca-b", status="active", name="Kammer")
    gone = AuthorityStatusChanged(authority_id="ca-b", member_state="DE", new_status="inactive")
    await deliver(ctx.uow, gone, directory.on_status_changed)
    found = (await ctx.uow.run(lambda tx: Authorities.of(tx).get("ca-b"))).value
    assert (found.status, found.member_state) == ("inactive", "DE")


def postings_rows(ctx):
    return sorted(ctx.uow.collections.get("register_postings", {}).values(), key=lambda d: d["_id"])


async def test_reg_017_the_postings_written_by_the_commands_equal_a_build_of_the_index():
    ctx = context()
    await authority(ctx, "ca-b", name="Kammer B")
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    await add_register(ctx, replace(DETAILS, informal_name="Zweites"), LDA_A, new_id=lambda: "g2")
    await edit_register(ctx, "g1", replace(DETAILS, informal_name="Firmen", online=False), LDA_A)
    await transfer_management(ctx, "g2", "ca-b", LDA_A)
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g3")
    await delete_register(ctx, "g3", LDA_A)
    rows = ctx.uow.collections["register_index"].values()
    built = {d["_id"]: {k: v for k, v in d.items() if k != "version"} for d in build(rows)}
    written = {d["_id"]: {k: v for k, v in d.items() if k != "version"} for d in postings_rows(ctx)}
    assert written == built and "DE|managing_authority_id:ca-b#" in "".join(written)
    assert not any("g3" in e for d in written.values() for e in d["entries"])


async def test_reg_018_a_directory_rename_of_the_managing_authority_reaches_the_index():
    ctx = context()
    await authority(ctx, "ca-a", name="Amtsgericht Alt")
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    await add_register(ctx, DETAILS, LDA_B, new_id=lambda: "g2")  # another authority's
    renamed = AuthorityDataChanged(
        authority_id="ca-a", member_state="DE", changes={"official_name": "Registergericht Neu"}
    )
    await deliver(ctx.uow, renamed, directory.on_data_changed)
    row = index_row(ctx)
    assert row["managing_authority_name"] == "Registergericht Neu"
    assert "*:N000" in row["authority_keys"] and "*:A430" not in row["authority_keys"]  # Neu, Alt
    keys = {d["key"] for d in postings_rows(ctx) if any(e.endswith("g1") for e in d["entries"])}
    assert "DE|authority_keys:*:N000" in keys and "DE|authority_keys:*:A430" not in keys
    assert index_row(ctx, "g2")["managing_authority_name"] == ""  # not renamed
    other = AuthorityDataChanged(authority_id="ca-a", member_state="DE", changes={"email": "x"})
    await deliver(ctx.uow, other, directory.on_data_changed)  # no name: nothing changes
    assert index_row(ctx)["version"] == row["version"]


async def test_reg_009_trl_009_the_informal_name_is_queued_and_done_once_in_every_language():
    ctx = context()
    await add_register(ctx, DETAILS, LDA_A, new_id=lambda: "g1")
    [queued] = ctx.uow.published("register.added")  # the translation service's queue
    assert (queued.payload["informal_name"], queued.payload["informal_name_language"]) == (
        "Handelsregister",
        "de",
    )
    assert index_row(ctx)["translation_status"] == "pending"
    others = [lang for lang in EU_LANGUAGES if lang != "de"]
    for lang in others:
        event = InformalNameTranslated(name_id="register:g1", entity="register", entity_id="g1",
            member_state="DE", lang=lang, text=f"Handelsregister ({lang})",
            original="Handelsregister")  # fmt: skip
        await deliver(ctx.uow, event, translations.on_name_translated)
        if lang == others[-2]:
            assert index_row(ctx)["translation_status"] == "pending"  # one language missing
    row = index_row(ctx)
    assert row["translation_status"] == "done" and len(row["translations"]) == len(others) == 23
    keys = {d["key"] for d in postings_rows(ctx)}
    assert "DE|translation_status:done" in keys and "DE|translation_status:pending" not in keys


async def test_reg_011_reg_020_every_field_of_the_four_steps_is_kept_with_who_and_when():
    ctx = context()
    full = replace(
        DETAILS, info_languages=("de", "en"), details_text=Text("Beim Amtsgericht", "de"),
        online=True, links=(Link("https://handelsregister.example/", "de"),),
        access_restrictions=Text("Frei", "de"), payment_conditions=Text("Gebühren", "de"),
        info_type_codes=("info.identification", "info.legal_form"),
        info_use=Text("Auskünfte", "de"), verification_and_update=Text("Täglich", "de"),
        registration_mandatory=True, owner=Owner("Amtsgericht", "ca-court"),
    )  # fmt: skip
    await add_register(ctx, full, LDA_A, new_id=lambda: "g1")
    stored = (await ctx.uow.run(lambda tx: RegisterRepository(tx).get("g1"))).value
    assert stored.details == full  # step 1 .. step 4, as entered
    assert (stored.register_id, stored.member_state, stored.managing_authority_id) == (
        "g1",
        "DE",
        "ca-a",
    )
    assert (stored.created_by, stored.updated_at) == ("u-a", ctx.clock())
