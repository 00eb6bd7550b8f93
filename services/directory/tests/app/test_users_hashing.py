"""The argon2 adapters of the hasher ports (DIR-091, DIR-140), without servers."""

from __future__ import annotations

import json
import os

from imi_directory.adapters.hashing import (
    FAST_TEST_PARAMS,
    Argon2Passwords,
    Argon2SecurityCodes,
)

CODE = "Abc!def12345"


def test_dir_091_passwords_argon2id_and_case_sensitive():
    passwords = Argon2Passwords(FAST_TEST_PARAMS)
    hashed = passwords.hash("Secret-pass-1")
    assert hashed.startswith("$argon2id$") and "Secret" not in hashed
    assert passwords.verify("Secret-pass-1", hashed)
    assert not passwords.verify("secret-pass-1", hashed)
    assert not passwords.verify("Secret-pass-1", "not a hash")


def test_dir_140_code_positions_checked_one_by_one_under_the_users_pepper():
    pepper = os.urandom(32)
    codes = Argon2SecurityCodes(pepper, FAST_TEST_PARAMS)
    digest = codes.digest(CODE)
    stored = json.loads(digest)["positions"]
    assert len(stored) == 12 and all(h.startswith("$argon2id$") for h in stored)
    assert codes.verify(digest, {2: "b", 4: "!", 12: "5"})
    assert not codes.verify(digest, {2: "B", 4: "!", 12: "5"})  # case-sensitive
    assert not codes.verify(digest, {2: "b", 13: "x"})
    assert not codes.verify(digest, {})
    assert not codes.verify("garbage", {2: "b"})
    other_user = Argon2SecurityCodes(os.urandom(32), FAST_TEST_PARAMS)
    assert not other_user.verify(digest, {2: "b", 4: "!", 12: "5"})  # the pepper is needed
