"""X-054 plumbing / issue 2 §8: one trace follows a case from an HTTP call in service A,
through A's outbox and Kafka, to the handler in service B (trace context in Kafka headers)."""

import asyncio

import httpx
from fastapi import APIRouter, Request
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from imi_notifier.app import create_app as create_notifier
from imi_notifier.settings import NotifierSettings
from imi_requests.app import create_app as create_requests
from imi_requests.settings import RequestsSettings
from imi_shared.consumer import EventSubscriber
from imi_shared.envelope import Envelope, Event, EventCatalog
from imi_shared.telemetry import Telemetry


class TracedCaseOpened(Event):
    event_type = "traced.case_opened"
    aggregate_type = "case"
    case_id: str


def requests_router() -> APIRouter:
    router = APIRouter()

    @router.post("/cases/{case_id}")
    async def open_case(case_id: str, request: Request) -> dict:
        runtime = request.app.state.runtime

        async def work(tx):
            await tx.db.cases.insert_one({"_id": case_id}, session=tx.session)
            tx.emit(
                Envelope.wrap(
                    TracedCaseOpened(case_id=case_id),
                    producer="requests",
                    member_state="FR",
                    aggregate_id=case_id,
                ),
                runtime.topics.requests_events,
            )

        await runtime.uow.run(work)
        return {"case_id": case_id}

    return router


async def test_one_trace_spans_http_outbox_kafka_and_the_consumer(infra, topics, unique):
    exporter = InMemorySpanExporter()
    handled = asyncio.Event()

    def wire_notifier(runtime):
        async def on_opened(event, envelope, tx):
            with trace.get_tracer(
                "test", tracer_provider=runtime.telemetry.tracer_provider
            ).start_as_current_span("notifier handles case"):
                await tx.db.seen.insert_one({"_id": event.case_id}, session=tx.session)
            handled.set()

        EventSubscriber(runtime.broker, runtime.uow, EventCatalog(TracedCaseOpened)).subscribe(
            runtime.topics.requests_events, f"notifier{unique}", {"traced.case_opened": on_opened}
        )

    common = dict(
        kafka_bootstrap=infra.kafka_bootstrap, mongo_uri=infra.mongo_uri, topic_prefix=topics.prefix
    )
    service_a = create_requests(
        RequestsSettings(db_name=f"req{unique}", **common),
        routers=[requests_router()],
        telemetry=Telemetry.setup("requests", exporter=exporter),
    )
    service_b = create_notifier(
        NotifierSettings(db_name=f"not{unique}", **common),
        wire_bus=wire_notifier,
        telemetry=Telemetry.setup("notifier", exporter=exporter),
    )

    async with (
        service_a.router.lifespan_context(service_a),
        service_b.router.lifespan_context(service_b),
    ):
        transport = httpx.ASGITransport(app=service_a)
        async with httpx.AsyncClient(transport=transport, base_url="http://a") as client:
            response = await client.post("/cases/case-1")
        assert response.status_code == 200
        await asyncio.wait_for(handled.wait(), 20)
        await asyncio.sleep(0.2)  # let the consumer span end

    spans = exporter.get_finished_spans()
    http_root = [s for s in spans if s.parent is None and "POST /cases" in s.name]
    assert len(http_root) == 1
    trace_id = http_root[0].context.trace_id
    in_trace = [s for s in spans if s.context.trace_id == trace_id]
    services = {s.resource.attributes["service.name"] for s in in_trace}
    assert services == {"requests", "notifier"}
    names = {s.name for s in in_trace}
    assert "notifier handles case" in names
    assert any(s.kind == trace.SpanKind.PRODUCER for s in in_trace)  # the relay's publish
    assert any(s.kind == trace.SpanKind.CONSUMER for s in in_trace)  # faststream's consume
    mongo_spans = [s for s in in_trace if s.attributes.get("db.system") == "mongodb"]
    assert {s.resource.attributes["service.name"] for s in mongo_spans} == {"requests", "notifier"}
