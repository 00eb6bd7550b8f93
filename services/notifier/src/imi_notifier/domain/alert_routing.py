"""Who is told what about an alert (NOT-004, NOT-005, NOT-016..NOT-030, NOT-043, NOT-047).
Pure: the code and authorities the alerts service names (event-carried state, X-053), the
case parties and the directory facts in, routes out.

Alert e-mails go only to users with the right alert profile in the authorities concerned,
never to an authority address (NOT-004), never to an `alert_viewer` (NOT-047), never to a
removed recipient or a user whose rights were withdrawn (NOT-005).
"""

from __future__ import annotations

from collections.abc import Iterable

from .case_parties import AlertParties
from .parties import ALERTS, Directory
from .routes import Route, to_users, unique

FORWARDERS = ("alert_forwarder",)
HANDLERS_AND_FORWARDERS = ("alert_handler", "alert_forwarder")  # NOT-047: never alert_viewer

INCOMING = "N_ALR_INCOMING"  # NOT-017
CLOSURE_REMINDER = "N_RET_CLOSURE_REMINDER"  # NOT-043
# code -> the alert profile it goes to (§7.3)
PROFILE: dict[str, tuple[str, ...]] = {
    "N_ALR_SUBMITTED": FORWARDERS,  # NOT-016
    INCOMING: FORWARDERS,  # NOT-017 (the inboxes' forwarders)
    "N_ALR_FORWARDED": HANDLERS_AND_FORWARDERS,  # NOT-018
    "N_ALR_MSE_CHANGED": HANDLERS_AND_FORWARDERS,  # NOT-019
    "N_ALR_INFO_SUBMITTED": FORWARDERS,  # NOT-020
    "N_ALR_INFO_BROADCAST": HANDLERS_AND_FORWARDERS,  # NOT-021
    "N_ALR_CLOSURE_COMMENTS_OPEN": HANDLERS_AND_FORWARDERS,  # NOT-022
    "N_ALR_COMMENT_PERIOD_ENDED": FORWARDERS,  # NOT-023
    "N_ALR_CLOSURE_PROPOSAL_BROADCAST": HANDLERS_AND_FORWARDERS,  # NOT-024
    "N_ALR_OBJECTION_BROADCAST": HANDLERS_AND_FORWARDERS,  # NOT-025
    "N_ALR_OBJECTION_PERIOD_ENDED": FORWARDERS,  # NOT-026
    "N_ALR_WITHDRAWAL_SUBMITTED": FORWARDERS,  # NOT-027
    "N_ALR_WITHDRAWN": HANDLERS_AND_FORWARDERS,  # NOT-028
    "N_ALR_CLOSURE_PROPOSAL_CANCELLED": HANDLERS_AND_FORWARDERS,  # NOT-029
    "N_ALR_CLOSED": HANDLERS_AND_FORWARDERS,  # NOT-030
}


def route(
    code: str,
    authority_ids: Iterable[str],
    parties: AlertParties | None,
    directory: Directory,
) -> list[Route]:
    """The users of `authority_ids` holding `code`'s profile, each once, no authority copy
    (NOT-004); removed recipients skipped (NOT-005). An unknown code routes nowhere."""
    roles = PROFILE.get(code)
    if roles is None:
        return []
    ids = list(dict.fromkeys(authority_ids))
    if parties is not None:
        ids = parties.reachable(ids)
    routes: list[Route] = []
    for authority_id in ids:
        routes += to_users(code, directory.users_with_role(authority_id, roles, None, ALERTS))
    return unique(routes)


def origin_incoming(
    parties: AlertParties | None, inbox_ids: Iterable[str], directory: Directory
) -> list[Route]:
    """NOT-017: the launching MS's inbox forwarders get N_ALR_INCOMING on the FIRST
    broadcast only (its own copy of the alert, ALR-021)."""
    if parties is not None and parties.origin_notified:
        return []
    return route(INCOMING, inbox_ids, parties, directory)


def closure_reminder(parties: AlertParties | None, directory: Directory) -> list[Route]:
    """NOT-043: the `alert_forwarder`s of the responsible MS's coordinators that received
    the alert (forwarders exist only in coordinators, DIR-086), no authority copy. The
    responsible MS is the closure proposer's, else the launching MS (ALR-007)."""
    if parties is None:
        return []
    ms = parties.responsible_ms or parties.launching_ms
    received = [
        a
        for a in sorted(parties.recipients)
        if (facts := directory.authority(a)) is not None and facts.member_state == ms
    ]
    routes: list[Route] = []
    for authority_id in parties.reachable(received):
        users = directory.users_with_role(authority_id, FORWARDERS, None, ALERTS)
        routes += to_users(CLOSURE_REMINDER, users)
    return unique(routes)
