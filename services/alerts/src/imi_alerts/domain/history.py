"""Immutable event history of an alert (X-025, ALR-083), kept and shown after closure (ALR-048).

Entries never hold personal data. An entry with `scope_ms` is known only inside that member
state (e.g. closure comments, ALR-042); the others never see it.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict

from .actors import Actor


class HistoryEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    seq: int
    at: AwareDatetime
    action: str
    actor_user_id: str | None = None  # None: the system (period expiry)
    actor_authority_id: str | None = None
    member_state: str | None = None
    justification: str | None = None
    scope_ms: str | None = None
    details: tuple[tuple[str, str], ...] = ()

    def visible_to(self, participant: str) -> bool:
        return self.scope_ms is None or self.scope_ms == participant


def new_entry(
    history: tuple[HistoryEntry, ...],
    action: str,
    at: datetime,
    actor: Actor | None = None,
    *,
    justification: str | None = None,
    scope_ms: str | None = None,
    **details: str,
) -> tuple[HistoryEntry, ...]:
    """Return the history with one more entry; existing entries are never touched."""
    if history and at < history[-1].at:
        raise ValueError("X-025: history entries must be appended in time order")
    entry = HistoryEntry(
        seq=len(history) + 1,
        at=at,
        action=action,
        actor_user_id=actor.user_id if actor else None,
        actor_authority_id=actor.authority_id if actor else None,
        member_state=actor.member_state if actor else None,
        justification=justification,
        scope_ms=scope_ms,
        details=tuple(sorted((k, str(v)) for k, v in details.items())),
    )
    return (*history, entry)
