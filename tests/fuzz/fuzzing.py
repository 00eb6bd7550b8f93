"""Schemathesis over a running app's OpenAPI, cases sent through the test's own httpx client.

Hypothesis draws in a worker thread; every request runs on the test's event loop (where the
app's MongoDB and Kafka clients live). Findings are collected, not raised, so hypothesis does
not shrink: the number of cases per operation stays bounded.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from seeds import Seed

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@dataclass
class Figures:
    operations: int = 0
    cases: int = 0
    ok: int = 0  # cases answered 2xx: how deep the run got
    server_errors: int = 0
    mismatches: int = 0
    findings: list[str] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        self.operations += other.operations
        self.cases += other.cases
        self.ok += other.ok
        self.server_errors += other.server_errors
        self.mismatches += other.mismatches
        self.findings += other.findings


def _httpx_kwargs(kwargs: dict) -> dict:
    sent = {k: kwargs[k] for k in ("method", "url", "headers", "params", "json") if k in kwargs}
    if "data" in kwargs:
        data = kwargs["data"]
        sent["content" if isinstance(data, bytes | str) else "data"] = data
    if kwargs.get("files"):
        sent["files"] = [(name, _file(value)) for name, value in _pairs(kwargs["files"])]
    return sent


def _pairs(files) -> list:
    return list(files.items()) if isinstance(files, dict) else list(files)


def _content(value):
    return value if isinstance(value, bytes | str) else str(value).encode()


def _file(value):
    """A multipart part as httpx takes it (the requests-style parts may hold ints, None...)."""
    if isinstance(value, tuple):
        return (value[0], _content(value[1]), *value[2:])
    return _content(value)


async def fuzz_app(app, http: httpx.AsyncClient, seed: Seed, *, per_operation: int) -> Figures:
    schema = schemathesis.openapi.from_dict(app.openapi())

    async def send(kwargs: dict) -> httpx.Response:
        request = http.build_request(**kwargs)
        await request.aread()  # a multipart body stays readable for the checks
        return await http.send(request)

    loop = asyncio.get_running_loop()
    figures = Figures()

    def run(operation) -> None:
        @settings(
            max_examples=per_operation,
            deadline=None,
            database=None,
            derandomize=True,  # the same cases every run: make test stays reproducible
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(operation.as_strategy(), st.integers(min_value=0, max_value=10**6))
        def one(case, pick: int) -> None:
            # a real user's token and, mostly, real ids in the path (seeds.py)
            case.path_parameters = seed.path_parameters(case.path_parameters, pick)
            case.query = seed.query_parameters(case.query, pick)
            kwargs = _httpx_kwargs(
                case.as_transport_kwargs(base_url=str(http.base_url), headers=seed.headers(pick))
            )
            response = asyncio.run_coroutine_threadsafe(send(kwargs), loop).result(30)
            figures.cases += 1
            figures.ok += 200 <= response.status_code < 300
            if response.status_code >= 500:
                figures.server_errors += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except (Exception, BaseExceptionGroup) as failure:  # a group of check failures
                if response.status_code < 500:
                    figures.mismatches += 1
                text = str(failure).strip().splitlines()
                figures.findings.append(
                    f"{operation.label} -> {response.status_code}: {' | '.join(text[:6])[:600]}"
                    f" | body={response.text[:200]!r} | sent={str(kwargs.get('json') or kwargs.get('params'))[:200]}"
                )

        one()

    for result in schema.get_all_operations():
        operation = result.ok()
        figures.operations += 1
        await asyncio.to_thread(run, operation)
    return figures
