"""The principal-status rules on fakes (X-054, DIR-090, DIR-094, DIR-118): how directory events
change the status documents, and what those make of a verified token's principal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from imi_shared.auth import (
    CurrentPrincipal,
    Principal,
    PrincipalRefused,
    TokenIssuer,
    TokenVerifier,
    VerifiedToken,
    load_private_key,
    load_public_key,
)
from imi_shared.errors import install_rule_errors
from imi_shared.principal_status import PrincipalStatusCheck, judge
from imi_shared.principal_status.check import COLLECTION, apply, handlers
from imi_shared.principal_status.events import (
    AccessChanged,
    AuthorityDeleted,
    UserCredentialsReset,
    UserLockedOut,
    UserRemoved,
)
from imi_testkit import FakeTransaction

T0 = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
ALICE = Principal(
    user_id="u-1",
    username="alice",
    authority_id="a-1",
    member_state="FR",
    authority_roles={"services": ("competent_authority",), "gpsd": ("competent_authority",)},
    user_rights={
        "services/alerts": ("alert_handler",),
        "services/requests": ("request_handler",),
        "gpsd/alerts": ("alert_viewer",),
    },
    data_admin_las=("services", "gpsd"),
)
WHO = {"user_id": "u-1", "authority_id": "a-1"}


async def _status(*events):
    tx = FakeTransaction(collections={})
    for event in events:
        await apply(event, tx.documents(COLLECTION))
    docs = tx.collections[COLLECTION]
    return docs.get("user:u-1"), docs.get("authority:a-1"), tx


async def test_dir_094_lock_out_refuses_tokens_issued_before_it_not_after_a_new_login():
    user, authority, _ = await _status(UserLockedOut(**WHO, locked_at=T0))
    with pytest.raises(PrincipalRefused, match="DIR-094"):
        judge(ALICE, T0 - timedelta(minutes=5), user, authority)
    with pytest.raises(PrincipalRefused, match="DIR-094"):
        judge(ALICE, T0, user, authority)  # the same second: refused (iat is in seconds)
    assert judge(ALICE, T0 + timedelta(minutes=3), user, authority) == ALICE


async def test_dir_095_a_reset_after_the_lock_out_moves_the_line_and_a_late_lock_event_does_not():
    reset = UserCredentialsReset(**WHO, reset_at=T0 + timedelta(minutes=10))
    late = UserLockedOut(**WHO, locked_at=T0)  # delivered after the reset
    user, authority, _ = await _status(reset, late)
    assert user["refuse_before"] == T0 + timedelta(minutes=10)
    with pytest.raises(PrincipalRefused):
        judge(ALICE, T0 + timedelta(minutes=5), user, authority)
    assert judge(ALICE, T0 + timedelta(minutes=11), user, authority) == ALICE


async def test_dir_090_removal_refuses_every_token_even_later_ones():
    user, authority, _ = await _status(UserRemoved(**WHO, removed_at=T0))
    for issued in (T0 - timedelta(hours=1), T0 + timedelta(hours=1)):
        with pytest.raises(PrincipalRefused, match="DIR-090"):
            judge(ALICE, issued, user, authority)


async def test_x_054_a_redelivered_event_leaves_the_same_document():
    removed = UserRemoved(**WHO, removed_at=T0)
    once, _, _ = await _status(removed)
    twice, _, _ = await _status(removed, UserRemoved(**WHO, removed_at=T0 + timedelta(days=1)))
    assert {k: v for k, v in once.items() if k != "version"} == {
        k: v for k, v in twice.items() if k != "version"
    }


async def test_dir_118_119_removed_access_withdraws_its_rights_suspended_keeps_them():
    removed_la = AccessChanged(
        authority_id="a-1", la_code="gpsd", workflow=None, new_status="removed", changed_at=T0
    )
    removed_wf = AccessChanged(
        authority_id="a-1",
        la_code="services",
        workflow="requests",
        new_status="removed",
        changed_at=T0,
    )
    suspended = AccessChanged(
        authority_id="a-1",
        la_code="services",
        workflow="alerts",
        new_status="suspended",
        changed_at=T0,
    )
    user, authority, _ = await _status(removed_la, removed_wf, suspended)
    now = judge(ALICE, T0 + timedelta(minutes=1), user, authority)
    assert now.user_rights == {"services/alerts": ("alert_handler",)}  # DIR-126: ongoing cases
    assert now.authority_roles == {"services": ("competent_authority",)}
    assert now.data_admin_las == ("services",)


async def test_dir_115_an_older_access_change_does_not_undo_a_newer_one():
    reactivated = AccessChanged(
        authority_id="a-1",
        la_code="gpsd",
        workflow=None,
        new_status="active",
        changed_at=T0 + timedelta(hours=1),
    )
    removed = AccessChanged(
        authority_id="a-1", la_code="gpsd", workflow=None, new_status="removed", changed_at=T0
    )
    user, authority, _ = await _status(reactivated, removed)
    assert judge(ALICE, T0, user, authority) == ALICE


async def test_dir_106_a_deleted_authority_refuses_its_users():
    user, authority, _ = await _status(AuthorityDeleted(authority_id="a-1", deleted_at=T0))
    with pytest.raises(PrincipalRefused, match="DIR-106"):
        judge(ALICE, T0 + timedelta(minutes=1), user, authority)


async def test_x_054_users_the_read_model_does_not_know_are_as_their_token_says():
    assert judge(ALICE, T0, None, None) == ALICE


async def test_x_016_current_principal_runs_the_check_and_answers_401_in_the_kernel_shape():
    tx = FakeTransaction(collections={})
    app = FastAPI()
    install_rule_errors(app)  # as create_service_app does
    app.state.token_verifier = TokenVerifier(load_public_key("", "local"), "imi-directory")
    app.state.principal_check = PrincipalStatusCheck(tx.documents(COLLECTION))

    @app.get("/me")
    async def me(principal: CurrentPrincipal) -> dict:
        return {"rights": sorted(principal.user_rights)}

    issuer = TokenIssuer(load_private_key("", "local"), "imi-directory")
    headers = {"Authorization": f"Bearer {issuer.issue(ALICE)}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://imi") as client:
        assert (await client.get("/me", headers=headers)).status_code == 200
        await apply(UserRemoved(**WHO, removed_at=datetime.now(UTC)), tx.documents(COLLECTION))
        refused = await client.get("/me", headers=headers)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert refused.json()["rule"] == "X-016"
    assert "DIR-090" in refused.json()["error"]


class _Seconds:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _token(issued_at: datetime) -> VerifiedToken:
    return VerifiedToken(ALICE, issued_at, issued_at + timedelta(minutes=5), "t-1")


async def test_x_054_dir_094_a_cached_status_refuses_a_lock_out_of_another_replica_within_its_ttl():
    """Issue 12: the check keeps what it read for `cache_seconds`; a lock-out applied by
    another replica's subscriber (straight into the documents here) refuses once it expires."""
    tx, seconds = FakeTransaction(collections={}), _Seconds()
    check = PrincipalStatusCheck(tx.documents(COLLECTION), cache_seconds=2.0, clock=seconds)
    token = _token(T0)
    assert await check(None, token) == ALICE  # read, and kept
    await apply(UserLockedOut(**WHO, locked_at=T0 + timedelta(seconds=1)), tx.documents(COLLECTION))
    seconds.now += 1.0
    assert await check(None, token) == ALICE  # within the TTL: the status as read
    seconds.now += 1.01
    with pytest.raises(PrincipalRefused, match="DIR-094"):
        await check(None, token)  # expired: read again, refused


