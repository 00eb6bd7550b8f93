"""Who is calling: the principal carried by a short-lived token the directory signs (X-016, X-054).

Only `directory` holds the Ed25519 private key and issues tokens; every other service holds the
public key and verifies them. Service code never parses a token: it asks FastAPI for a
`CurrentPrincipal`. Authority and access statuses change faster than a token expires, so
services combine the principal with their read model of directory events (X-054).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import Forbidden, Unauthenticated
from .expiring import ExpiringCache
from .participants import COMMISSION, Participant

ALGORITHM = "EdDSA"
AUTH_RULE = "X-016"
AdminRole = Literal["nimic", "sdimic", "limic", "dimic", "competent_authority"]  # DIR-001
UserRole = Literal[  # DIR-005, per LA and workflow
    "basic_user",
    "request_viewer",
    "request_handler",
    "allocator",
    "arbiter",
    "alert_viewer",
    "alert_handler",
    "alert_forwarder",
]


class Principal(BaseModel):
    """The authenticated user, as the directory saw them when the token was issued."""

    # extra="ignore": a service on an older kernel still accepts tokens with newer claims
    model_config = ConfigDict(frozen=True, extra="ignore")

    user_id: str
    username: str
    authority_id: str
    member_state: Participant
    authority_roles: dict[str, tuple[AdminRole, ...]] = {}  # legislative area -> admin roles
    user_rights: dict[str, tuple[UserRole, ...]] = {}  # "<la>/<workflow>" -> user roles
    local_data_admin: bool = False
    data_admin_las: tuple[str, ...] = ()  # DIR-005: data_admin is held per LA

    def has_right(self, la: str, workflow: str, right: str) -> bool:
        return right in self.user_rights.get(f"{la}/{workflow}", ())

    def has_admin_role(self, la: str, role: str) -> bool:
        return role in self.authority_roles.get(la, ())

    def is_data_admin(self, la: str) -> bool:
        return la in self.data_admin_las

    @property
    def is_commission(self) -> bool:
        return self.member_state == COMMISSION


@dataclass(frozen=True)
class VerifiedToken:
    """A token whose signature, issuer and lifetime were checked: its principal and times."""

    principal: Principal
    issued_at: datetime
    expires_at: datetime
    token_id: str


class PrincipalRefused(Exception):
    """A `principal_check` refusing a verified token (locked out, removed user, X-054): 401."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


#: `app.state.principal_check`: run by `current_principal` on every verified token; gives the
#: principal as it stands NOW (rights may shrink) or raises `PrincipalRefused` (X-054).
PrincipalCheck = Callable[[Request, VerifiedToken], Awaitable[Principal]]


