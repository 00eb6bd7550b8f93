"""X-016: a token verified once is answered from the verifier's cache until it expires; the
cache never answers for a token it did not verify (issue 12: the signature check per call)."""

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from imi_shared import auth

ISSUER = "imi-directory"
BOB = auth.Principal(user_id="u-2", username="bob", authority_id="a-de-1", member_state="DE")


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def _verifier(clock: Clock, **options) -> auth.TokenVerifier:
    return auth.TokenVerifier(auth.load_public_key("", "local"), ISSUER, clock=clock, **options)


def test_x_016_a_repeated_token_is_answered_without_a_second_signature_check(monkeypatch):
    clock = Clock()
    verifier = _verifier(clock)
    token = auth.TokenIssuer(auth.load_private_key("", "local"), ISSUER).issue(BOB)
    first = verifier.verify_token(token)
    checks = []
    monkeypatch.setattr(verifier, "_verify", lambda t: checks.append(t))
    assert verifier.verify_token(token) is first
    assert checks == []


def test_x_016_a_cached_token_is_refused_once_expired(monkeypatch):
    clock = Clock()
    verifier = _verifier(clock)
    token = auth.TokenIssuer(auth.load_private_key("", "local"), ISSUER).issue(BOB)
    assert verifier.verify(token) == BOB
    clock.now += timedelta(minutes=15, seconds=4)  # within the 5 s leeway: from the cache
    assert verifier.verify(token) == BOB
    checked = []

    def full_check(t):  # what PyJWT answers for it at that time
        checked.append(t)
        raise auth.InvalidToken("token expired")

    monkeypatch.setattr(verifier, "_verify", full_check)
    clock.now += timedelta(seconds=2)  # past it: dropped from the cache, checked in full
    with pytest.raises(auth.InvalidToken, match="expired"):
        verifier.verify(token)
    assert checked == [token]
    assert len(verifier._verified) == 0


def test_x_016_a_tampered_copy_of_a_cached_token_is_still_refused():
    verifier = _verifier(Clock())
    token = auth.TokenIssuer(auth.load_private_key("", "local"), ISSUER).issue(BOB)
    verifier.verify(token)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["principal"]["member_state"] = "EU"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(auth.InvalidToken, match="signature"):
        verifier.verify(f"{header}.{forged}.{signature}")
