"""Who performs an action: a user (with the rights that matter to the directory), the system,
the Commission helpdesk, or an authority completing self-registration.

Permission checks that involve an authority's coordinators live in `permissions.py`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from imi_shared.participants import COMMISSION


class ActorKind(StrEnum):
    USER = "user"
    SYSTEM = "system"
    COMMISSION_HELPDESK = "commission_helpdesk"
    SELF_REGISTRANT = "self_registrant"


class Actor(BaseModel):
    """The acting party. For users: their authority and their directory rights.

    `data_admin_las` lists the legislative areas in which the user holds `data_admin`
    (coordinator users only, DIR-005).
    """

    model_config = ConfigDict(frozen=True)

    kind: ActorKind
    user_id: str | None = None
    authority_id: str | None = None
    is_local_data_admin: bool = False
    data_admin_las: frozenset[str] = frozenset()

    @classmethod
    def user(
        cls,
        user_id: str,
        authority_id: str,
        *,
        local_data_admin: bool = False,
        data_admin_las: frozenset[str] | set[str] = frozenset(),
    ) -> Actor:
        return cls(
            kind=ActorKind.USER,
            user_id=user_id,
            authority_id=authority_id,
            is_local_data_admin=local_data_admin,
            data_admin_las=frozenset(data_admin_las),
        )

    @classmethod
    def from_principal(cls, principal: object) -> Actor:
        """From a verified token principal (`imi_shared.auth.Principal`, duck-typed so the
        domain does not import the web stack). Commission users act as the helpdesk."""
        if getattr(principal, "member_state", None) == COMMISSION:
            return cls.helpdesk(getattr(principal, "user_id", None))
        return cls.user(
            principal.user_id,  # type: ignore[attr-defined]
            principal.authority_id,  # type: ignore[attr-defined]
            local_data_admin=bool(getattr(principal, "local_data_admin", False)),
            data_admin_las=frozenset(getattr(principal, "data_admin_las", ())),
        )

    @classmethod
    def system(cls) -> Actor:
        return cls(kind=ActorKind.SYSTEM)

    @classmethod
    def helpdesk(cls, user_id: str | None = None) -> Actor:
        return cls(kind=ActorKind.COMMISSION_HELPDESK, user_id=user_id)

    @classmethod
    def self_registrant(cls) -> Actor:
        return cls(kind=ActorKind.SELF_REGISTRANT)

    @property
    def is_user(self) -> bool:
        return self.kind is ActorKind.USER

    @property
    def is_data_admin(self) -> bool:
        return self.is_user and bool(self.data_admin_las)

    @property
    def is_helpdesk(self) -> bool:
        return self.kind is ActorKind.COMMISSION_HELPDESK

    @property
    def is_system(self) -> bool:
        return self.kind is ActorKind.SYSTEM

    def is_da_of(self, coordinator_id: str | None, la_code: str | None = None) -> bool:
        """A data administrator of `coordinator_id` (in `la_code` when given)."""
        if not self.is_user or coordinator_id is None or self.authority_id != coordinator_id:
            return False
        return la_code in self.data_admin_las if la_code else bool(self.data_admin_las)

    def is_lda_of(self, authority_id: str) -> bool:
        return self.is_user and self.is_local_data_admin and self.authority_id == authority_id

    def is_member_of(self, authority_id: str) -> bool:
        return self.is_user and self.authority_id == authority_id
