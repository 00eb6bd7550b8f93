"""The notifications API's reads (NOT-006): a user's own notifications, unread / read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from mail_support import queue

from imi_notifier.domain.notification import Recipient, for_user
from imi_notifier.handlers import reading
from imi_shared.auth import Principal
from imi_shared.errors import NotFound

ME = Principal(user_id="u1", username="mcurie", authority_id="FR-A", member_state="FR")
OTHER = ME.model_copy(update={"user_id": "u2"})


async def test_not_006_a_user_lists_unread_then_read_and_sees_what_needs_action(ctx, clock):
    me = Recipient("u1", "FR-A", "FR", "fr")
    incoming = for_user("e1", "N_REQ_NEW_INCOMING", me, clock(), case_ref="R-1")
    clock.advance(timedelta(minutes=1))
    closed = for_user("e2", "N_ALR_CLOSED", me, clock(), case_ref="A-1")
    other = for_user("e3", "N_ALR_CLOSED", Recipient("u2", "FR-A", "FR", "fr"), clock())
    await queue(ctx, [incoming, closed, other])
    unread = await reading.list_mine(ctx, ME, "unread")
    # (newest first on MongoDB: tests/app; the in-memory fake does not order datetimes)
    assert {(n.case_ref, n.action_required) for n in unread} == {("A-1", False), ("R-1", True)}
    read = await reading.mark_read(ctx, ME, incoming.notification_id)
    assert (read.status, read.read_at) == ("read", clock())
    again = await reading.mark_read(ctx, ME, incoming.notification_id)  # idempotent
    assert again.read_at == clock()
    assert [n.case_ref for n in await reading.list_mine(ctx, ME, "unread")] == ["A-1"]
    assert [n.case_ref for n in await reading.list_mine(ctx, ME, "read")] == ["R-1"]
    assert len(await reading.list_mine(ctx, ME, "all")) == 2


async def test_x_010_only_the_recipient_marks_a_notification_read(ctx, clock):
    n = for_user("e4", "N_REQ_ANSWERED", Recipient("u1", "FR-A", "FR", "fr"), clock())
    await queue(ctx, [n])
    for who, nid in ((OTHER, n.notification_id), (ME, "n-absent")):
        with pytest.raises(NotFound):
            await reading.mark_read(ctx, who, nid)
    assert await reading.list_mine(ctx, OTHER, "all") == []
