"""What the notifier publishes: its contract, generated into `services/notifier/contract/` by
`make contracts`. Keyed and partitioned by the recipient's member state (`adapters.publisher`)."""

from __future__ import annotations

from imi_shared.contracts import Publication, ServiceContract

from .domain.events import PUBLISHED

CONTRACT = ServiceContract(
    service="notifier",
    publications=(Publication("imi.notifier.events", PUBLISHED),),
)
