"""Every service starts as a FastAPI app + Kafka broker + MongoDB, with health, readiness and
OpenAPI, and creates the topic catalogue at start-up."""

import importlib
import re

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient

SERVICES = ["directory", "requests", "alerts", "registers", "notifier", "retention", "translation"]


def build(service: str, infra, topics, db_name: str):
    module = importlib.import_module(f"imi_{service}.app")
    settings_module = importlib.import_module(f"imi_{service}.settings")
    settings_cls = getattr(settings_module, f"{service.capitalize()}Settings")
    settings = settings_cls(
        kafka_bootstrap=infra.kafka_bootstrap,
        mongo_uri=infra.mongo_uri,
        db_name=db_name,
        topic_prefix=topics.prefix,
    )
    assert settings.service_name == service
    return module.create_app(settings)


@pytest.mark.parametrize("service", SERVICES)
async def test_service_is_alive_ready_and_documented(service, infra, topics, db_name):
    app = build(service, infra, topics, db_name)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            alive = await client.get("/healthz")
            ready = await client.get("/readyz")
            spec = await client.get("/openapi.json")
    assert alive.status_code == 200 and alive.json()["service"] == service
    assert ready.status_code == 200, ready.text
    assert ready.json() == {
        "ready": True,
        "checks": {"mongo": True, "kafka": True},
        "outbox_set_aside": 0,  # rows the relay could never publish, for operators (issue 9)
    }
    assert spec.json()["info"]["title"] == f"IMI {service}"


async def test_readiness_fails_when_the_database_is_unreachable(infra, topics, db_name):
    from imi_shared.localinfra import free_port

    app = build("registers", infra, topics, db_name)
    runtime = app.state.runtime
    async with app.router.lifespan_context(app):
        from imi_shared.mongo import make_client

        dead = make_client(f"mongodb://127.0.0.1:{free_port()}/?serverSelectionTimeoutMS=300")
        live = runtime.uow.client
        runtime.uow.client = dead
        try:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
                ready = await client.get("/readyz")
        finally:
            runtime.uow.client = live
            await dead.close()
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"mongo": False, "kafka": True}


async def test_start_up_creates_every_topic_idempotently(infra, topics, db_name):
    app = build("alerts", infra, topics, db_name)
    async with app.router.lifespan_context(app):
        pass
    again = build("requests", infra, topics, db_name)
    async with again.router.lifespan_context(again):
        pass
    admin = AIOKafkaAdminClient(bootstrap_servers=infra.kafka_bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
    finally:
        await admin.close()
    expected = {name for name, _ in topics.all_topics()}
    assert expected <= existing
    assert f"{topics.prefix}imi.alerts.deliveries.dlq" in existing


async def test_every_service_caps_request_bodies_with_413(infra, topics, db_name):
    """Issue 9: a body over the service's cap is refused before any route runs."""
    for service in ("directory", "alerts"):
        app = build(service, infra, topics, db_name)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            response = await client.post("/anything", content=b"x" * 2_000_000)
        assert response.status_code == 413, service
        assert response.json()["field"] == "body"


async def test_every_answer_carries_the_security_headers(infra, topics, db_name):
    """Issue 9 (low 9): nosniff, no framing, HSTS, no-store + a strict CSP on the API."""
    app = build("alerts", infra, topics, db_name)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        api = await client.get("/healthz")
        refused = await client.get("/alerts/nope")  # 401 without a token: headers all the same
        docs = await client.get("/docs")
    for response in (api, refused, docs):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert "max-age" in response.headers["strict-transport-security"]
        assert "server" not in response.headers
    for response in (api, refused):
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
    # the docs page: its own assets and its start-up script (by hash), nothing from elsewhere
    policy = docs.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; script-src 'self' 'sha256-")


# Issue 9 (low 9): every /docs works offline: no outside host, every asset served here.
REFERENCES = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


@pytest.mark.parametrize("service", SERVICES)
async def test_docs_page_loads_its_assets_from_the_service(service, infra, topics, db_name):
    app = build(service, infra, topics, db_name)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        page = await client.get("/docs")
        assert page.status_code == 200
        assert not re.search(r"https?://", page.text), "the docs page names an outside host"
        assets = REFERENCES.findall(page.text)
        assert len(assets) == 3  # script, style sheet, icon
        for url in assets:
            assert url.startswith("/docs/assets/")
            served = await client.get(url)
            assert served.status_code == 200, url
            assert len(served.content) > 100
        policy = page.headers["content-security-policy"]
        assert "http" not in policy and "'unsafe-eval'" not in policy