class InvalidToken(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class DevKeyRefused(RuntimeError):
    """The bundled development key was about to be used in production."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


class TokenIssuer:
    """Signs tokens. Lives only in the directory service."""

    def __init__(
        self, private_key_pem: str, issuer: str, ttl: timedelta = timedelta(minutes=15)
    ) -> None:
        key = load_pem_private_key(private_key_pem.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the token signing key must be an Ed25519 private key")
        if ttl <= timedelta(0):
            raise ValueError("token ttl must be positive")
        self._key = key
        self.issuer = issuer
        self.ttl = ttl

    def issue(self, principal: Principal, *, now: datetime | None = None) -> str:
        issued_at = now or _utcnow()
        claims = {
            "iss": self.issuer,
            "sub": principal.user_id,
            "iat": issued_at,
            "exp": issued_at + self.ttl,
            "jti": uuid.uuid4().hex,
            "principal": principal.model_dump(mode="json"),
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)


class TokenVerifier:
    """Checks tokens with the directory's public key. Every service holds one."""

    def __init__(
        self,
        public_key_pem: str,
        issuer: str,
        leeway: timedelta = timedelta(seconds=5),
        max_lifetime: timedelta = timedelta(hours=1),
        *,
        cache_size: int = 4096,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.max_lifetime = max_lifetime
        # a verified token, until its expiry + leeway: no second signature check (issue 12);
        # the principal check (X-054: locked out, removed, suspended) still runs per call
        self._verified: ExpiringCache[VerifiedToken] = ExpiringCache(clock, cache_size)
        key = load_pem_public_key(public_key_pem.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the token verification key must be an Ed25519 public key")
        self._key = key
        self.issuer = issuer
        self.leeway = leeway

    def verify(self, token: str) -> Principal:
        return self.verify_token(token).principal

    def verify_token(self, token: str) -> VerifiedToken:
        """The token's principal and times, refused (`InvalidToken`) unless the directory
        signed it and it is within its lifetime; a token verified before is answered from
        the cache (`imi_shared.expiring`) until its expiry plus the leeway."""
        known = self._verified.get(token)
        if known is not None:
            return known
        verified = self._verify(token)
        self._verified.put(token, verified, verified.expires_at + self.leeway)
        return verified

    def _verify(self, token: str) -> VerifiedToken:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["iss", "sub", "iat", "exp", "jti", "principal"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("token expired") from exc
        except jwt.InvalidIssuerError as exc:
            raise InvalidToken("token not issued by the IMI directory") from exc
        except jwt.InvalidSignatureError as exc:
            raise InvalidToken("bad token signature") from exc
        except jwt.InvalidAlgorithmError as exc:
            raise InvalidToken(f"token algorithm not allowed (only {ALGORITHM})") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise InvalidToken(f"token lacks the {exc.claim!r} claim") from exc
        except jwt.InvalidTokenError as exc:
            raise InvalidToken(f"malformed token: {exc}") from exc
        lifetime = claims["exp"] - claims["iat"]
        if not isinstance(lifetime, (int, float)) or lifetime > self.max_lifetime.total_seconds():
            raise InvalidToken("token lifetime longer than this deployment accepts (X-016)")
        try:
            principal = Principal.model_validate(claims["principal"])
        except ValidationError as exc:
            raise InvalidToken(f"malformed principal claim: {exc.error_count()} error(s)") from exc
        if principal.user_id != claims["sub"]:
            raise InvalidToken("token subject does not match its principal")
        return VerifiedToken(
            principal,
            datetime.fromtimestamp(claims["iat"], UTC),
            datetime.fromtimestamp(claims["exp"], UTC),
            str(claims["jti"]),
        )


# --- keys -----------------------------------------------------------------------------------


def _bundled(name: str) -> str:
    return files("imi_shared").joinpath("devkeys", name).read_text()


def _public_bytes(pem: str) -> bytes:
    """The raw public key of a PEM (public or private): compared as bytes, not as text, so a
    comment or re-encoding cannot pass the bundled key off as another."""
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        PublicFormat,
        load_pem_private_key,
    )

    data = pem.encode()
    try:
        key: Any = load_pem_public_key(data)
    except ValueError:
        key = load_pem_private_key(data, password=None).public_key()
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _load_key(path: str, environment: str, bundled_name: str) -> str:
    """X-007/X-016: the bundled development key is allowed only where environment is `local`."""
    bundled = _bundled(bundled_name)
    pem = Path(path).read_text() if path else bundled
    if str(environment) != "local" and _public_bytes(pem) == _public_bytes(bundled):
        raise DevKeyRefused(
            f"X-016: the bundled development key devkeys/{bundled_name} is for local use only, "
            f"not in {environment}; configure a key file of this deployment"
        )
    return pem


def load_public_key(path: str, environment: str) -> str:
    """The PEM at `path`; an empty path means the bundled dev key (refused in production)."""
    return _load_key(path, environment, "jwt-public.pem")


def load_private_key(path: str, environment: str) -> str:
    """The PEM at `path`; an empty path means the bundled dev key (refused in production)."""
    return _load_key(path, environment, "jwt-private.pem")


# --- FastAPI --------------------------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False)


def _unauthorised(error: str, *, invalid: bool) -> Unauthenticated:
    """401 in the kernel's one error body (`ErrorBody`, rendered by `install_rule_errors`)."""
    challenge = 'Bearer error="invalid_token"' if invalid else "Bearer"
    return Unauthenticated(AUTH_RULE, error, challenge=challenge)


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller, from the bearer token checked by `request.app.state.token_verifier`, then
    by `request.app.state.principal_check` when the app has one (current status, X-054)."""
    verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
    if verifier is None:
        raise RuntimeError("app.state.token_verifier is not set: the app cannot check tokens")
    if credentials is None:
        raise _unauthorised("a bearer token is required", invalid=False)
    try:
        token = verifier.verify_token(credentials.credentials)
    except InvalidToken as exc:
        raise _unauthorised(exc.reason, invalid=True) from exc
    check: PrincipalCheck | None = getattr(request.app.state, "principal_check", None)
    if check is None:
        return token.principal
    try:
        return await check(request, token)
    except PrincipalRefused as exc:
        raise _unauthorised(exc.reason, invalid=True) from exc


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(
    predicate: Callable[[Principal], bool], rule_id: str, message: str
) -> Callable[..., Awaitable[Principal]]:
    """A dependency giving the principal if `predicate` holds, else 403 naming `rule_id`."""

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if not predicate(principal):
            raise Forbidden(rule_id, message)
        return principal

    return dependency


def require_right(
    la: str, workflow: str, right: str, rule_id: str = AUTH_RULE
) -> Callable[..., Awaitable[Principal]]:
    """E.g. `Depends(require_right("services", "alerts", "alert_forwarder", "ALR-016"))`."""
    return require(
        lambda p: p.has_right(la, workflow, right),
        rule_id,
        f"the {right} right in {la}/{workflow} is required",
    )
