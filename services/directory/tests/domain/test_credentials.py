"""Authentication: security code, first login, positions asked, lock-out, reset
(DIR-091..DIR-096, DIR-108, DIR-146..DIR-148)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from imi_directory.domain.credentials import (
    MAX_FAILED_LOGINS,
    SECURITY_CODE_LENGTH,
    SYMBOLS,
    answers_match_challenge,
    check_security_code,
    choose_code_positions,
    generate_registration_code,
    generate_temporary_password,
)
from imi_directory.domain.enums import AuthorityStatus, UserStatus
from imi_directory.domain.events import UserCredentialsReset, UserLockedOut
from imi_directory.domain.user_management import (
    UserDetails,
    create_first_user,
    register_user,
    reset_user_credentials,
)
from imi_directory.domain.user_roles import LOCAL_DATA_ADMIN
from imi_directory.domain.users import CredentialStage, LoginOutcome
from imi_shared.errors import Conflict, Forbidden, InvalidInput

CODE = "Abc!def12345"
PASSWORD = "Correct horse 1"


def ready_user(world, passwords, codes, authority=None):
    user = world.first_user(authority or world.ca)
    user.choose_new_password("Temp-pass-1", PASSWORD, passwords=passwords)
    user.create_security_code(CODE, CODE, codes=codes)
    return user


def answers(code, positions):
    return {p: code[p - 1] for p in positions}


def login(
    world,
    user,
    passwords,
    codes,
    *,
    password=PASSWORD,
    code=CODE,
    positions=(2, 7, 11),
    status=AuthorityStatus.ACTIVE,
):
    return user.authenticate(
        password,
        answers(code, positions),
        positions,
        passwords=passwords,
        codes=codes,
        authority_status=status,
        now=world.now,
    )


# ------------------------------------------------------------------ security code rules


@pytest.mark.parametrize("code", ["Abc!def12345", "ÉtÉ#2024abcd", "a1!a1!a1!a1!", "ZZZZZZZZZZ9~"])
def test_dir_146_accepted_security_codes(world, passwords, codes, code):
    check_security_code(code)
    user = world.first_user(world.ca)
    user.choose_new_password("Temp-pass-1", PASSWORD, passwords=passwords)
    user.create_security_code(code, code, codes=codes)
    assert user.credential_stage is CredentialStage.READY
    assert codes.verify(user.security_code_digest, answers(code, (1, 6, 12)))


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("Abcdef123456", "symbols"),  # DIR-146: no symbol
        ("Abc!def1234", "12"),  # DIR-146: 11 characters
        ("Abc!def123456", "12"),  # 13 characters
        ("abcdefghijk!", "digits"),
        ("123456789!@#", "letters"),
        ("Abc def12345", "blank"),
    ],
)
def test_dir_146_refused_security_codes(code, why):
    with pytest.raises(InvalidInput, match=f"DIR-092.*{why}"):
        check_security_code(code)


def test_dir_093_three_random_distinct_positions(rng):
    seen = set()
    for _ in range(200):
        positions = choose_code_positions(rng)
        assert len(positions) == 3 and len(set(positions)) == 3
        assert positions == tuple(sorted(positions))
        assert all(1 <= p <= SECURITY_CODE_LENGTH for p in positions)
        seen.update(positions)
    assert seen == set(range(1, 13))
    assert choose_code_positions(random.Random(1)) == choose_code_positions(random.Random(1))


def test_dir_093_answers_must_match_the_positions_asked():
    assert answers_match_challenge((2, 7, 11), {2: "b", 7: "1", 11: "4"})
    assert not answers_match_challenge((2, 7, 11), {2: "b", 7: "1"})
    assert not answers_match_challenge((2, 7, 11), {2: "b", 7: "1", 12: "5"})
    assert not answers_match_challenge((2, 7, 11), {2: "bc", 7: "1", 11: "4"})
    assert not answers_match_challenge((2, 7), {2: "b", 7: "1"})


def test_generated_secrets(rng):
    password = generate_temporary_password(rng)
    assert len(password) == 16 and any(c.isdigit() for c in password)
    assert any(not c.isalnum() for c in password) and any(c.isalpha() for c in password)
    code = generate_registration_code(rng)
    assert len(code) == 16 and code.isalnum() and code.isupper()
    assert set(SYMBOLS) and not any(c.isalnum() for c in SYMBOLS)


# ------------------------------------------------------------------ first login (DIR-092)


def test_dir_092_first_login_flow(world, passwords, codes):
    user = world.first_user(world.ca)
    assert user.credential_stage is CredentialStage.AWAITING_FIRST_LOGIN
    outcome, _ = login(world, user, passwords, codes, password="Temp-pass-1")
    assert outcome is LoginOutcome.MUST_CHANGE_PASSWORD
    with pytest.raises(InvalidInput, match="DIR-092"):
        user.choose_new_password("wrong", PASSWORD, passwords=passwords)
    with pytest.raises(InvalidInput, match="DIR-092"):
        user.choose_new_password("Temp-pass-1", "Temp-pass-1", passwords=passwords)
    user.choose_new_password("Temp-pass-1", PASSWORD, passwords=passwords)
    outcome, _ = login(world, user, passwords, codes)
    assert outcome is LoginOutcome.MUST_CREATE_SECURITY_CODE
    with pytest.raises(InvalidInput, match="DIR-092"):
        user.create_security_code(CODE, CODE.lower(), codes=codes)  # confirmation differs
    with pytest.raises(InvalidInput, match="DIR-092"):
        user.create_security_code("Abcdef123456", "Abcdef123456", codes=codes)
    user.create_security_code(CODE, CODE, codes=codes)
    assert user.credential_stage is CredentialStage.READY
    assert login(world, user, passwords, codes)[0] is LoginOutcome.SUCCESS


def test_dir_092_steps_out_of_order_refused(world, passwords, codes):
    user = world.first_user(world.ca)
    with pytest.raises(Conflict, match="DIR-092"):
        user.create_security_code(CODE, CODE, codes=codes)
    ready = ready_user(world, passwords, codes, world.dimic)
    with pytest.raises(Conflict, match="DIR-092"):
        ready.choose_new_password("Temp-pass-1", "x", passwords=passwords)


def test_dir_140_security_code_stored_never_shown(world, passwords, codes):
    user = ready_user(world, passwords, codes)
    assert user.security_code_digest != CODE and user.password_hash != PASSWORD


# ------------------------------------------------------------------ login (DIR-091, DIR-093)


def test_dir_091_login_needs_password_and_code_case_sensitive(world, passwords, codes):
    user = ready_user(world, passwords, codes)
    assert login(world, user, passwords, codes, password=PASSWORD.upper())[0] is (
        LoginOutcome.FAILED
    )
    assert (
        login(world, user, passwords, codes, code=CODE.upper(), positions=(1, 2, 3))[0]
        is LoginOutcome.FAILED
    )
    assert login(world, user, passwords, codes, positions=(1, 2, 3))[0] is LoginOutcome.SUCCESS


def test_dir_093_later_logins_ask_three_positions(world, passwords, codes, rng):
    user = ready_user(world, passwords, codes)
    positions = choose_code_positions(rng)
    outcome, _ = user.authenticate(
        PASSWORD,
        answers(CODE, positions),
        positions,
        passwords=passwords,
        codes=codes,
        authority_status=AuthorityStatus.ACTIVE,
        now=world.now,
    )
    assert outcome is LoginOutcome.SUCCESS
    assert positions != (1, 2, 3)
    outcome, _ = user.authenticate(
        PASSWORD,
        answers(CODE, (1, 2, 3)),
        positions,
        passwords=passwords,
        codes=codes,
        authority_status=AuthorityStatus.ACTIVE,
        now=world.now,
    )
    assert outcome is LoginOutcome.FAILED  # right characters, but not the positions asked


# ------------------------------------------------------------------ lock-out (DIR-094, 147)


def test_dir_147_fifth_consecutive_failure_locks_the_account(world, passwords, codes):
    user = ready_user(world, passwords, codes)
    outcomes = [login(world, user, passwords, codes, password="bad") for _ in range(4)]
    assert all(o is LoginOutcome.FAILED and not e for o, e in outcomes)
    outcome, events = login(world, user, passwords, codes, password="bad")
    assert outcome is LoginOutcome.LOCKED_OUT and user.status is UserStatus.LOCKED_OUT
    assert isinstance(events[0], UserLockedOut) and events[0].failed_attempts == 5
    outcome, events = login(world, user, passwords, codes)  # correct credentials
    assert outcome is LoginOutcome.LOCKED_OUT and events == []


def test_dir_094_wrong_code_counts_and_success_resets_the_count(world, passwords, codes):
    user = ready_user(world, passwords, codes)
    for _ in range(MAX_FAILED_LOGINS - 1):
        login(world, user, passwords, codes, code="Xbc!def12345", positions=(1, 2, 3))
    assert user.failed_attempts == 4
    assert login(world, user, passwords, codes)[0] is LoginOutcome.SUCCESS
    assert user.failed_attempts == 0
    for _ in range(MAX_FAILED_LOGINS - 1):
        login(world, user, passwords, codes, password="bad")
    assert user.status is UserStatus.ACTIVE


def test_dir_094_failed_first_login_counts_too(world, passwords, codes):
    user = world.first_user(world.ca)
    for _ in range(MAX_FAILED_LOGINS):
        outcome, _ = login(world, user, passwords, codes, password="not the temp")
    assert outcome is LoginOutcome.LOCKED_OUT


# ------------------------------------------------------------------ reset (DIR-095)


def test_dir_095_reset_by_another_lda(world, passwords, codes):
    ca = world.ca
    user = ready_user(world, passwords, codes)
    other, _ = register_user(
        actor=world.lda(ca, user.id),
        authority=ca,
        users=[user],
        user_id="u2",
        username="fr_u2",
        details=UserDetails(first_name="P", last_name="M", main_language="fr", email="p@ex.fr"),
        roles=[LOCAL_DATA_ADMIN],
        temporary_password_hash="h:t",
        now=world.now,
    )
    for _ in range(MAX_FAILED_LOGINS):
        login(world, user, passwords, codes, password="bad")
    with pytest.raises(Forbidden, match="DIR-095"):  # not by the user itself
        reset_user_credentials(
            actor=world.lda(ca, user.id),
            authority=ca,
            user=user,
            temporary_password_hash="h:New-temp-2",
            now=world.now,
        )
    with pytest.raises(Forbidden, match="DIR-095"):
        reset_user_credentials(
            actor=world.basic(ca),
            authority=ca,
            user=user,
            temporary_password_hash="h:New-temp-2",
            now=world.now,
        )
    events = reset_user_credentials(
        actor=world.lda(ca, other.id),
        authority=ca,
        user=user,
        temporary_password_hash="h:New-temp-2",
        now=world.now,
    )
    assert isinstance(events[0], UserCredentialsReset)
    assert "New-temp" not in events[0].model_dump_json()
    assert user.status is UserStatus.ACTIVE and user.failed_attempts == 0
    assert user.security_code_digest is None
    assert login(world, user, passwords, codes, password="New-temp-2")[0] is (
        LoginOutcome.MUST_CHANGE_PASSWORD
    )


def test_dir_095_only_lda_reset_by_the_coordinator(world, passwords, codes):
    ca = world.ca
    user = ready_user(world, passwords, codes)
    for coordinator_da in (world.validating_da(ca), world.da(world.dimic, "services")):
        reset_user_credentials(
            actor=coordinator_da,
            authority=ca,
            user=user,
            temporary_password_hash="h:t2",
            now=world.now,
        )
    with pytest.raises(Forbidden, match="DIR-095"):
        reset_user_credentials(
            actor=world.da(world.limic),
            authority=ca,
            user=user,
            temporary_password_hash="h:t2",
            now=world.now,
        )


def test_dir_095_removed_user_not_reset(world, passwords, codes):
    ca = world.ca
    user = ready_user(world, passwords, codes)
    user.remove(world.lda(ca), world.now)
    with pytest.raises(Conflict, match="DIR-095"):
        reset_user_credentials(
            actor=world.validating_da(ca),
            authority=ca,
            user=user,
            temporary_password_hash="h:t",
            now=world.now,
        )
    assert login(world, user, passwords, codes)[0] is LoginOutcome.DENIED


# ------------------------------------------------------------------ who may log in


def test_dir_108_users_of_inactive_authority_still_log_in(world, passwords, codes):
    user = ready_user(world, passwords, codes)
    assert login(world, user, passwords, codes, status=AuthorityStatus.INACTIVE)[0] is (
        LoginOutcome.SUCCESS
    )
    assert login(world, user, passwords, codes, status=AuthorityStatus.SUSPENDED)[0] is (
        LoginOutcome.SUCCESS
    )


@pytest.mark.parametrize(
    "status", [AuthorityStatus.REGISTRATION_REQUESTED, AuthorityStatus.REGISTRATION_REFUSED]
)
def test_dir_079_no_login_before_validation(world, passwords, codes, status):
    user = ready_user(world, passwords, codes)
    outcome, _ = login(world, user, passwords, codes, status=status)
    assert outcome is LoginOutcome.DENIED and user.failed_attempts == 0


def test_dir_079_first_user_of_self_registration_waits(world, passwords, codes):
    _, _, user = world.self_register()
    outcome, _ = user.authenticate(
        "Temp-pass-1",
        {},
        (),
        passwords=passwords,
        codes=codes,
        authority_status=AuthorityStatus.ACTIVE,
        now=world.now,
    )
    assert outcome is LoginOutcome.DENIED


def test_dir_148_temporary_password_due_within_48_hours(world):
    _, events = create_first_user(
        authority=world.ca,
        user_id="u7",
        username="fr_u7",
        details=UserDetails(first_name="A", last_name="B", main_language="fr", email="a@ex.fr"),
        temporary_password_hash="h:secret",
        now=world.now,
        actor=world.da(world.dimic),
    )
    created = events[0]
    assert created.created_at == world.now
    assert created.temp_password_due_by - created.created_at == timedelta(hours=48)
    assert "secret" not in created.model_dump_json()
