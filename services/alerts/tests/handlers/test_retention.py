"""Obeying retention (X-052) on the fakes, for an alert held here: `case.locked` gives every
user the reduced view (RET-003, RET-012) while the helpdesk can extract the PD, logged
(RET-016, RET-017); `case.pd_deleted` purges it from the alert and the inbox copies and shreds
the case key (RET-013). The closed alert is built by the domain tests' world (real commands)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from imi_alerts.adapters.alert_repository import AlertRepository, StoredAlert
from imi_alerts.adapters.retention_events import CaseLocked, CasePdDeleted
from imi_alerts.domain import AlertStatus, Conflict, InvalidInput, NotFound
from imi_alerts.domain.visibility import project
from imi_alerts.handlers.context import AlertsContext
from imi_alerts.handlers.retention import Extraction, extract_locked, handlers
from imi_alerts.settings import AlertsSettings
from imi_shared.envelope import Envelope
from imi_shared.sealing import KeyShredded, SealedValue, Sealer
from imi_testkit import FakeClock, FakeUnitOfWork, InMemoryKeyStore

_spec = importlib.util.spec_from_file_location(
    "alerts_domain_world", Path(__file__).parents[1] / "domain" / "conftest.py"
)
world_module = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules[_spec.name] = world_module  # dataclasses look their module up
_spec.loader.exec_module(world_module)  # type: ignore[union-attr]

AT = datetime(2026, 9, 1, tzinfo=UTC)
PROOF = Extraction("a-1", "proof_of_exchange_with_consent", "DE-A", None)


@pytest.fixture
def world():
    return world_module.World()


@pytest.fixture
def ctx() -> AlertsContext:
    sealer = Sealer(InMemoryKeyStore(), cache_ttl=0)
    return AlertsContext(AlertsSettings(), FakeUnitOfWork(), sealer, FakeClock())  # type: ignore[arg-type]


async def held(ctx, alert) -> None:
    alert.pull_events()
    await ctx.uow.run(lambda tx: AlertRepository(tx).add(StoredAlert(alert)))


async def stored(ctx):
    return (await ctx.uow.run(lambda tx: AlertRepository(tx).get("a-1"))).value.alert


async def consume(ctx, event) -> None:
    envelope = Envelope.wrap(event, producer="retention", member_state="FR")
    await ctx.uow.run(lambda tx: handlers(ctx)[event.event_type](event, envelope, tx))


def locked(case_type: str = "alert") -> CaseLocked:
    return CaseLocked(
        case_type=case_type, case_id="a-1", member_state="FR", rule="RET-003",
        locked_at=AT, delete_at=AT,
    )  # fmt: skip


def deleted(rule: str = "RET-003") -> CasePdDeleted:
    return CasePdDeleted(
        case_type="alert", case_id="a-1", member_state="FR", rule=rule, deleted_at=AT,
        key_id="a-1",
    )  # fmt: skip


async def test_ret_003_012_a_locked_alert_shows_every_user_the_reduced_view(ctx, world):
    await held(ctx, world.alert(AlertStatus.CLOSED))
    await consume(ctx, locked())
    await consume(ctx, locked())  # a repeat changes nothing
    alert = await stored(ctx)
    assert alert.pd_locked and not alert.pd_deleted
    for viewer in ("FR-A", "DE-A"):
        view = project(alert, world.viewer(viewer))
        assert view.access == "reduced" and "Jean Dupont" not in view.model_dump_json()
    assert [h.action for h in alert.history].count("personal_data_locked") == 1


async def test_ret_012_only_a_closed_or_withdrawn_alert_is_locked(ctx, world):
    await held(ctx, world.alert(AlertStatus.BROADCAST))
    with pytest.raises(Conflict):  # refused, so the event is retried then dead-lettered
        await consume(ctx, locked())


async def test_ret_016_017_the_helpdesk_extracts_a_locked_alerts_pd_logged(ctx, world):
    await held(ctx, world.alert(AlertStatus.WITHDRAWN))
    with pytest.raises(NotFound):  # not locked yet: nothing to extract as locked data
        await extract_locked(ctx, "u-hd", True, PROOF)
    await consume(ctx, locked())
    with pytest.raises(NotFound) as refused:  # for anyone else it does not exist
        await extract_locked(ctx, "u-fr", False, PROOF)
    assert refused.value.rule_id == "RET-016"
    with pytest.raises(InvalidInput):  # (a) names the authority that asked
        await extract_locked(ctx, "u-hd", True, Extraction("a-1", PROOF.reason, None, None))
    found = await extract_locked(ctx, "u-hd", True, PROOF)
    assert found["personal_data"]["provider"][0]["value"] == "Jean Dupont"
    (log,) = ctx.uow.collections["pd_extractions"].values()
    assert (log["case_id"], log["reason"], log["helpdesk_user_id"]) == (
        "a-1",
        "proof_of_exchange_with_consent",
        "u-hd",
    )
    assert "Jean Dupont" not in repr(log)


async def test_ret_013_deletion_purges_the_alert_and_the_copies_and_shreds_the_key(ctx, world):
    await held(ctx, world.alert(AlertStatus.CLOSED))
    sealed = await ctx.sealer.seal("a-1", {"provider": [{"value": "Jean Dupont"}]})
    ctx.uow.collections["inbox"] = {
        "a-1:DE": {
            "_id": "a-1:DE",
            "alert_id": "a-1",
            "participant": "DE",
            "version": 3,
            "copy": {"alert_id": "a-1", "sealed_personal_data": sealed.model_dump(mode="json")},
        }
    }
    await consume(ctx, locked())
    await consume(ctx, deleted())
    await consume(ctx, deleted())  # idempotent
    alert = await stored(ctx)
    assert alert.pd_deleted and alert.content.attachments == ()
    assert [f.code for f in alert.content.provider] == ["legal_form"]  # non-PD stays
    assert "Jean Dupont" not in repr(ctx.uow.collections["alerts"])
    copy = ctx.uow.collections["inbox"]["a-1:DE"]
    assert copy["copy"]["sealed_personal_data"] is None and copy["version"] == 4
    with pytest.raises(KeyShredded):
        await ctx.sealer.unseal(SealedValue.model_validate(sealed.model_dump()))
    with pytest.raises(NotFound) as gone:
        await extract_locked(ctx, "u-hd", True, PROOF)
    assert gone.value.rule_id == "RET-013"


async def test_ret_034_a_deleted_drafts_pd_is_deleted_at_once(ctx, world):
    await held(ctx, world.alert(AlertStatus.DELETED))
    await consume(ctx, deleted("RET-034"))
    alert = await stored(ctx)
    assert alert.pd_deleted and "Jean Dupont" not in repr(ctx.uow.collections["alerts"])


async def test_x_052_a_requests_decision_or_an_alert_held_elsewhere_changes_nothing(ctx, world):
    await held(ctx, world.alert(AlertStatus.CLOSED))
    before = repr(ctx.uow.collections["alerts"])
    await consume(ctx, locked("request"))
    assert repr(ctx.uow.collections["alerts"]) == before
    ctx.uow.collections["alerts"].clear()
    await consume(ctx, locked())  # not held here: nothing to do, no error
    assert ctx.uow.collections["alerts"] == {}
