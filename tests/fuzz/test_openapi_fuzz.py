"""Issue 9: schemathesis over EVERY service's OpenAPI, on the apps started on the real local
servers, with valid tokens: no 5xx, and every answer declared (status) and shaped (body) as the
OpenAPI says. tests/fuzz/conftest.py prints the figures in one summary line."""

from __future__ import annotations

import importlib
import os
import time

import httpx
import pytest
from fuzzing import Figures, fuzz_app
from seeding import seed_for

from imi_shared.topics import Topics, delete_topics, ensure_topics

# schemathesis' strategies draw from `random` (hypothesis warns; not ours to fix)
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")

SERVICES = ["directory", "alerts", "requests", "registers", "notifier", "retention", "translation"]
# cases drawn per operation: 3 keeps the whole fuzz within about a minute; IMI_FUZZ_EXAMPLES
# runs a deeper search by hand (e.g. 30), outside `make test`
PER_OPERATION = int(os.environ.get("IMI_FUZZ_EXAMPLES", "3"))
TOTAL = Figures()


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
            seed = await seed_for(service, app, infra, fuzz_topics)
            figures = await fuzz_app(app, http, seed, per_operation=PER_OPERATION)
    TOTAL.add(figures)
    record_property(
        "fuzz",
        {
            n: getattr(figures, n)
            for n in ("operations", "cases", "ok", "server_errors", "mismatches")
        },
    )
    print(
        f"\nFUZZ {service}: {figures.operations} operations, {figures.cases} cases "
        f"({figures.ok} 2xx), "
        f"{figures.server_errors} 5xx, {figures.mismatches} schema mismatches"
        f" | ALL so far: {TOTAL.operations} ops, {TOTAL.cases} cases, "
        f"{TOTAL.server_errors} 5xx, {TOTAL.mismatches} mismatches"
    )
    assert figures.cases >= figures.operations, "every operation got cases"
    assert not figures.findings, "\n".join(figures.findings)
