"""Issue 9: schemathesis over EVERY service's OpenAPI, on the apps started on the real local
servers, with valid tokens: no 5xx, and every answer declared (status) and shaped (body) as the
OpenAPI says. tests/fuzz/conftest.py prints the figures in one summary line."""

from __future__ import annotations

import importlib
import time

import httpx
import pytest
from fuzzing import Figures, fuzz_app

from imi_shared.auth import Principal
from imi_shared.topics import Topics, delete_topics, ensure_topics
from imi_testkit.apps import bearer

# schemathesis' strategies draw from `random` (hypothesis warns; not ours to fix)
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")

SERVICES = ["directory", "alerts", "requests", "registers", "notifier", "retention", "translation"]
PER_OPERATION = 3  # cases drawn per operation: the whole fuzz stays within about a minute
TOTAL = Figures()

# a user holding broad rights, so the fuzzer gets past the access checks to the data rules
PRINCIPAL = Principal(
    user_id="fuzz-user",
    username="fuzz-user",
    authority_id="FR-FUZZ",
    member_state="FR",
    authority_roles={"services": ("competent_authority",)},
    user_rights={
        "services/alerts": ("alert_viewer", "alert_handler", "alert_forwarder"),
        "services/requests": ("request_viewer", "request_handler", "allocator"),
    },
    local_data_admin=True,
    data_admin_las=("services",),
)


@pytest.fixture(scope="module")
async def fuzz_topics(infra):
    catalogue = Topics(prefix=f"fz{int(time.time() * 1000) % 10**8}.")
    await ensure_topics(infra.kafka_bootstrap, catalogue)
    yield catalogue
    await delete_topics(infra.kafka_bootstrap, catalogue)


def _app(service: str, infra, topics: Topics, db_name: str):
    module = importlib.import_module(f"imi_{service}.app")
    settings_cls = getattr(
        importlib.import_module(f"imi_{service}.settings"), f"{service.capitalize()}Settings"
    )
    return module.create_app(
        settings_cls(
            kafka_bootstrap=infra.kafka_bootstrap,
            mongo_uri=infra.mongo_uri,
            db_name=db_name,
            topic_prefix=topics.prefix,
        )
    )


@pytest.mark.parametrize("service", SERVICES)
async def test_fuzz_openapi_no_5xx_and_answers_as_declared(
    service, infra, fuzz_topics, db_name, record_property
):
    app = _app(service, infra, fuzz_topics, db_name)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as http:
            # a fresh token per case: POST /auth/logout revokes the one it is sent with
            figures = await fuzz_app(
                app, http, lambda: bearer(PRINCIPAL), per_operation=PER_OPERATION
            )
    TOTAL.add(figures)
    record_property(
        "fuzz",
        {n: getattr(figures, n) for n in ("operations", "cases", "server_errors", "mismatches")},
    )
    print(
        f"\nFUZZ {service}: {figures.operations} operations, {figures.cases} cases, "
        f"{figures.server_errors} 5xx, {figures.mismatches} schema mismatches"
        f" | ALL so far: {TOTAL.operations} ops, {TOTAL.cases} cases, "
        f"{TOTAL.server_errors} 5xx, {TOTAL.mismatches} mismatches"
    )
    assert figures.cases >= figures.operations, "every operation got cases"
    assert not figures.findings, "\n".join(figures.findings)
