"""OpenTelemetry: one tracer provider per service (no global provider), so a trace can follow a
case from an HTTP call through the outbox and Kafka (W3C trace context in the message headers)
to the last consumer.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter


@dataclass
class Telemetry:
    service_name: str
    tracer_provider: TracerProvider
    #: whether any span leaves the process (an exporter or a collector endpoint was given)
    exporting: bool = True

    @classmethod
    def setup(
        cls, service_name: str, *, endpoint: str = "", exporter: SpanExporter | None = None
    ) -> Telemetry:
        """`exporter` (tests: in-memory) wins over `endpoint` (OTLP/HTTP collector)."""
        provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        if exporter is not None:
            provider.add_span_processor(SimpleSpanProcessor(exporter))
        elif endpoint:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            provider.add_span_processor(
                BatchSpanProcessor(OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces"))
            )
        return cls(service_name, provider, exporting=exporter is not None or bool(endpoint))

    def instrument_app(self, app: FastAPI) -> None:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        # one server span per call: the ASGI `receive`/`send` spans under it (two or three a
        # call) say nothing a reader of the trace needs and cost a span each (issue 12)
        FastAPIInstrumentor.instrument_app(
            app,
            tracer_provider=self.tracer_provider,
            excluded_urls="healthz,readyz",
            exclude_spans=["receive", "send"],
        )

    def kafka_middleware(self):
        from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware

        return KafkaTelemetryMiddleware(tracer_provider=self.tracer_provider)

    def mongo_event_listeners(self) -> list:
        """The PyMongo command listeners emitting spans to this service's provider: none when
        no span leaves the process.

        Passed to the client (event_listeners=[...]) instead of PymongoInstrumentor's global
        patching, so two services in one process each trace their own database calls. A span
        per database command is the costliest of the instrumentations (a listener call and a
        span on every round trip, ~5 % of the requests service's CPU in its bench, issue 12),
        and nobody sees it without an exporter; HTTP and Kafka spans stay, so the trace
        context still travels from HTTP through the outbox to the last consumer.
        """
        if not self.exporting:
            return []
        from opentelemetry.instrumentation.pymongo import CommandTracer

        return [CommandTracer(self._tracer())]

    def _tracer(self):
        return self.tracer_provider.get_tracer("imi.mongo")

    def shutdown(self) -> None:
        self.tracer_provider.shutdown()
