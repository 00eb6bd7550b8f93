"""Structured JSON logs carry the service, extra fields and the current trace id."""

import json
import logging

from opentelemetry.sdk.trace import TracerProvider

from imi_shared.logs import JsonFormatter


def test_log_line_is_json_with_trace_and_extras():
    formatter = JsonFormatter("alerts")
    tracer = TracerProvider().get_tracer("t")
    record = logging.LogRecord(
        "imi.test", logging.WARNING, __file__, 1, "alert %s sent", ("A-1",), None
    )
    record.alert_id = "A-1"
    with tracer.start_as_current_span("work") as span:
        line = formatter.format(record)
    entry = json.loads(line)
    assert entry["service"] == "alerts" and entry["level"] == "WARNING"
    assert entry["msg"] == "alert A-1 sent" and entry["alert_id"] == "A-1"
    assert entry["trace_id"] == f"{span.get_span_context().trace_id:032x}"


def test_log_line_without_span_has_no_trace_id_and_keeps_exceptions():
    try:
        raise ValueError("bad input")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "imi.test", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    entry = json.loads(JsonFormatter("requests").format(record))
    assert "trace_id" not in entry
    assert "ValueError: bad input" in entry["exc"]


def test_issue_9_access_logs_drop_query_strings_with_personal_data():
    import logging

    from imi_shared.logs import RedactQueryStrings

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/search/authorities?email=jean.dupont@example.fr", "1.1", 200),
        None,
    )
    assert RedactQueryStrings().filter(record)
    message = record.getMessage()
    assert "jean.dupont" not in message and "/search/authorities?[redacted]" in message
