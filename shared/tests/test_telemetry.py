"""Tracing: a span per database command only when spans leave the process (issue 12: the
command listener was ~5 % of the requests service's CPU with nobody receiving its spans)."""

from opentelemetry.instrumentation.pymongo import CommandTracer
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from imi_shared.telemetry import Telemetry


def test_no_database_command_spans_without_an_exporter():
    telemetry = Telemetry.setup("svc")
    assert not telemetry.exporting
    assert telemetry.mongo_event_listeners() == []


def test_database_command_spans_with_an_exporter_or_a_collector():
    for telemetry in (
        Telemetry.setup("svc", exporter=InMemorySpanExporter()),
        Telemetry.setup("svc", endpoint="http://127.0.0.1:4318"),
    ):
        assert telemetry.exporting
        [listener] = telemetry.mongo_event_listeners()
        assert isinstance(listener, CommandTracer)
        telemetry.shutdown()


def test_one_server_span_per_http_call_without_asgi_send_and_receive_spans():
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    exporter = InMemorySpanExporter()
    telemetry = Telemetry.setup("svc", exporter=exporter)
    app = FastAPI()

    @app.post("/things")
    async def post_thing(body: dict) -> dict:
        return body

    telemetry.instrument_app(app)
    with TestClient(app) as client:
        assert client.post("/things", json={"a": 1}).json() == {"a": 1}
    spans = exporter.get_finished_spans()
    assert [(s.name, s.kind.name) for s in spans] == [("POST /things", "SERVER")]
    telemetry.shutdown()
