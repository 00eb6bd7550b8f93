"""The LA-access and workflow-access status table of DIR §3.11 (DIR-112..DIR-123): which
action moves an access from which status to which, at which level, done by whom."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from imi_shared.errors import Conflict

from .enums import AccessStatus


class AccessLevel(StrEnum):
    LEGISLATIVE_AREA = "legislative_area"
    WORKFLOW = "workflow"


class AccessAction(StrEnum):
    GRANT = "grant"
    REFUSE = "refuse"
    SUSPEND = "suspend"
    REACTIVATE = "reactivate"
    REQUEST_REACTIVATION = "request_reactivation"
    ACCEPT_REACTIVATION = "accept_reactivation"
    REFUSE_REACTIVATION = "refuse_reactivation"
    REMOVE = "remove"
    START_REACTIVATION = "start_reactivation"


class AccessActor(StrEnum):
    ACCESS_COORDINATOR = "access_coordinator_da"
    LDA = "authority_lda"


class AccessTransition(NamedTuple):
    rule_id: str
    levels: frozenset[AccessLevel]
    source: AccessStatus
    action: AccessAction
    targets: tuple[AccessStatus | None, ...]  # None: the access request is deleted
    actor: AccessActor


A, L, W = AccessStatus, AccessLevel.LEGISLATIVE_AREA, AccessLevel.WORKFLOW
BOTH, LA_ONLY, WF_ONLY = frozenset({L, W}), frozenset({L}), frozenset({W})
AC, LDA = AccessActor.ACCESS_COORDINATOR, AccessActor.LDA
X = AccessAction
ACCESS_TRANSITIONS: tuple[AccessTransition, ...] = (
    AccessTransition("DIR-112", BOTH, A.REQUESTED, X.GRANT, (A.ACTIVE,), AC),
    AccessTransition("DIR-113", WF_ONLY, A.REQUESTED, X.REFUSE, (None,), AC),
    AccessTransition("DIR-114", BOTH, A.ACTIVE, X.SUSPEND, (A.SUSPENDED,), AC),
    AccessTransition("DIR-115", BOTH, A.SUSPENDED, X.REACTIVATE, (A.ACTIVE,), AC),
    AccessTransition(
        "DIR-116",
        BOTH,
        A.SUSPENDED,
        X.REQUEST_REACTIVATION,
        (A.SUSPENDED_REACTIVATION_REQUESTED,),
        LDA,
    ),
    AccessTransition(
        "DIR-117", BOTH, A.SUSPENDED_REACTIVATION_REQUESTED, X.ACCEPT_REACTIVATION, (A.ACTIVE,), AC
    ),
    AccessTransition(
        "DIR-117",
        BOTH,
        A.SUSPENDED_REACTIVATION_REQUESTED,
        X.REFUSE_REACTIVATION,
        (A.SUSPENDED,),
        AC,
    ),
    AccessTransition("DIR-118", LA_ONLY, A.SUSPENDED, X.REMOVE, (A.REMOVED,), AC),
    AccessTransition("DIR-119", WF_ONLY, A.SUSPENDED, X.REMOVE, (A.REMOVED,), AC),
    AccessTransition(
        "DIR-120", BOTH, A.REMOVED, X.REQUEST_REACTIVATION, (A.REMOVED_REACTIVATION_REQUESTED,), LDA
    ),
    AccessTransition("DIR-121", LA_ONLY, A.REMOVED, X.START_REACTIVATION, (A.SUSPENDED,), AC),
    AccessTransition(
        "DIR-122",
        BOTH,
        A.REMOVED_REACTIVATION_REQUESTED,
        X.ACCEPT_REACTIVATION,
        (A.SUSPENDED, A.ACTIVE),
        AC,
    ),
    AccessTransition(
        "DIR-123", BOTH, A.REMOVED_REACTIVATION_REQUESTED, X.REFUSE_REACTIVATION, (A.REMOVED,), AC
    ),
)


def find_access_transition(
    level: AccessLevel, action: AccessAction, source: AccessStatus
) -> AccessTransition:
    rows = [r for r in ACCESS_TRANSITIONS if r.action is action]
    at_level = [r for r in rows if level in r.levels]
    if not at_level:
        raise Conflict(rows[0].rule_id, f"{action} does not exist for {level} access")
    for row in at_level:
        if row.source is source:
            return row
    allowed = ", ".join(str(r.source) for r in at_level)
    raise Conflict(
        at_level[0].rule_id,
        f"cannot {action} a {level} access that is {source} (only from: {allowed})",
    )
