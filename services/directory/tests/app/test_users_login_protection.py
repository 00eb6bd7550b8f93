"""Login protection over HTTP against real Kafka + MongoDB (issue 9 items 3, 4, 5; DIR-091,
DIR-093, DIR-094): the same answer and the same hashing for every failure, hashing off the
event loop, back-off (429 + Retry-After), challenges bound to the client that asked.

Clients are told apart by `X-Forwarded-For`, believed from the test transport's peer
(127.0.0.1) through the `client_address_header` / `trusted_proxies` settings."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

import pytest
from support import seed_nimic
from users_support import CODE, NEW_PASSWORD, details, login, onboard, users_app

from imi_directory.adapters.hashing import FAST_TEST_PARAMS, Argon2Passwords, Argon2SecurityCodes
from imi_directory.handlers.credential_kit import CredentialKit
from imi_testkit import FakeClock

PROXY = {"client_address_header": "X-Forwarded-For", "trusted_proxies": ["127.0.0.1/32"]}


class CountingPasswords(Argon2Passwords):
    def __init__(self) -> None:
        super().__init__(FAST_TEST_PARAMS)
        self.verified = 0

    def verify(self, secret: str, hashed: str) -> bool:
        self.verified += 1
        return super().verify(secret, hashed)


def counting_codes(seen: list[int]) -> type[Argon2SecurityCodes]:
    """A code hasher class recording how many positions each verification checks."""

    class CountingCodes(Argon2SecurityCodes):
        def verify(self, digest, answers) -> bool:
            seen.append(len(answers))
            return super().verify(digest, answers)

    return CountingCodes


def kit_with(clock: FakeClock, **fields) -> CredentialKit:
    base = CredentialKit.for_tests()
    return CredentialKit(
        passwords=fields.pop("passwords", base.passwords),
        code_params=FAST_TEST_PARAMS,
        positions_rng=base.positions_rng,
        wall_clock=clock,
        **fields,
    )


def now_clock() -> FakeClock:  # near real time: the TTL sweep of throttle counters is real time
    return FakeClock(datetime.now(UTC))


async def ask(client, username: str, ip: str = "10.0.0.1") -> dict:
    response = await client.post(
        "/auth/challenge", json={"username": username}, headers={"X-Forwarded-For": ip}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def answer(client, username: str, asked: dict, ip: str = "10.0.0.1", password=NEW_PASSWORD):
    return await client.post(
        "/auth/login",
        json={
            "username": username,
            "password": password,
            "code_chars": {str(p): CODE[p - 1] for p in asked["positions"]},
            "challenge_id": asked["challenge_id"],
        },
        headers={"X-Forwarded-For": ip},
    )


async def test_issue9_dir_091_same_answer_and_same_hashing_for_every_failure(
    infra, topics, db_name, clock
):
    passwords, seen = CountingPasswords(), []
    kit = kit_with(now_clock(), passwords=passwords, code_hashers=counting_codes(seen))
    more = {"login_user_free_attempts": 10}
    async with users_app(infra, topics, db_name, clock, settings=more, kit=kit) as (client, ctx, _):
        fr = await seed_nimic(ctx, "FR")
        lda = await onboard(client, ctx, fr.authority_id)
        locked = await onboard(client, ctx, fr.authority_id, lda.headers, details=details("P", "M"))
        removed = await onboard(
            client, ctx, fr.authority_id, lda.headers, details=details("A", "B")
        )
        assert (await client.delete(f"/users/{removed.user['id']}", headers=lda.headers)).is_success
        for _ in range(5):  # DIR-094
            assert (await login(client, locked.user["username"], "wrong-pass")).status_code == 401
        cases = {
            "unknown": ("fr_nobody", NEW_PASSWORD),
            "removed": (removed.user["username"], NEW_PASSWORD),
            "locked, right credentials": (locked.user["username"], NEW_PASSWORD),
            "wrong password": (lda.user["username"], "wrong-password"),
        }
        answers, work = {}, {}
        for case, (username, password) in cases.items():
            passwords.verified, seen[:] = 0, []
            response = await login(client, username, password)
            headers = {k: v for k, v in response.headers.items() if k != "date"}
            answers[case] = (response.status_code, response.json(), headers)
            work[case] = (passwords.verified, list(seen))
        first = answers["unknown"]
        assert first[0] == 401 and first[1]["rule"] == "DIR-091"
        assert all(a == first for a in answers.values()), answers
        assert all(w == (1, [3]) for w in work.values()), work  # 1 password, 3 code positions


class SlowPasswords(Argon2Passwords):
    """A password check that holds until the test lets it go."""

    def __init__(self) -> None:
        super().__init__(FAST_TEST_PARAMS)
        self.started, self.release, self.finished = (threading.Event() for _ in range(3))

    def verify(self, secret: str, hashed: str) -> bool:
        self.started.set()
        self.release.wait(timeout=5)
        try:
            return super().verify(secret, hashed)
        finally:
            self.finished.set()


async def test_issue9_event_loop_answers_while_a_password_hash_runs(infra, topics, db_name, clock):
    passwords = SlowPasswords()
    async with users_app(
        infra, topics, db_name, clock, kit=kit_with(now_clock(), passwords=passwords)
    ) as (client, _ctx, _):
        attempt = asyncio.create_task(login(client, "fr_nobody", "whatever-pass"))
        while not passwords.started.is_set():
            await asyncio.sleep(0.01)
        health = await client.get("/healthz")
        assert health.status_code == 200
        assert not passwords.finished.is_set()  # answered while the hash was still running
        passwords.release.set()
        assert (await attempt).status_code == 401


async def test_issue9_backoff_429_with_retry_after_on_the_injected_clock(
    infra, topics, db_name, clock
):
    wall = now_clock()
    async with users_app(infra, topics, db_name, clock, kit=kit_with(wall), settings=PROXY) as (
        client,
        ctx,
        _,
    ):
        for n in range(3):  # login_user_free_attempts = 3, from three clients
            refused = await answer(
                client, "fr_target", await ask(client, "fr_target", f"10.9.0.{n}"), f"10.9.0.{n}"
            )
            assert refused.status_code == 401
        throttled = await answer(
            client, "fr_target", await ask(client, "fr_target", "10.9.1.1"), "10.9.1.1"
        )
        assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "1"
        assert throttled.json()["rule"] == "DIR-094" and set(throttled.json()) == {"rule", "error"}
        wall.advance(timedelta(seconds=1))
        assert (
            await answer(client, "fr_target", await ask(client, "fr_target"))
        ).status_code == 401
        again = await answer(client, "fr_target", await ask(client, "fr_target"))
        assert again.status_code == 429 and again.headers["Retry-After"] == "2"  # doubled
        stored = await ctx.uow.db["login_throttle"].find().to_list(None)
        assert stored and "fr_target" not in str(stored) and "10.9" not in str(stored)
        for n in range(30):  # one client trying many usernames (login_client_free_attempts 20)
            last = await answer(
                client, f"fr_u{n}", await ask(client, f"fr_u{n}", "10.8.0.1"), "10.8.0.1"
            )
        assert last.status_code == 429


async def test_issue9_30_concurrent_bad_logins_mostly_get_429(infra, topics, db_name, clock):
    async with users_app(
        infra, topics, db_name, clock, kit=kit_with(now_clock()), settings=PROXY
    ) as (
        client,
        _ctx,
        _,
    ):
        challenges = [await ask(client, "fr_target", f"10.7.0.{n}") for n in range(30)]
        answers = await asyncio.gather(
            *(answer(client, "fr_target", c, f"10.7.0.{n}") for n, c in enumerate(challenges))
        )
        codes = sorted(a.status_code for a in answers)
        assert codes == [401] * 3 + [429] * 27, codes


async def test_issue9_dir_093_challenge_bound_to_its_client_superseded_not_counted(
    infra, topics, db_name, clock
):
    async with users_app(
        infra, topics, db_name, clock, kit=kit_with(now_clock()), settings=PROXY
    ) as (
        client,
        ctx,
        _,
    ):
        fr = await seed_nimic(ctx, "FR")
        username, user_id = (
            (lda := await onboard(client, ctx, fr.authority_id)).user["username"],
            lda.user["id"],
        )
        mine = await ask(client, username, "10.0.0.1")
        await ask(client, username, "10.6.6.6")  # someone else asks: mine still stands
        assert (await answer(client, username, mine, "10.0.0.1")).status_code == 200
        for _ in range(6):  # another tab superseded the challenge: refused, never counted
            stale = await ask(client, username, "10.0.0.1")
            await ask(client, username, "10.0.0.1")
            refused = await answer(client, username, stale, "10.0.0.1")
            assert refused.status_code == 401 and refused.json()["rule"] == "DIR-093"
        stolen = await ask(client, username, "10.0.0.1")
        elsewhere = await answer(client, username, stolen, "10.6.6.6")  # bound to its client
        assert elsewhere.status_code == 401 and elsewhere.json()["rule"] == "DIR-093"
        stored = await ctx.uow.db["users"].find_one({"_id": user_id})
        assert stored["status"] == "active" and stored["failed_attempts"] == 0
        assert stolen["challenge_id"] not in str(
            await ctx.uow.db["login_challenges"].find().to_list(None)
        )
        assert (await answer(client, username, await ask(client, username))).status_code == 200


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("127.0.0.1", "203.0.113.9, 127.0.0.1", "203.0.113.9"),  # through the trusted proxy
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not a proxy: the header is ignored
        ("127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_issue9_client_address_believes_only_trusted_proxies(peer, forwarded, expected):
    from starlette.requests import Request

    from imi_directory.entrypoints.http.client_address import client_address
    from imi_directory.settings import DirectorySettings

    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    request = Request({"type": "http", "client": (peer, 5000), "headers": headers})
    assert client_address(request, DirectorySettings(**PROXY)) == expected
    assert client_address(request, DirectorySettings()) == peer
