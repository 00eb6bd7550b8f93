"""X-010 / issue 9 item 11 at the handlers: what a handler resolves or checks before calling the
domain (the coordinator it names, "nothing to change", the states wanted) never answers before
the rights. An actor without the right to the command learns only that (403 naming the rule
of the right), whatever else is wrong with the request."""

from __future__ import annotations

import pytest

from imi_alerts.domain import ContentChanges, Forbidden, FreeText
from imi_alerts.handlers import drafting
from imi_alerts.handlers.commands import ProposeClosure, SubmitInformation
from imi_alerts.handlers.relay import run_command

TEXT = FreeText(text="Found", lang="en")
NOBODY = "FR-NOBODY"  # not an authority of the directory


def _edit(coordinator_id):
    async def act(ctx, who, alert_id):
        await drafting.edit(
            ctx, who, alert_id, changes=ContentChanges(), coordinator_id=coordinator_id
        )

    return act


async def _forward(ctx, who, alert_id):
    await drafting.forward_to_coordinator(
        ctx, who, alert_id, coordinator_id=NOBODY, justification=""
    )


async def _broadcast(ctx, who, alert_id):
    await drafting.broadcast(ctx, who, alert_id, recipient_states="SOME")


def _command(command):
    async def act(ctx, who, alert_id):
        await run_command(ctx, who, alert_id, command)

    return act


async def _alert(handlers, stage: str) -> str:
    """FR-A's alert, drafted, submitted to FR-C or broadcast."""
    alert_id = await handlers.drafted()
    if stage == "draft":
        return alert_id
    await drafting.submit(handlers.ctx, handlers.user("FR-A", "handler"), alert_id)
    if stage == "submitted":
        return alert_id
    await drafting.accept(handlers.ctx, handlers.user("FR-C", "forwarder"), alert_id)
    await drafting.broadcast(handlers.ctx, handlers.user("FR-C", "forwarder"), alert_id)
    return alert_id


#: FR-A's alert (coordinator FR-C) at a stage, the act, who may see the alert there but lacks
#: the right (after broadcast FR's mailbox FR-INBOX takes part), the rule of the right
ROWS = [
    ("edit: nothing to change", "draft", _edit(None), ("FR-A", "viewer"), "ALR-050"),
    ("edit: an unknown coordinator", "draft", _edit(NOBODY), ("FR-A", "viewer"), "ALR-050"),
    (
        "forward: unknown coordinator, no reason",
        "submitted",
        _forward,
        ("FR-C", "handler"),
        "ALR-017",
    ),
    ("broadcast: no such states", "submitted", _broadcast, ("FR-C", "handler"), "ALR-057"),
    (
        "information: an unknown coordinator",
        "broadcast",
        _command(SubmitInformation(text=TEXT, coordinator_id=NOBODY)),
        ("FR-INBOX", "viewer"),
        "ALR-029",
    ),
    (
        "closure: an unknown coordinator",
        "broadcast",
        _command(ProposeClosure(coordinator_id=NOBODY, text=TEXT)),
        ("FR-INBOX", "viewer"),
        "ALR-040",
    ),
]


@pytest.mark.parametrize("name, stage, act, who, rule", ROWS, ids=[r[0] for r in ROWS])
async def test_x_010_the_right_is_refused_before_the_input(handlers, name, stage, act, who, rule):
    alert_id = await _alert(handlers, stage)
    with pytest.raises(Forbidden) as refused:
        await act(handlers.ctx, handlers.user(*who), alert_id)
    assert refused.value.rule_id == rule, refused.value
