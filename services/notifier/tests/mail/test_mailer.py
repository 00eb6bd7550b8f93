"""The SMTP sender on the kernel's fakes and a real local aiosmtpd sink (NOT-001 delivery)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import pytest
from mail_support import SEALER, add_authority, add_user, assert_clean, queue, row

from imi_notifier.domain.notification import Recipient, for_user, new_notification, welcome
from imi_notifier.handlers import mail_admin
from imi_notifier.handlers.mailer import run_mail_batch
from imi_shared.auth import Principal
from imi_shared.errors import Conflict, Forbidden, NotFound
from imi_shared.sealing import SealedValue

FR = Recipient("u1", "FR-A", "FR", "fr")


async def test_not_036_not_001_a_welcome_reaches_the_user_in_french_without_pd(ctx, sink, clock):
    await add_user(ctx)
    n = welcome("ev-1", FR, clock())
    await queue(ctx, [n])
    report = await run_mail_batch(ctx, clock())
    (mail,) = sink.caught()
    assert (report.sent, mail.to, mail.language) == (1, ["marie@example.org"], "fr")
    assert mail.subject == "Bienvenue dans IMI"
    assert mail.message_id == f"<{n.notification_id}@imi.notifier>"
    assert "<html" in mail.html and "https://imi.local/login" in mail.text
    assert_clean(mail, "marie@example.org")
    assert row(ctx, n.notification_id)["status"] == "sent"
    assert (await run_mail_batch(ctx, clock())).sent == 0  # NOT-001: never sent twice
    assert len(sink.caught()) == 1


async def test_not_007_not_001_a_request_mail_holds_only_action_reference_and_link(
    ctx, sink, clock
):
    await add_user(ctx, "u2", "h@example.org", "en")
    n = for_user(
        "ev-2",
        "N_REQ_NEW_INCOMING",
        Recipient("u2", "FR-A", "FR", "en"),
        clock(),
        case_type="request",
        case_ref="FR-2026-0042",
        link="/requests/r-42",
    )
    await queue(ctx, [n])
    await run_mail_batch(ctx, clock())
    (mail,) = sink.caught()
    assert mail.subject == "IMI request FR-2026-0042: new incoming request"
    assert "Action expected" in mail.text and "https://imi.local/requests/r-42" in mail.text
    assert '<a href="https://imi.local/requests/r-42">' in mail.html
    assert_clean(mail)


async def test_not_001_a_language_without_the_template_falls_back_to_english_visibly(
    ctx, sink, clock
):
    await add_user(ctx, "u3", "k@example.org", "de")
    await queue(
        ctx,
        [
            for_user(
                "ev-3",
                "N_ALR_CLOSED",
                Recipient("u3", "DE-A", "DE", "de"),
                clock(),
                case_type="alert",
                case_ref="A-7",
                link="/alerts/a7",
            )
        ],
    )
    await run_mail_batch(ctx, clock())
    (mail,) = sink.caught()
    assert (mail.language, mail.subject) == ("en", "IMI alert A-7: alert closed")
    assert "not available in your language (de)" in mail.text


async def test_not_002_an_authority_copy_goes_to_its_registered_address(ctx, sink, clock):
    await add_authority(ctx)
    n = new_notification(
        "ev-4",
        "N_REQ_ANSWERED",
        recipient_kind="authority",
        recipient_id="FR-A",
        authority_id="FR-A",
        member_state="FR",
        language="fr",
        now=clock(),
        case_type="request",
        case_ref="R-1",
        link="/requests/r1",
    )
    await queue(ctx, [n])
    await run_mail_batch(ctx, clock())
    (mail,) = sink.caught()
    assert (mail.to, mail.language) == (["contact@fr-a.example.org"], "fr")
    assert mail.subject.startswith("Demande IMI R-1")


async def test_not_037_the_temporary_password_is_unsealed_only_for_the_users_own_address(
    ctx, sink, clock
):
    await add_user(ctx)
    await add_authority(ctx)
    secret = await SEALER.seal("user:u1", "Tmp-9f3kQ!")
    mine = for_user(
        "ev-5", "N_DIR_TEMP_PASSWORD", FR, clock(), secret=secret, params={"first_user": "true"}
    )
    stray = new_notification(
        "ev-5",
        "N_DIR_TEMP_PASSWORD",
        recipient_kind="authority",
        recipient_id="FR-A",
        authority_id="FR-A",
        member_state="FR",
        language="fr",
        now=clock(),
        secret=secret,
    )
    await queue(ctx, [mine, stray])
    report = await run_mail_batch(ctx, clock())
    (mail,) = sink.caught()
    assert (report.sent, report.undeliverable, mail.to) == (1, 1, ["marie@example.org"])
    assert "Tmp-9f3kQ!" in mail.text and "premier utilisateur" in mail.text
    assert row(ctx, stray.notification_id)["status"] == "undeliverable"
    helpdesk = _person("hd", "EU-HD", "EU")
    listed = await mail_admin.dead_mails(ctx, helpdesk, "undeliverable")
    assert [r["_id"] for r in listed] == [stray.notification_id]
    assert "Tmp-9f3kQ!" not in str(ctx.uow.collections)  # stored sealed only


async def test_not_001_a_refusing_server_delays_the_mail_with_back_off_and_loses_none(
    ctx, sink, clock
):
    await add_user(ctx)
    n = welcome("ev-6", FR, clock())
    await queue(ctx, [n])
    sink.refuse = True
    assert (await run_mail_batch(ctx, clock())).failed == 1
    first = row(ctx, n.notification_id)
    assert (first["status"], first["attempts"]) == ("pending", 1)
    assert first["next_attempt_at"] == clock() + timedelta(seconds=30)
    clock.advance(timedelta(seconds=29))
    assert (await run_mail_batch(ctx, clock())).failed == 0  # not due yet
    clock.advance(timedelta(seconds=1))
    await run_mail_batch(ctx, clock())
    assert row(ctx, n.notification_id)["next_attempt_at"] == clock() + timedelta(seconds=60)
    sink.refuse = False
    clock.advance(timedelta(seconds=60))
    assert (await run_mail_batch(ctx, clock())).sent == 1
    assert len(sink.caught()) == 1 and row(ctx, n.notification_id)["status"] == "sent"


async def test_not_001_a_server_that_times_out_delays_the_mail(ctx, sink, clock):
    async def silent(reader, writer):  # accepts the connection, never greets
        with contextlib.suppress(Exception):
            await reader.read()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    real_port = ctx.settings.smtp_port
    ctx.settings.smtp_port = server.sockets[0].getsockname()[1]
    ctx.settings.smtp_timeout_seconds = 0.3
    try:
        await add_user(ctx)
        n = welcome("ev-7", FR, clock())
        await queue(ctx, [n])
        assert (await run_mail_batch(ctx, clock())).failed == 1
        assert row(ctx, n.notification_id)["last_error"].startswith("SMTP")
    finally:
        server.close()
        ctx.settings.smtp_port = real_port
    clock.advance(timedelta(minutes=1))
    assert (await run_mail_batch(ctx, clock())).sent == 1
    assert [m.to for m in sink.caught()] == [["marie@example.org"]]


def _person(user_id: str, authority_id: str, ms: str) -> Principal:
    return Principal(user_id=user_id, username=user_id, authority_id=authority_id, member_state=ms)


async def test_not_001_a_mail_is_dead_after_n_failures_and_an_operator_requeues_it(
    ctx, sink, clock
):
    await add_user(ctx)
    n = welcome("ev-8", FR, clock())
    await queue(ctx, [n])
    sink.refuse = True
    for _ in range(ctx.settings.mail_max_attempts):
        await run_mail_batch(ctx, clock())
        clock.advance(timedelta(hours=2))
    assert row(ctx, n.notification_id)["status"] == "dead"
    assert (await run_mail_batch(ctx, clock())).failed == 0  # dead: not tried any more
    helpdesk = _person("hd", "EU-HD", "EU")
    with pytest.raises(Forbidden):
        await mail_admin.dead_mails(ctx, _person("u1", "FR-A", "FR"))
    assert [r["_id"] for r in await mail_admin.dead_mails(ctx, helpdesk)] == [n.notification_id]
    with pytest.raises(NotFound):
        await mail_admin.requeue(ctx, helpdesk, "n-absent")
    sink.refuse = False
    await mail_admin.requeue(ctx, helpdesk, n.notification_id)
    with pytest.raises(Conflict):  # pending again: nothing to requeue
        await mail_admin.requeue(ctx, helpdesk, n.notification_id)
    assert (await run_mail_batch(ctx, clock())).sent == 1
    assert len(sink.caught()) == 1


async def test_ret_004_not_001_a_shredded_secret_makes_one_mail_undeliverable_not_the_queue(
    ctx, sink, clock
):
    await add_user(ctx)
    gone = await SEALER.seal("shredded", "Tmp-gone")  # the key store refuses this key now
    lost = for_user("ev-9", "N_DIR_TEMP_PASSWORD", FR, clock(), secret=gone)
    sealed = (await SEALER.seal("user:u1", "Tmp-ok")).model_dump()
    tampered = SealedValue.model_validate({**sealed, "ciphertext": "AAAA" + sealed["ciphertext"]})
    bad = for_user("ev-9", "N_DIR_PASSWORD_RESET", FR, clock(), secret=tampered)
    fine = welcome("ev-9", FR, clock())
    await queue(ctx, [lost, bad, fine])
    report = await run_mail_batch(ctx, clock())
    assert (report.sent, report.undeliverable, report.failed) == (1, 1, 1)
    assert [m.template for m in sink.caught()] == ["N_DIR_USER_WELCOME"]
    assert row(ctx, lost.notification_id)["status"] == "undeliverable"
    assert row(ctx, bad.notification_id)["status"] == "pending"  # backs off, then dead
