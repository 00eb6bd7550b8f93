"""The stored authority document does not change with the aggregate's inner layout (DIR-022,
DIR-137): an authority taken through a lifecycle (self-registration DIR-098, validation DIR-099,
data edits DIR-017/018/027/030, access grants and status changes DIR-110..123, role changes
DIR-127/019, authority suspension and inactivation DIR-103/105) dumps, at each step, exactly to
the JSON recorded from the mixin-based aggregate (golden/authority_lifecycle.json), and so
do the events of each step.

A second authority, registered by a coordinator, covers LA grants and requests, reassignment
of the validating coordinator, an admin role change and the purge of a refused registration.
The file was recorded from main's mixin-based code: `IMI_WRITE_GOLDEN=1
PYTHONPATH=/work/main/services/directory/src pytest <this file>`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from imi_directory.domain.access import AccessAction
from imi_directory.domain.enums import AdminRole, AlertWorkflowRole, RequestWorkflowRole, Workflow
from imi_directory.domain.reference import SERVICES
from imi_directory.domain.timeutil import add_months

GOLDEN = Path(__file__).parent / "golden" / "authority_lifecycle.json"
REQ, ALR = Workflow.REQUESTS, Workflow.ALERTS
PQ, SOLVIT = "professional_qualifications", "solvit"


def lifecycle(world) -> dict[str, list]:
    now, catalog = world.now, world.catalog
    a, _, _ = world.self_register()
    validator = world.validating_da(a)
    coordinator_da = world.da(world.dimic)
    steps: dict[str, list] = {}

    def snap(name: str, events: list | None = None) -> None:
        steps[name] = [
            a.model_dump(mode="json"),
            [[type(e).__name__, e.model_dump(mode="json")] for e in events or []],
        ]

    snap("self_registered")
    snap(
        "associated",
        a.set_associated_coordinators(validator, SERVICES, REQ, [world.dimic], now),
    )
    snap("parameters", a.set_parameters(validator, SERVICES, REQ, {"approval_required": True}, now))
    snap("validated", a.validate(validator, now))
    snap(
        "details",
        a.update_details(
            world.lda(a), now, {"phone": "+33 1 23", "spoken_languages": ["fr"], "email": "A@Ex.fr"}
        ),
    )
    snap(
        "la_data",
        a.set_la_data(
            coordinator_da,
            SERVICES,
            now,
            catalog=catalog,
            keywords=["tourism", "retail"],
            professions=["guide"],
            linked_authority_ids=[world.ca.id],
        ),
    )
    snap(
        "alerts_granted",
        a.grant_workflow_access(
            coordinator_da,
            world.dimic,
            SERVICES,
            ALR,
            now,
            catalog=catalog,
            role=AlertWorkflowRole.ALERT_AUTHORITY,
            associated=[world.limic],
        ),
    )
    world.suspend_accesses(a)
    snap("suspended_accesses")
    snap(
        "role_changed",
        a.change_workflow_role(
            coordinator_da, world.dimic, SERVICES, REQ, RequestWorkflowRole.REQUEST_COORDINATOR, now
        ),
    )
    snap(
        "role_changed_back",
        a.change_workflow_role(
            coordinator_da, world.dimic, SERVICES, REQ, RequestWorkflowRole.REQUEST_AUTHORITY, now
        ),
    )
    snap(
        "reactivation_requested",
        a.change_access(AccessAction.REQUEST_REACTIVATION, world.lda(a), SERVICES, now),
    )
    snap(
        "reactivated",
        a.change_access(AccessAction.ACCEPT_REACTIVATION, coordinator_da, SERVICES, now),
    )
    snap(
        "workflow_reactivated",
        a.change_access(AccessAction.REACTIVATE, coordinator_da, SERVICES, now, workflow=REQ),
    )
    snap(
        "access_coordinator",
        a.reassign_access_coordinator(coordinator_da, SERVICES, world.limic, now),
    )
    world.remove_accesses(a)
    snap("removed_accesses")
    snap("suspended", a.suspend(world.validating_da(a), now))
    snap("inactive", a.set_inactive(world.validating_da(a), now, open_cases=0))
    return steps


def registered_lifecycle(world) -> dict[str, list]:
    """A registered authority: LA grant and request (DIR-110/111), validating coordinator
    reassigned (DIR-019), admin role changed (DIR-128) and a refused registration purged."""
    now, catalog, nimic_da = world.now, world.catalog, world.da(world.nimic)
    a = world.ca
    steps: dict[str, list] = {}

    def snap(name: str, events: list) -> None:
        steps[name] = [
            a.model_dump(mode="json"),
            [[type(e).__name__, e.model_dump(mode="json")] for e in events],
        ]

    snap(
        "la_granted",
        a.grant_la_access(nimic_da, world.nimic, PQ, now, catalog=catalog, keywords=("doctors",)),
    )
    snap(
        "pq_workflow_granted",
        a.grant_workflow_access(
            nimic_da, world.nimic, PQ, REQ, now, catalog=catalog, associated=[world.nimic]
        ),
    )
    snap(
        "la_requested",
        a.request_la_access(
            world.lda(a),
            SOLVIT,
            now,
            access_coordinator=world.nimic,
            catalog=catalog,
            keywords=("solvit",),
        ),
    )
    snap(
        "validating_coordinator",
        a.reassign_validating_coordinator(world.validating_da(a), world.limic, now),
    )
    snap(
        "pq_workflow_suspended",
        a.change_access(AccessAction.SUSPEND, nimic_da, PQ, now, workflow=REQ),
    )
    snap("pq_suspended", a.change_access(AccessAction.SUSPEND, nimic_da, PQ, now))
    snap(
        "admin_role_changed",
        a.change_admin_role(
            nimic_da, world.nimic, PQ, AdminRole.LIMIC, now, catalog=catalog, others=world.all
        ),
    )
    refused, _, _ = world.self_register(world.invite(email="autre@ex.fr"))
    refused.refuse_registration(world.validating_da(refused), now)
    steps["refused"] = [refused.model_dump(mode="json"), []]
    purged = refused.purge(add_months(refused.status_changed_at, 6))
    steps["purged"] = [refused.model_dump(mode="json"), [e.model_dump(mode="json") for e in purged]]
    return steps


def test_dir_022_authority_document_is_unchanged_through_a_lifecycle(world):
    steps = json.loads(
        json.dumps({"self_registered": lifecycle(world), "registered": registered_lifecycle(world)})
    )
    if os.environ.get("IMI_WRITE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(steps, indent=1) + "\n", encoding="utf-8")
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert list(steps) == list(recorded)
    for name, got in steps.items():
        assert got == recorded[name], name
