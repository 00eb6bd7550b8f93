"""Permission checks shared by every command (ALR-008..013, ALR-019, X-003, X-026).

Each check raises `Forbidden` naming the rule; the predicates (`may_...`) let read models show
only the actions a user may take (ALR-084).
"""

from __future__ import annotations

from collections.abc import Iterable

from .actors import Actor, CoordinatorRef
from .errors import Forbidden, InvalidInput


def require_may_act(actor: Actor) -> None:
    """Any command on an existing alert (ALR-013; the Commission only receives, X-003)."""
    if actor.is_commission:
        raise Forbidden("X-003", "the Commission receives alerts without acting on them")
    if not actor.has_alert_role:
        raise Forbidden("ALR-013", "the authority has no role in the alerts workflow")
    if not actor.may_continue_alerts:
        raise Forbidden(
            "ALR-013",
            f"authority {actor.authority_id} has no usable alerts-workflow access "
            f"({actor.authority_status}/{actor.workflow_access})",
        )


def require_may_start_new(actor: Actor) -> None:
    """Launching a new alert, or submitting it, needs `active` access (ALR-013, ALR-049)."""
    require_may_act(actor)
    if not actor.may_start_new_alerts:
        raise Forbidden(
            "ALR-013",
            "a suspended authority or alerts workflow may continue ongoing alerts but must "
            "not launch new ones",
        )


def require_handler(actor: Actor, rule_id: str, what: str) -> None:
    if not actor.is_handler:
        raise Forbidden(rule_id, f"{what} needs the alert_handler right (ALR-011)")


def require_forwarder(actor: Actor, rule_id: str, what: str) -> None:
    if not actor.is_forwarder:
        raise Forbidden(
            rule_id, f"{what} needs the alert_forwarder right of an alert coordinator (ALR-011)"
        )


def require_forwarder_of(actor: Actor, coordinator_id: str, rule_id: str, what: str) -> None:
    require_forwarder(actor, rule_id, what)
    if actor.authority_id != coordinator_id:
        raise Forbidden(rule_id, f"{what}: only forwarders of coordinator {coordinator_id}")


def require_coordinator_forwarder(
    actor: Actor, coordinator: CoordinatorRef | None, rule_id: str, what: str
) -> None:
    """A forwarder of the selected coordinator; a draft may have none yet: the right alone
    (checked before the status, which then refuses: X-010 rights first)."""
    if coordinator is None:
        require_forwarder(actor, rule_id, what)
    else:
        require_forwarder_of(actor, coordinator.authority_id, rule_id, what)


def require_handler_of(actor: Actor, authority_ids: Iterable[str], rule_id: str, what: str) -> None:
    allowed = set(authority_ids)
    require_handler(actor, rule_id, what)
    if actor.authority_id not in allowed:
        raise Forbidden(rule_id, f"{what}: only handlers of {', '.join(sorted(allowed))}")


def may_edit_unbroadcast(
    actor: Actor, coordinator: CoordinatorRef, author_authority_id: str
) -> bool:
    """The final-approval rule (ALR-019, ALR-029, ALR-034, ALR-043; DIR-037).

    With `final_approval`, the coordinator's forwarders may edit or delete (and the author's
    authority no longer may). Without it, only the handlers of the authoring authority may.
    """
    if coordinator.final_approval:
        return actor.is_forwarder and actor.authority_id == coordinator.authority_id
    return actor.is_handler and actor.authority_id == author_authority_id


def require_editor_right(
    actor: Actor, coordinator: CoordinatorRef | None, rule_id: str, what: str
) -> None:
    """The right half of the final-approval rule, checked before the status (X-010: rights
    first) when the author is not known yet: the coordinator's forwarders if it has
    `final_approval`, else a handler; no coordinator known yet: a handler or a forwarder. The
    whole rule follows once the item is there."""
    if coordinator is None:  # not known yet (nothing pending): an acting right at least
        if not (actor.is_handler or actor.is_forwarder):
            raise Forbidden(rule_id, f"{what} needs the handler or forwarder right (ALR-011)")
    elif coordinator.final_approval:
        require_forwarder_of(actor, coordinator.authority_id, rule_id, what)
    else:
        require_handler(actor, rule_id, what)


def require_final_approval_rule(
    actor: Actor, coordinator: CoordinatorRef, author_authority_id: str, rule_id: str, what: str
) -> None:
    if may_edit_unbroadcast(actor, coordinator, author_authority_id):
        return
    if coordinator.final_approval:
        who = f"the forwarders of {coordinator.authority_id}, which has final_approval"
    else:
        who = (
            f"the handlers of {author_authority_id}, because {coordinator.authority_id} has "
            "no final_approval"
        )
    raise Forbidden(rule_id, f"{what}: only {who}")


def require_justification(text: str | None, rule_id: str, what: str) -> str:
    """X-026: an action that needs a justification rejects an empty (or blank) one."""
    if text is None or not text.strip():
        raise InvalidInput(rule_id, f"{what} needs a non-empty justification")
    return text.strip()
