"""What the requests service publishes (X-051): its contract, generated into
`services/requests/contract/` by `make contracts`. Request events go to `imi.requests.events`,
keyed and partitioned by the requesting authority's member state (`adapters.publisher`), their
case content sealed (`adapters.event_messages`)."""

from __future__ import annotations

from imi_shared.contracts import Publication, ServiceContract

from .adapters.event_messages import PUBLISHED
from .adapters.relay_messages import RELAYED
from .adapters.report_messages import RequestReportGenerated

CONTRACT = ServiceContract(
    service="requests",
    publications=(
        Publication("imi.requests.events", (*PUBLISHED, RequestReportGenerated, *RELAYED)),
    ),
)
