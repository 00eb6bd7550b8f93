"""Bearer tokens of alert users, signed with the bundled development key (never production)."""

from __future__ import annotations

from imi_shared.auth import Principal, TokenIssuer, load_private_key

RIGHTS = {"viewer": "alert_viewer", "handler": "alert_handler", "forwarder": "alert_forwarder"}


def dev_token_issuer(issuer: str = "imi-directory") -> TokenIssuer:
    return TokenIssuer(load_private_key("", "local"), issuer)


def alert_user(
    authority_id: str, member_state: str, *rights: str, user_id: str | None = None
) -> Principal:
    """A user of `authority_id` with alert rights ("viewer", "handler", "forwarder") in
    services/alerts."""
    codes = tuple(RIGHTS.get(r, r) for r in rights)
    return Principal(
        user_id=user_id or f"{authority_id}:{'+'.join(rights) or 'none'}",
        username=user_id or authority_id.lower(),
        authority_id=authority_id,
        member_state=member_state,
        user_rights={"services/alerts": codes},
    )


def bearer(principal: Principal, issuer: TokenIssuer | None = None) -> dict[str, str]:
    token = (issuer or dev_token_issuer()).issue(principal)
    return {"Authorization": f"Bearer {token}"}