async def test_x_054_dir_090_an_event_this_process_applies_refuses_at_once_despite_the_cache():
    """Issue 12: the subscriber's handler drops the user's cached status, and keeps it
    uncached for one period (its transaction may not be committed yet)."""
    tx, seconds = FakeTransaction(collections={}), _Seconds()
    check = PrincipalStatusCheck(tx.documents(COLLECTION), cache_seconds=2.0, clock=seconds)
    token = _token(T0)
    assert await check(None, token) == ALICE
    removed = UserRemoved(**WHO, removed_at=T0)
    await handlers(check)[UserRemoved.event_type](removed, None, tx)
    with pytest.raises(PrincipalRefused, match="DIR-090"):
        await check(None, token)  # no time has passed: not the cached status
    assert check._cached == {}  # read within the uncached period: not kept


async def test_x_054_dir_118_an_access_removed_in_this_process_withdraws_the_rights_at_once():
    tx, seconds = FakeTransaction(collections={}), _Seconds()
    check = PrincipalStatusCheck(tx.documents(COLLECTION), cache_seconds=2.0, clock=seconds)
    token = _token(T0)
    assert "services/requests" in (await check(None, token)).user_rights
    withdrawn = AccessChanged(
        authority_id="a-1",
        la_code="services",
        workflow="requests",
        new_status="removed",
        changed_at=T0,
    )
    await handlers(check)[AccessChanged.event_type](withdrawn, None, tx)
    assert "services/requests" not in (await check(None, token)).user_rights
    seconds.now += 2.5  # the uncached period over: cached again, and still withdrawn
    assert "services/requests" not in (await check(None, token)).user_rights
    assert len(check._cached) == 1
