"""Enumerations of the alerts domain (ALR-002..005, DIR-003/005/006/007, NOT §7.3).

Values are the codes used on the wire and in storage; the French labels come from the spec.
"""

from __future__ import annotations

from enum import StrEnum


class AlertStatus(StrEnum):
    """ALR-002: global status of an alert."""

    DRAFT = "draft"  # «Projet d'alerte»
    SUBMITTED_FOR_BROADCAST = "submitted_for_broadcast"  # «Alerte soumise pour diffusion»
    AWAITING_BROADCAST = "awaiting_broadcast"  # «Alerte en attente de diffusion»
    BROADCAST = "broadcast"  # «Alerte diffusée»
    CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS = "closure_proposal_open_for_comments"
    CLOSURE_PROPOSAL_AWAITING_BROADCAST = "closure_proposal_awaiting_broadcast"
    CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS = "closure_proposal_open_for_objections"
    WITHDRAWAL_AWAITING_BROADCAST = "withdrawal_awaiting_broadcast"  # «Retrait à diffuser»
    WITHDRAWN = "withdrawn"  # «Alerte retirée»
    CLOSED = "closed"  # «Alerte clôturée»
    DELETED = "deleted"  # [INFERRED code] deleted draft or unbroadcast alert


#: submitted but not yet broadcast (ALR-054, ALR-055)
UNBROADCAST = frozenset({AlertStatus.SUBMITTED_FOR_BROADCAST, AlertStatus.AWAITING_BROADCAST})
#: a closure proposal exists and is pending (ALR-033: no MSE change)
CLOSURE_PENDING = frozenset(
    {
        AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS,
        AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST,
        AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS,
    }
)
#: "`broadcast` … `closure_proposal_open_for_objections`" (ALR-028, ALR-059..064, ALR-075)
LIVE = frozenset({AlertStatus.BROADCAST}) | CLOSURE_PENDING
#: broadcast and still active: a pending withdrawal keeps the alert active until the withdrawal
#: is broadcast (manual 6.3.3 "À partir de ce moment, l'alerte n'est plus active")
ACTIVE = LIVE | {AlertStatus.WITHDRAWAL_AWAITING_BROADCAST}
#: statuses after broadcast, whatever happened since
AFTER_BROADCAST = LIVE | {
    AlertStatus.WITHDRAWAL_AWAITING_BROADCAST,
    AlertStatus.WITHDRAWN,
    AlertStatus.CLOSED,
}
#: only the reduced view remains (ALR-038, ALR-048)
REDUCED = frozenset({AlertStatus.WITHDRAWN, AlertStatus.CLOSED})
TERMINAL = REDUCED | {AlertStatus.DELETED}


class RecipientMsStatus(StrEnum):
    """ALR-003: status of one recipient member state, shown to its inbox."""

    AWAITING_ACKNOWLEDGEMENT = "awaiting_acknowledgement"  # «Alerte en attente d'accusé…»
    ACKNOWLEDGED = "acknowledged"  # [INFERRED code]


class DeliveryKind(StrEnum):
    """Which copy of a broadcast alert a participant holds (ALR-021)."""

    RECIPIENT_MS = "recipient_ms"  # a selected recipient member state: must acknowledge
    ORIGIN_COPY = "origin_copy"  # the launching state's own inbox(es): automatic copy
    COMMISSION = "commission"  # the Commission (EU): never personal data


class AdditionalInfoType(StrEnum):
    """ALR-004."""

    INFORMATION = "information"
    CLARIFICATION_REQUEST = "clarification_request"
    CLOSURE_SUGGESTION = "closure_suggestion"
    OBJECTION_TO_CLOSURE = "objection_to_closure"  # «Objection à une proposition de clôture»


class SubItemStatus(StrEnum):
    """ALR-005: status of additional information, comments, closure proposal, withdrawal."""

    SUBMITTED = "submitted"
    BROADCAST = "broadcast"
    CANCELLED = "cancelled"
    DELETED = "deleted"


class ItemKind(StrEnum):
    """ALR-082."""

    ADDITIONAL_INFORMATION = "additional_information"
    COMMENT = "comment"
    CLOSURE_PROPOSAL = "closure_proposal"
    WITHDRAWAL = "withdrawal"


class AuthorityAlertRole(StrEnum):
    """DIR-003 workflow role of an authority in the alerts workflow (+ the inbox flag)."""

    ALERT_AUTHORITY = "alert_authority"
    ALERT_COORDINATOR = "alert_coordinator"
    ALERT_INBOX = "alert_inbox"  # an alert coordinator flagged `is_alert_inbox` (ALR-010)


class AlertRight(StrEnum):
    """DIR-005 alert user rights (ALR-011)."""

    ALERT_VIEWER = "alert_viewer"
    ALERT_HANDLER = "alert_handler"
    ALERT_FORWARDER = "alert_forwarder"  # users of alert coordinators only


class AccessStatus(StrEnum):
    """DIR-007: status of the authority's alerts-workflow access."""

    REQUESTED = "requested"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    SUSPENDED_REACTIVATION_REQUESTED = "suspended_reactivation_requested"
    REMOVED = "removed"
    REMOVED_REACTIVATION_REQUESTED = "removed_reactivation_requested"


class AuthorityStatus(StrEnum):
    """DIR-006."""

    REGISTRATION_REQUESTED = "registration_requested"
    ACTIVE = "active"
    REGISTRATION_REFUSED = "registration_refused"
    SUSPENDED = "suspended"
    INACTIVE = "inactive"


class ClosurePeriod(StrEnum):
    """X-048 settings whose expiry is reported by `alert.period_expired`."""

    COMMENT = "closure_comment_period"
    OBJECTION = "closure_objection_period"


class Notification(StrEnum):
    """NOT §7.3 codes that a domain event asks the notifier to send."""

    SUBMITTED = "N_ALR_SUBMITTED"
    INCOMING = "N_ALR_INCOMING"
    FORWARDED = "N_ALR_FORWARDED"
    MSE_CHANGED = "N_ALR_MSE_CHANGED"
    INFO_SUBMITTED = "N_ALR_INFO_SUBMITTED"
    INFO_BROADCAST = "N_ALR_INFO_BROADCAST"
    CLOSURE_COMMENTS_OPEN = "N_ALR_CLOSURE_COMMENTS_OPEN"
    COMMENT_PERIOD_ENDED = "N_ALR_COMMENT_PERIOD_ENDED"
    CLOSURE_PROPOSAL_BROADCAST = "N_ALR_CLOSURE_PROPOSAL_BROADCAST"
    OBJECTION_BROADCAST = "N_ALR_OBJECTION_BROADCAST"
    OBJECTION_PERIOD_ENDED = "N_ALR_OBJECTION_PERIOD_ENDED"
    WITHDRAWAL_SUBMITTED = "N_ALR_WITHDRAWAL_SUBMITTED"
    WITHDRAWN = "N_ALR_WITHDRAWN"
    CLOSURE_PROPOSAL_CANCELLED = "N_ALR_CLOSURE_PROPOSAL_CANCELLED"
    CLOSED = "N_ALR_CLOSED"


#: ALR-006 / ALR-080: the MSE may be unknown
UNKNOWN_MSE = "unknown"
