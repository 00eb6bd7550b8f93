"""The rules of a login that need no storage: the token's principal (X-054) and the new
password policy of the first login (DIR-092)."""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_shared.errors import InvalidInput

from ..domain.authority import Authority
from ..domain.users import User

MIN_PASSWORD_LENGTH = 10  # [INFERRED] no password policy in the spec nor in the French user
# manual (§3.2.2 only: "choisir un nouveau mot de passe"); see README "Inferred or open points"
MAX_PASSWORD_LENGTH = 128


def principal_of(user: User, authority: Authority) -> Principal:
    """The token's principal: admin roles per LA (not removed), request/alert rights per
    "<la>/<workflow>", LDA flag and data_admin LAs. `basic_user` is implied by any token."""
    rights: dict[str, set[str]] = {}
    for role in user.roles:
        if role.la_code and role.workflow:
            rights.setdefault(f"{role.la_code}/{role.workflow}", set()).add(str(role.role))
    return Principal(
        user_id=user.id,
        username=user.username,
        authority_id=authority.id,
        member_state=authority.member_state,
        authority_roles={
            code: (str(la.admin_role),)
            for code, la in sorted(authority.legislative_areas.items())
            if not la.status.is_removed_like
        },
        user_rights={key: tuple(sorted(held)) for key, held in sorted(rights.items())},
        local_data_admin=user.is_lda,
        data_admin_las=tuple(sorted(user.data_admin_las)),
    )


def check_new_password(username: str, password: str, temporary: str) -> None:
    """DIR-092 plus an [INFERRED] minimum: 10 to 128 characters, not the username, not the
    temporary password."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            "DIR-092",
            f"the new password must have {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters",
        )
    if username.casefold() in password.casefold():
        raise InvalidInput("DIR-092", "the new password must not contain the username")
    if password == temporary:
        raise InvalidInput("DIR-092", "choose a new password, different from the temporary one")
