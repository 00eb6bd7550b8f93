"""What the directory's routes share: the acting party from the token, and response views."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Response

from imi_shared.errors import InvalidInput

from ...bootstrap import DirectoryContext, directory_context
from ...domain.actors import Actor
from ...domain.authority import Authority
from ...handlers.unit import Outcome
from .session import CheckedPrincipal

Context = Annotated[DirectoryContext, Depends(directory_context)]


def current_actor(principal: CheckedPrincipal) -> Actor:
    """The verified, not revoked principal as the domain sees it (Commission users act as the
    helpdesk)."""
    return Actor.from_principal(principal)


CurrentActor = Annotated[Actor, Depends(current_actor)]


def etag(version: int | None) -> str:
    return f'"{version}"'


def parse_if_match(value: str | None) -> int | None:
    """`If-Match: "<version>"` → version (optimistic concurrency on edits)."""
    if value is None or value.strip() == "*":
        return None
    try:
        return int(value.strip().removeprefix("W/").strip('"'))
    except ValueError:
        raise InvalidInput(
            "DIR-137", f"If-Match must be an authority version, not {value!r}"
        ) from None


def authority_view(authority: Authority, version: int | None) -> dict:
    return {"id": authority.id, "version": version, "authority": authority.model_dump(mode="json")}


def outcome_view(outcome: Outcome, response: Response | None = None) -> dict:
    body = {
        "events": [
            {"event_id": str(e.event_id), "event_type": e.event_type} for e in outcome.envelopes
        ]
    }
    if outcome.authority is not None:
        body.update(authority_view(outcome.authority, outcome.version))
        if response is not None:
            response.headers["ETag"] = etag(outcome.version)
    return body
