"""The two ends of the relay between deployments (X-001; see handlers/relaying.py):
`on_replicated` keeps this deployment's replica of a request held elsewhere (only a newer
revision: in order, exactly once), `on_command_relayed` applies, at the owner, a command a
user of the other side took on its replica, with the same handler, exactly once."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import UTC
from typing import Any, get_type_hints

from bson import json_util
from bson.json_util import JSONOptions
from pydantic import TypeAdapter

from imi_shared.envelope import Envelope
from imi_shared.errors import Conflict, RuleViolation

from ..adapters.derogation_store import DerogationStore
from ..adapters.derogation_store import from_document as derogation_of
from ..adapters.relay_messages import CommandRefused, CommandRelayed, RequestReplicated
from ..adapters.request_repository import RequestRepository
from ..domain.actors import Actor
from . import allocation, approval, arbitration, commission, derogations, exchange, incoming

log = logging.getLogger(__name__)
MODULES = (allocation, approval, arbitration, commission, derogations, exchange, incoming)
MAX_REFUSED = 20
AWARE = JSONOptions(tz_aware=True, tzinfo=UTC)  # the times as the owner stored them


def registry() -> dict[str, tuple[Any, type]]:
    """Every relayable handler by its relay name, with its command's class."""
    found = {}
    for module in MODULES:
        for handler in vars(module).values():
            name = getattr(handler, "relay_name", None)
            if name is not None:
                found[name] = (handler, get_type_hints(handler.__wrapped__)["command"])
    return found


@dataclass(frozen=True)
class BoundRunner:
    """The service's runner, every command made idempotent on the consumed envelope."""

    runner: Any
    consumed: Envelope
    consumer: str

    @property
    def emit(self):
        return self.runner.emit

    async def create(self, build):
        return await self.runner.create(build, consumed=self.consumed, consumer=self.consumer)

    async def change(self, aggregate_id: str, decide, **options):
        return await self.runner.change(
            aggregate_id, decide, consumed=self.consumed, consumer=self.consumer, **options
        )

    async def delete(self, aggregate_id: str, decide):
        return await self.runner.delete(
            aggregate_id, decide, consumed=self.consumed, consumer=self.consumer
        )


def relay_handlers(ctx) -> dict:
    handlers = registry()

    async def on_replicated(event: RequestReplicated, envelope: Envelope, tx) -> None:
        if ctx.key_sharing is not None:
            await ctx.key_sharing.accept(event.key_shares)  # into OUR key store, first
        opened = await ctx.sealer.unseal(event.sealed_state)
        document = json_util.loads(json.dumps(opened["state"]), json_options=AWARE)
        documents = tx.documents(RequestRepository.collection)
        current = await documents.get(event.request_id)
        if current is not None and current.get("revision", 0) >= event.revision:
            return  # an older or the same state (X-001: in order)
        document.update(
            _id=event.request_id,
            replica_from=event.owner_member_state,
            revision=event.revision,
            refused_commands=(current or {}).get("refused_commands", []),
        )
        if current is None:
            await documents.insert({**document, "version": 1})
        elif not await documents.replace(
            {**document, "version": current["version"] + 1}, expected_version=current["version"]
        ):
            raise Conflict("X-001", "the replica changed meanwhile")  # retried
        if opened.get("derogation"):  # §4.14: the owner's derogation part, as it is there
            raw = json_util.loads(json.dumps(opened["derogation"]), json_options=AWARE)
            await DerogationStore.of(tx).put(derogation_of(raw))

    async def on_command_relayed(event: CommandRelayed, envelope: Envelope, tx) -> None:
        handler, command_type = handlers[event.command]
        arguments = (await ctx.sealer.unseal(event.sealed_command))["command"]
        command = TypeAdapter(command_type).validate_python(arguments)
        rights = {la: frozenset(roles) for la, roles in event.actor_rights.items()}
        actor = Actor(
            event.actor_user_id, event.actor_authority_id, event.actor_member_state, rights
        )
        bound = replace(
            ctx, runner=BoundRunner(ctx.runner, envelope, f"{ctx.relay_consumer}.apply")
        )
        try:
            await handler(bound, command, actor)
        except RuleViolation as refused:  # raced with another change at the owner
            log.warning("relayed %s refused: %s", event.command, refused.rule_id)
            answer = CommandRefused(
                request_id=event.request_id,
                command=event.command,
                actor_user_id=event.actor_user_id,
                actor_authority_id=event.actor_authority_id,
                actor_member_state=event.actor_member_state,
                rule=refused.rule_id,
                error=refused.message[:500],
            )
            ctx.runner.emit(tx, [answer])  # with this event's processing (exactly once)

    async def on_command_refused(event: CommandRefused, envelope: Envelope, tx) -> None:
        """Kept on the replica (the last 20), shown to the caller's authority."""
        documents = tx.documents(RequestRepository.collection)
        current = await documents.get(event.request_id)
        if current is None:
            return
        entry = {
            "command": event.command,
            "rule": event.rule,
            "error": event.error,
            "user_id": event.actor_user_id,
            "authority_id": event.actor_authority_id,
            "at": envelope.occurred_at,
        }
        refused = [*current.get("refused_commands", []), entry][-MAX_REFUSED:]
        document = {**current, "refused_commands": refused, "version": current["version"] + 1}
        if not await documents.replace(document, expected_version=current["version"]):
            raise Conflict("X-001", "the replica changed meanwhile")  # retried

    return {
        RequestReplicated.event_type: on_replicated,
        CommandRelayed.event_type: on_command_relayed,
        CommandRefused.event_type: on_command_refused,
    }
