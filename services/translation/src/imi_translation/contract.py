"""What translation publishes: its contract, generated into `services/translation/contract/` by
`make contracts`. Keyed and partitioned by the member state of the named authority or
register (`adapters.publisher`)."""

from __future__ import annotations

from imi_shared.contracts import Publication, ServiceContract

from .domain.catalogue_events import CatalogueItemChanged
from .domain.events import PUBLISHED

CONTRACT = ServiceContract(
    service="translation",
    publications=(Publication("imi.translation.events", (*PUBLISHED, CatalogueItemChanged)),),
)
