"""Every notification code of spec §7 (NOT-007..NOT-043) and whether it implies an action
(NOT-006: such a notification also feeds the recipient's action list)."""

from __future__ import annotations

# code -> (rule, implies an action)
CODES: dict[str, tuple[str, bool]] = {
    "N_REQ_NEW_INCOMING": ("NOT-007", True),
    "N_REQ_ALLOCATED": ("NOT-008", True),
    "N_REQ_TO_COORDINATOR": ("NOT-009", True),
    "N_REQ_FORWARDED": ("NOT-010", False),
    "N_REQ_SPLIT": ("NOT-011", False),
    "N_REQ_ANSWERED": ("NOT-012", True),
    "N_REQ_MESSAGE_ADDED": ("NOT-013", False),
    "N_REQ_FURTHER_INFO_REQUESTED": ("NOT-014", True),
    "N_REQ_UPDATE": ("NOT-015", False),
    "N_ALR_SUBMITTED": ("NOT-016", True),
    "N_ALR_INCOMING": ("NOT-017", True),
    "N_ALR_FORWARDED": ("NOT-018", True),
    "N_ALR_MSE_CHANGED": ("NOT-019", False),
    "N_ALR_INFO_SUBMITTED": ("NOT-020", True),
    "N_ALR_INFO_BROADCAST": ("NOT-021", False),
    "N_ALR_CLOSURE_COMMENTS_OPEN": ("NOT-022", True),
    "N_ALR_COMMENT_PERIOD_ENDED": ("NOT-023", True),
    "N_ALR_CLOSURE_PROPOSAL_BROADCAST": ("NOT-024", False),
    "N_ALR_OBJECTION_BROADCAST": ("NOT-025", False),
    "N_ALR_OBJECTION_PERIOD_ENDED": ("NOT-026", True),
    "N_ALR_WITHDRAWAL_SUBMITTED": ("NOT-027", True),
    "N_ALR_WITHDRAWN": ("NOT-028", False),
    "N_ALR_CLOSURE_PROPOSAL_CANCELLED": ("NOT-029", False),
    "N_ALR_CLOSED": ("NOT-030", False),
    "N_DIR_INVITATION": ("NOT-031", True),
    "N_DIR_INVITATION_REMINDER": ("NOT-032", True),
    "N_DIR_SELF_REG_CONFIRMATION": ("NOT-033", False),
    "N_DIR_VALIDATION_REQUIRED": ("NOT-034", True),
    "N_DIR_ACCESS_GRANTED": ("NOT-035", False),
    "N_DIR_USER_WELCOME": ("NOT-036", False),
    "N_DIR_TEMP_PASSWORD": ("NOT-037", True),
    "N_DIR_PASSWORD_RESET": ("NOT-038", True),
    "N_DIR_INVITATIONS_BLOCKED": ("NOT-039", True),
    "N_DIR_COORDINATOR_MAILING": ("NOT-040", False),
    "N_REG_DELETED": ("NOT-041", False),
    "N_REG_MANAGEMENT_TRANSFERRED": ("NOT-042", True),
    "N_RET_CLOSURE_REMINDER": ("NOT-043", True),
}

# NOT-040: the one code whose sealed secret is the coordinator's own subject and body
MAILING_CODE = "N_DIR_COORDINATOR_MAILING"

# NOT-037, NOT-038: the codes whose sealed secret is a temporary password (own address only)
PASSWORD_CODES = frozenset({"N_DIR_TEMP_PASSWORD", "N_DIR_PASSWORD_RESET"})


def rule_of(code: str) -> str:
    return CODES[code][0]


def implies_action(code: str) -> bool:
    """NOT-006: whether a notification of this code asks its recipient to act."""
    return CODES[code][1]
