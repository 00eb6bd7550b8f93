"""InvitationRepository on the kernel's VersionedRepository, against the real (local MongoDB
protocol) server: the stored shape (DIR-142), the optimistic version check, the batch markers
carried from load to save (DIR-068 clears them), and the queries and writes beyond the
`Documents` port (bulk insert/replace, the day lock of DIR-053, the listing of DIR-056)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from imi_directory.adapters import invitation_documents
from imi_directory.adapters.invitation_repository import InvitationRepository, StaleInvitation
from imi_directory.domain.enums import InvitationStatus
from imi_directory.domain.invitation import Invitation
from imi_shared.errors import NotFound

T0 = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
SENT = InvitationStatus.SENT_AWAITING_REGISTRATION


def invitation(invitation_id: str, **fields) -> Invitation:
    data = {
        "id": invitation_id,
        "coordinator_id": "dimic-fr",
        "member_state": "FR",
        "authority_name": f"Mairie {invitation_id}",
        "email": f"{invitation_id}@Mairie.example",
        "status": InvitationStatus.DRAFT,
        "created_at": T0,
        "status_changed_at": T0,
        **fields,
    }
    return Invitation.model_validate(data)


def sent(invitation_id: str, at: datetime = T0) -> Invitation:
    return invitation(
        invitation_id,
        status=SENT,
        registration_code=f"code-{invitation_id}",
        submitted_at=at,
        dispatch_at=at,
        sent_at=at,
        code_expires_at=at + timedelta(days=30),
    )


@pytest.fixture
async def run(uow):
    await invitation_documents.ensure_indexes(uow.db)

    async def run(work):
        return (await uow.run(lambda tx: work(InvitationRepository(tx)))).value

    return run


async def bump(repo: InvitationRepository, invitation_id: str) -> None:
    """Another writer saved the invitation since this repository loaded it (written in the
    same transaction: a concurrent one would conflict on the server before the version check)."""
    port = repo.documents
    await port.collection.update_one(
        {"_id": invitation_id}, {"$inc": {"version": 1}}, session=port.session
    )


async def stored(uow, invitation_id: str) -> dict:
    return await uow.db[invitation_documents.COLLECTION].find_one({"_id": invitation_id})


async def test_dir_142_the_stored_document_is_the_aggregate_plus_the_maintained_fields(uow, run):
    draft = invitation("i1")
    assert await run(lambda repo: repo.add(draft)) == 1
    document = await stored(uow, "i1")
    fields = set(Invitation.model_fields) - {"id"}
    assert set(document) == fields | set(invitation_documents.MAINTAINED)
    assert (document["version"], document["email_key"]) == (1, "i1@mairie.example")
    assert document["status"] == "draft" and type(document["status"]) is str
    assert all(document[m] is None for m in invitation_documents.MARKERS)
    loaded = await run(lambda repo: repo.get("i1"))
    assert loaded == draft


async def test_dir_142_a_save_from_a_stale_load_is_refused_and_changes_nothing(uow, run):
    await run(lambda repo: repo.add(invitation("i1")))

    async def rename(repo, name, *, meanwhile=False):
        loaded = await repo.get("i1")
        if meanwhile:
            await bump(repo, "i1")
        loaded.authority_name = name
        return await repo.save(loaded)

    assert await run(lambda repo: rename(repo, "Mairie de Lyon")) == 2
    with pytest.raises(StaleInvitation) as stale:
        await run(lambda repo: rename(repo, "Mairie de Nice", meanwhile=True))
    assert (stale.value.rule_id, stale.value.http_status) == ("DIR-142", 409)
    document = await stored(uow, "i1")
    assert (document["authority_name"], document["version"]) == ("Mairie de Lyon", 2)


async def test_dir_142_a_client_version_that_is_no_longer_current_is_refused(run):
    await run(lambda repo: repo.add(invitation("i1")))
    assert (await run(lambda repo: repo.get("i1", expected_version=1))).id == "i1"
    with pytest.raises(StaleInvitation):
        await run(lambda repo: repo.get("i1", expected_version=2))
    with pytest.raises(NotFound) as missing:
        await run(lambda repo: repo.get("nope"))
    assert missing.value.rule_id == "DIR-142"


async def test_dir_066_batch_markers_survive_a_save_and_are_set_once(uow, run):
    await run(lambda repo: repo.add(sent("i1")))
    at = T0 + timedelta(days=25)
    assert await run(lambda repo: repo.mark_notified("i1", "reminder_notified_at", at)) is True
    assert await run(lambda repo: repo.mark_notified("i1", "reminder_notified_at", at)) is False
    assert (await stored(uow, "i1"))["version"] == 1  # not the aggregate's state

    async def touch(repo):
        loaded = await repo.get("i1")
        loaded.personal_message = "bienvenue"
        return await repo.save(loaded, dispatch_notified_at=T0)

    assert await run(touch) == 2
    document = await stored(uow, "i1")
    assert (document["reminder_notified_at"], document["dispatch_notified_at"]) == (at, T0)
    with pytest.raises(ValueError):
        await run(lambda repo: repo.mark_notified("i1", "sent_at", at))


async def test_dir_068_a_status_before_sending_clears_the_batch_markers(uow, run):
    await run(lambda repo: repo.add(sent("i1")))
    await run(lambda repo: repo.mark_notified("i1", "dispatch_notified_at", T0))

    async def resubmit(repo):
        loaded = await repo.get("i1")
        loaded.status = InvitationStatus.SUBMITTED
        await repo.save(loaded)

    await run(resubmit)
    document = await stored(uow, "i1")
    assert document["dispatch_notified_at"] is None and document["version"] == 2


async def test_dir_049_bulk_insert_and_versioned_bulk_replace_are_all_or_nothing(uow, run):
    await run(lambda repo: repo.add_many([invitation("i1"), invitation("i2")]))
    assert [d["version"] for d in await uow.db["invitations"].find().sort("_id").to_list()] == [
        1,
        1,
    ]

    async def rename_both(repo, *, meanwhile=False):
        both = await repo.get_many(["i2", "i1"])
        assert [i.id for i in both] == ["i2", "i1"]  # in the order asked
        if meanwhile:
            await bump(repo, "i2")
        for one in both:
            one.authority_name = f"renamed {one.id}"
        await repo.save_many(both)
        return [repo.version_of(i) for i in ("i1", "i2")]

    assert await run(rename_both) == [2, 2]
    with pytest.raises(StaleInvitation):
        await run(lambda repo: rename_both(repo, meanwhile=True))
    assert (await stored(uow, "i1"))["version"] == 2  # the transaction wrote neither
    with pytest.raises(NotFound):
        await run(lambda repo: repo.get_many(["i1", "i9"]))


async def test_dir_056_listed_keeps_what_is_still_listed_oldest_first(run):
    withdrawn_at = T0 - timedelta(days=200)
    old = invitation(
        "i-old",
        status=InvitationStatus.WITHDRAWN,
        created_at=withdrawn_at,
        status_changed_at=withdrawn_at,
    )
    recent = invitation("i-new", status=InvitationStatus.WITHDRAWN, created_at=T0)
    draft = invitation("i-draft", created_at=T0 - timedelta(days=1))
    other = invitation("i-other", coordinator_id="limic-fr")
    await run(lambda repo: repo.add_many([old, recent, draft, other]))
    listed = await run(lambda repo: repo.listed("dimic-fr", T0 + timedelta(days=1)))
    assert [i.id for i in listed] == ["i-draft", "i-new"]
    only = await run(lambda repo: repo.listed("dimic-fr", T0, ["withdrawn"]))
    assert [i.id for i in only] == ["i-new"]


async def test_dir_051_open_email_keys_and_registration_code_lookups(run):
    await run(lambda repo: repo.add_many([sent("i1"), invitation("i2", email="i1@mairie.EXAMPLE")]))
    keys = ["i1@mairie.example", "x@y.example"]
    assert await run(lambda repo: repo.open_email_keys(keys)) == {"i1@mairie.example"}
    assert await run(lambda repo: repo.open_email_keys(keys, except_ids=["i1"])) == set()
    assert (await run(lambda repo: repo.by_code("code-i1"))).id == "i1"
    assert await run(lambda repo: repo.by_code("code-unknown")) is None


async def test_dir_055_due_ids_of_the_night_batch(run):
    submitted = invitation("i-sub", status=InvitationStatus.SUBMITTED, dispatch_at=T0)
    reminded = sent("i-remind", at=T0 - timedelta(days=26))
    expired = sent("i-expired", at=T0 - timedelta(days=31))
    await run(lambda repo: repo.add_many([submitted, reminded, expired]))
    await run(lambda repo: repo.mark_notified("i-remind", "dispatch_notified_at", T0))
    await run(lambda repo: repo.mark_notified("i-expired", "dispatch_notified_at", T0))
    due = await run(lambda repo: repo.due_ids(T0))
    assert due == {
        "dispatch": ["i-sub"],
        "announce": [],
        "remind": ["i-remind"],
        "expire": ["i-expired"],
    }


async def test_dir_053_the_day_lock_counts_a_coordinators_submissions(uow, run):
    day = date(2025, 3, 4)
    await run(lambda repo: repo.lock_submission_day("dimic-fr", day))
    await run(lambda repo: repo.lock_submission_day("dimic-fr", day))
    lock = await uow.db[invitation_documents.SUBMISSION_DAYS].find_one(
        {"_id": "dimic-fr:2025-03-04"}
    )
    assert lock["submissions"] == 2
    assert lock["expires_at"] == datetime(2025, 3, 6, tzinfo=UTC)
