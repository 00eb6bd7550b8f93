"""What retention publishes (X-052): its contract, generated into `services/retention/contract/`
by `make contracts`. Keyed and partitioned by the case's member state (`adapters.publisher`)."""

from __future__ import annotations

from imi_shared.contracts import Publication, ServiceContract

from .domain.events import PUBLISHED

CONTRACT = ServiceContract(
    service="retention",
    publications=(Publication("imi.retention.events", PUBLISHED),),
)
