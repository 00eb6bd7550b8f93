"""The user entity (DIR-140): one authority, rights per LA and workflow, and the login life
cycle (DIR-091..DIR-095, DIR-147). Operations that involve the authority's other users or its
coordinators are in `user_management.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from imi_shared.envelope import Event
from imi_shared.errors import Conflict, InvalidInput
from imi_shared.participants import MemberState

from .actors import Actor
from .credentials import (
    MAX_FAILED_LOGINS,
    PasswordHasher,
    SecurityCodeHasher,
    answers_match_challenge,
    check_security_code,
)
from .enums import AuthorityStatus, UserRole, UserStatus, Workflow
from .events import UserCredentialsReset, UserLockedOut, UserRemoved
from .timeutil import require_aware
from .user_roles import RoleAssignment

# DIR-108: users of an inactive authority may still log in; DIR-079: not before validation.
LOGIN_AUTHORITY_STATUSES = frozenset(
    {AuthorityStatus.ACTIVE, AuthorityStatus.SUSPENDED, AuthorityStatus.INACTIVE}
)


class CredentialStage(StrEnum):
    """Where the user is in the first-login flow (DIR-092)."""

    AWAITING_FIRST_LOGIN = "awaiting_first_login"  # holds a temporary password
    AWAITING_SECURITY_CODE = "awaiting_security_code"  # new password chosen, no code yet
    READY = "ready"


class LoginOutcome(StrEnum):
    SUCCESS = "success"
    MUST_CHANGE_PASSWORD = "must_change_password"  # first login: temporary password accepted
    MUST_CREATE_SECURITY_CODE = "must_create_security_code"
    FAILED = "failed"
    LOCKED_OUT = "locked_out"
    DENIED = "denied"  # removed user, or authority not (yet) open to logins
    UNKNOWN_CHALLENGE = "unknown_challenge"  # handler: no valid challenge presented (DIR-093)


class User(BaseModel):
    model_config = ConfigDict(validate_assignment=True)

    id: str
    authority_id: str
    member_state: MemberState
    username: str
    first_name: str = Field(min_length=1)
    last_name: str = Field(min_length=1)
    main_language: str = Field(min_length=2)
    email: str
    phone: str | None = None
    status: UserStatus = UserStatus.ACTIVE
    roles: list[RoleAssignment] = Field(default_factory=list)
    failed_attempts: int = 0
    credential_stage: CredentialStage = CredentialStage.AWAITING_FIRST_LOGIN
    password_hash: str | None = None
    security_code_digest: str | None = None
    awaiting_validation: bool = False  # first user of a self-registered authority (DIR-079)
    created_at: AwareDatetime
    status_changed_at: AwareDatetime

    # ------------------------------------------------------------------ rights

    def has_role(
        self, role: UserRole, la_code: str | None = None, workflow: Workflow | None = None
    ) -> bool:
        return any(r.key == (role, la_code, workflow) for r in self.roles)

    @property
    def is_lda(self) -> bool:
        return self.has_role(UserRole.LOCAL_DATA_ADMIN)

    @property
    def data_admin_las(self) -> frozenset[str]:
        return frozenset(
            r.la_code for r in self.roles if r.role is UserRole.DATA_ADMIN and r.la_code
        )

    @property
    def is_removed(self) -> bool:
        return self.status is UserStatus.REMOVED

    def as_actor(self) -> Actor:
        return Actor.user(
            self.id,
            self.authority_id,
            local_data_admin=self.is_lda,
            data_admin_las=self.data_admin_las,
        )

    # ------------------------------------------------------------------ login

    def authenticate(
        self,
        password: str,
        code_answers: Mapping[int, str],
        challenge: Sequence[int],
        *,
        passwords: PasswordHasher,
        codes: SecurityCodeHasher,
        authority_status: AuthorityStatus,
        now: datetime,
    ) -> tuple[LoginOutcome, list[Event]]:
        """DIR-091 / DIR-093 / DIR-094: password and the 3 positions of the security code
        asked in `challenge`. Five consecutive failures lock the account; a locked account
        refuses even correct credentials until reset (DIR-147)."""
        password_ok = self.password_hash is not None and passwords.verify(
            password, self.password_hash
        )
        code_ok = (
            self.credential_stage is CredentialStage.READY
            and self.security_code_digest is not None
            and answers_match_challenge(challenge, code_answers)
            and codes.verify(self.security_code_digest, code_answers)
        )
        return self.conclude_login(password_ok, code_ok, authority_status=authority_status, now=now)

    def conclude_login(
        self,
        password_ok: bool,
        code_ok: bool,
        *,
        authority_status: AuthorityStatus,
        now: datetime,
    ) -> tuple[LoginOutcome, list[Event]]:
        """The verdict of a login whose password and code were verified already (the handler
        verifies them off the event loop, with the same work for every user)."""
        require_aware(now)
        if (
            self.is_removed
            or self.awaiting_validation
            or authority_status not in LOGIN_AUTHORITY_STATUSES
        ):
            return LoginOutcome.DENIED, []
        if self.status is UserStatus.LOCKED_OUT:
            return LoginOutcome.LOCKED_OUT, []
        if self.credential_stage is CredentialStage.AWAITING_FIRST_LOGIN and password_ok:
            return LoginOutcome.MUST_CHANGE_PASSWORD, []
        if self.credential_stage is CredentialStage.AWAITING_SECURITY_CODE and password_ok:
            return LoginOutcome.MUST_CREATE_SECURITY_CODE, []
        if password_ok and code_ok and self.credential_stage is CredentialStage.READY:
            self.failed_attempts = 0
            return LoginOutcome.SUCCESS, []
        return self.record_failed_login(now)

    def record_failed_login(self, now: datetime) -> tuple[LoginOutcome, list[Event]]:
        """DIR-094: counts a failed attempt; the fifth locks the account."""
        self.failed_attempts += 1
        if self.failed_attempts < MAX_FAILED_LOGINS:
            return LoginOutcome.FAILED, []
        self.status, self.status_changed_at = UserStatus.LOCKED_OUT, now
        return LoginOutcome.LOCKED_OUT, [
            UserLockedOut(
                user_id=self.id,
                authority_id=self.authority_id,
                member_state=self.member_state,
                failed_attempts=self.failed_attempts,
                locked_at=now,
            )
        ]

    def choose_new_password(
        self, temporary: str, new_password: str, *, passwords: PasswordHasher
    ) -> None:
        """DIR-092 step 1: with the temporary password, the user MUST choose a new one."""
        self._require_stage(CredentialStage.AWAITING_FIRST_LOGIN)
        if self.password_hash is None or not passwords.verify(temporary, self.password_hash):
            raise InvalidInput("DIR-092", "the temporary password is wrong")
        if not new_password or new_password == temporary:
            raise InvalidInput("DIR-092", "choose a new password, different from the temporary one")
        self.password_hash = passwords.hash(new_password)
        self.credential_stage = CredentialStage.AWAITING_SECURITY_CODE

    def create_security_code(
        self, code: str, confirmation: str, *, codes: SecurityCodeHasher
    ) -> None:
        """DIR-092 step 2: create and confirm a 12-character security code."""
        self._require_stage(CredentialStage.AWAITING_SECURITY_CODE)
        check_security_code(code)
        if code != confirmation:
            raise InvalidInput("DIR-092", "the confirmation differs from the security code")
        self.security_code_digest = codes.digest(code)
        self.credential_stage = CredentialStage.READY
        self.failed_attempts = 0

    def reset_credentials(
        self, temporary_password_hash: str, actor: Actor, now: datetime
    ) -> list[Event]:
        """DIR-095: new temporary password, code cleared, account unlocked; the user follows
        the first-login flow again (permission checked in `user_management`)."""
        require_aware(now)
        if self.is_removed:
            raise Conflict("DIR-095", "a removed user's credentials cannot be reset")
        self.password_hash = temporary_password_hash
        self.security_code_digest = None
        self.credential_stage = CredentialStage.AWAITING_FIRST_LOGIN
        self.failed_attempts = 0
        if self.status is UserStatus.LOCKED_OUT:
            self.status, self.status_changed_at = UserStatus.ACTIVE, now
        return [
            UserCredentialsReset(
                user_id=self.id,
                authority_id=self.authority_id,
                member_state=self.member_state,
                reset_at=now,
                actor_user_id=actor.user_id,
            )
        ]

    def remove(self, actor: Actor, now: datetime) -> list[Event]:
        """DIR-090: deactivation withdraws every right at once; retention locks the PD."""
        require_aware(now)
        if self.is_removed:
            raise Conflict("DIR-090", "the user is already removed")
        self.status, self.status_changed_at = UserStatus.REMOVED, now
        self.roles = []
        self.password_hash = self.security_code_digest = None
        return [
            UserRemoved(
                user_id=self.id,
                authority_id=self.authority_id,
                member_state=self.member_state,
                removed_at=now,
                actor_user_id=actor.user_id,
            )
        ]

    def _require_stage(self, stage: CredentialStage) -> None:
        if self.is_removed or self.credential_stage is not stage:
            raise Conflict("DIR-092", f"not expected now ({self.credential_stage})")
