"""The 31 IMI participants (X-001) and their fixed partition indices.

Every topic keyed by participant has one partition per participant, so a member state's
deployment can consume exactly its own partition(s) and the Commission can consume all.
The index of a participant never changes: adding a participant appends to the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from pydantic import AfterValidator

EU_MEMBER_STATES: tuple[str, ...] = (
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
)
EEA_ONLY_STATES: tuple[str, ...] = ("IS", "LI", "NO")
EEA_MEMBER_STATES: tuple[str, ...] = EU_MEMBER_STATES + EEA_ONLY_STATES
COMMISSION = "EU"
PARTICIPANTS: tuple[str, ...] = EEA_MEMBER_STATES + (COMMISSION,)
PARTITION_COUNT = len(PARTICIPANTS)

_INDEX = {code: i for i, code in enumerate(PARTICIPANTS)}


class UnknownParticipant(ValueError):
    pass


def check_participant(code: str) -> str:
    """Validate an ISO 3166 alpha-2 EEA code or `EU` (the Commission); returns it upper-cased."""
    upper = code.strip().upper()
    if upper not in _INDEX:
        raise UnknownParticipant(
            f"X-001: {code!r} is not an IMI participant (30 EEA member states by ISO 3166 "
            f"alpha-2 code, or EU for the Commission)"
        )
    return upper


def check_member_state(code: str) -> str:
    """Like check_participant, but the Commission is refused."""
    upper = check_participant(code)
    if upper == COMMISSION:
        raise UnknownParticipant("X-001: EU is the Commission, not a member state")
    return upper


Participant = Annotated[str, AfterValidator(check_participant)]
MemberState = Annotated[str, AfterValidator(check_member_state)]


def partition_for(code: str) -> int:
    """The fixed partition index of a participant on every participant-keyed topic."""
    return _INDEX[check_participant(code)]


def participant_at(partition: int) -> str:
    return PARTICIPANTS[partition]


def parse_scope(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Parse IMI_MEMBER_STATES: "FR,DE"; "" or "ALL" = every participant; "ALL,-FR" = all but FR
    (the central deployment beside a per-state one)."""
    if value is None:
        return PARTICIPANTS
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = [c.strip().upper() for c in items if c.strip()]
    excluded = {check_participant(c[1:]) for c in codes if c.startswith("-")}
    included = [c for c in codes if not c.startswith("-")]
    if not included or included == ["ALL"]:
        chosen = PARTICIPANTS
    else:
        chosen = tuple(dict.fromkeys(check_participant(c) for c in included))
    return tuple(c for c in chosen if c not in excluded)
