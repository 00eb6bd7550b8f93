"""Cross-process alerts tests: real deployments (`python -m imi_alerts.app`) on the session's
broker and database server. `cluster` stops every process at the end and prints their logs
when the test failed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from cluster import Cluster  # noqa: E402


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
async def cluster(request, infra, topics, tmp_path):
    c = Cluster(
        infra.kafka_bootstrap, infra.mongo_uri, prefix=topics.prefix, run_dir=tmp_path / "logs"
    )
    try:
        yield c
    finally:
        failed = getattr(request.node, "report_call", None)
        if failed is None or failed.failed:
            print(f"\n==== alerts deployments' logs ====\n{c.logs()}")
        await c.close()
