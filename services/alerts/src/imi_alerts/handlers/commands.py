"""The commands a participant other than the origin may take on a broadcast alert, as data.

One registry, shared by both paths so the rules live once in the domain: the deployment holding
the alert applies a command at once (`on_alert`); a state's own deployment that holds only a
copy relays it to the origin's (`relay`, ALR-080), which applies the same command under the
actor carried in the event (`relayed_commands`). Arguments are plain JSON on the wire.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from ..adapters.directory_view import DirectoryReads
from ..domain import (
    Actor,
    AdditionalInfoType,
    Alert,
    Attachment,
    FreeText,
    InvalidInput,
)
from .actors import coordinator_ref, find_coordinator
from .unit import Step


def item_id_of(alert_id: str, item: str) -> str:
    """Items are named `<alert id>/I<n>`; the API names them by their last part (`I1`)."""
    return item if item.startswith(f"{alert_id}/") else f"{alert_id}/{item}"


def item_ref(item_id: str) -> str:
    return item_id.rsplit("/", 1)[-1]


class AlertCommand(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ClassVar[str]  # imperative; the relayed event's `command`

    async def check(self, directory: DirectoryReads) -> None:
        """What the acting deployment checks before relaying (the domain checks the rest)."""

    async def apply(self, alert: Alert, actor: Actor, step: Step) -> str | None:
        """Call the domain; returns the id of the item it created or changed, if any."""
        raise NotImplementedError


class SubmitInformation(AlertCommand):
    """ALR-028 / ALR-029 / ALR-063; clarification requests ALR-004; objections ALR-031 /
    ALR-070."""

    name: ClassVar[str] = "submit_information"
    info_type: AdditionalInfoType = AdditionalInfoType.INFORMATION
    text: FreeText
    coordinator_id: str
    attachments: tuple[Attachment, ...] = ()
    addressed_to_ms: str | None = None

    async def check(self, directory: DirectoryReads) -> None:
        await coordinator_ref(directory, self.coordinator_id, "ALR-029")

    async def apply(self, alert: Alert, actor: Actor, step: Step) -> str | None:
        coordinator = await find_coordinator(step.directory, self.coordinator_id)
        alert.submit_information(
            actor,
            self.info_type,
            self.text,
            coordinator,
            step.now,
            attachments=self.attachments,
            addressed_to_ms=self.addressed_to_ms,
        )
        return alert.items[-1].item_id


class EditInformation(AlertCommand):
    """ALR-029: before its broadcast, under the final-approval rule."""

    name: ClassVar[str] = "edit_information"
    item: str
    text: FreeText | None = None
    attachments: tuple[Attachment, ...] | None = None

    def _require_change(self) -> None:
        if self.text is None and self.attachments is None:  # after the rights
            raise InvalidInput("ALR-029", "nothing to change")

    async def check(self, directory: DirectoryReads) -> None:
        self._require_change()

    async def apply(self, alert: Alert, actor: Actor, step: Step) -> str | None:
        item_id = item_id_of(alert.alert_id, self.item)
        alert.edit_information(
            actor, item_id, step.now, text=self.text, attachments=self.attachments
        )
        return item_id


class DeleteInformation(AlertCommand):
    """ALR-029 / ALR-005."""

    name: ClassVar[str] = "delete_information"
    item: str

    async def apply(self, alert: Alert, actor: Actor, step: Step) -> str | None:
        item_id = item_id_of(alert.alert_id, self.item)
        alert.delete_information(actor, item_id, step.now)
        return item_id


class BroadcastInformation(AlertCommand):
    """ALR-029 / ALR-030 / ALR-064; objections ALR-071."""

    name: ClassVar[str] = "broadcast_information"
    item: str

    async def apply(self, alert: Alert, actor: Actor, step: Step) -> str | None:
        item_id = item_id_of(alert.alert_id, self.item)
        alert.broadcast_information(actor, item_id, step.now)
        return item_id


class ProposeClosure(AlertCommand):
    """ALR-040 / ALR-041 / ALR-065: by the responsible state, which need not be the origin
    (ALR-007: the state of establishment)."""

    name: ClassVar[str] = "propose_closure"
    coordinator_id: str
    text: FreeText

    async def check(self, directory: DirectoryReads) -> None:
        await coordinator_ref(directory, self.coordinator_id, "ALR-040")

    async def apply(self, alert: Alert, actor: Actor, step: Step) -> str | None:
        coordinator = await find_coordinator(step.directory, self.coordinator_id)
        alert.propose_closure(actor, coordinator, self.text, step.periods, step.now)
        return None


class CommentOnClosure(AlertCommand):
    """ALR-042 / ALR-066: inside the responsible state, during the comment period."""

    name: ClassVar[str] = "comment_on_closure"
    text: FreeText

    async def apply(self, alert: Alert, actor: Actor, step: Step) -> str | None:
        alert.comment_on_closure(actor, self.text, step.now)
        return alert.items[-1].item_id


class EditClosureProposal(AlertCommand):
    """ALR-043 / ALR-067."""

    name: ClassVar[str] = "edit_closure_proposal"
    text: FreeText

    async def apply(self, alert: Alert, actor: Actor, step: Step) -> str | None:
        alert.edit_closure_proposal(actor, self.text, step.now)
        return None


class CancelClosureProposal(AlertCommand):
    """ALR-045 / ALR-067 before its broadcast; ALR-047 / ALR-074 after it."""

    name: ClassVar[str] = "cancel_closure_proposal"

    async def apply(self, alert: Alert, actor: Actor, step: Step) -> str | None:
        alert.cancel_closure_proposal(actor, step.now)
        return None


class BroadcastClosureProposal(AlertCommand):
    """ALR-045 / ALR-069: with all (None) or the chosen comments; the objection period starts."""

    name: ClassVar[str] = "broadcast_closure_proposal"
    comment_ids: tuple[str, ...] | None = None

    async def apply(self, alert: Alert, actor: Actor, step: Step) -> str | None:
        chosen = (
            None
            if self.comment_ids is None
            else [item_id_of(alert.alert_id, c) for c in self.comment_ids]
        )
        alert.broadcast_closure_proposal(actor, step.periods, step.now, chosen)
        return None


class Close(AlertCommand):
    """ALR-047 / ALR-073 (after the objection period, ALR-088)."""

    name: ClassVar[str] = "close"

    async def apply(self, alert: Alert, actor: Actor, step: Step) -> str | None:
        alert.close(actor, step.now)
        return None


COMMANDS: dict[str, type[AlertCommand]] = {
    cls.name: cls
    for cls in (
        SubmitInformation,
        EditInformation,
        DeleteInformation,
        BroadcastInformation,
        ProposeClosure,
        CommentOnClosure,
        EditClosureProposal,
        CancelClosureProposal,
        BroadcastClosureProposal,
        Close,
    )
}


def parse_command(name: str, arguments: dict[str, Any]) -> AlertCommand:
    """The relayed command; `InvalidInput` if the name is not in the registry or the arguments
    do not fit (a newer deployment's command, say)."""
    cls = COMMANDS.get(name)
    if cls is None:
        raise InvalidInput("X-001", f"{name!r} is not a command a deployment may relay")
    try:
        return cls.model_validate(arguments)
    except ValidationError as exc:  # the fields and problems, never the values
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
            for e in exc.errors(include_input=False, include_url=False)
        )
        raise InvalidInput("X-001", f"invalid arguments of {name}: {problems}") from None
