"""What the alerts service publishes: its contract, generated into `services/alerts/contract/`
by `make contracts` (keying as in `adapters.publisher`, `handlers.fanout`, `handlers.inbox`,
`handlers.relay`)."""

from __future__ import annotations

from imi_shared.contracts import Publication, ServiceContract
from imi_shared.keys import CaseKeyShredded

from .adapters import delivery_messages as m
from .adapters.event_messages import PUBLISHED as ALERT_EVENTS

CONTRACT = ServiceContract(
    service="alerts",
    publications=(
        Publication("imi.alerts.events", ALERT_EVENTS),
        Publication("imi.alerts.fanout", (m.DistributionRequested,)),
        # a copy: keyed by alert, on the recipient participant's partition (= member_state)
        Publication("imi.alerts.deliveries", (m.CopyUpdated,), key="payload.alert_id"),
        # a recipient's action or relayed command: on the originating state's partition
        Publication(
            "imi.alerts.deliveries",
            (*m.INBOX_ACTIONS, m.CommandRelayed),
            key="payload.alert_id",
            partition_by="payload.origin_ms",
        ),
        # the owner's shred of a case key, for every deployment holding a share (kernel relay)
        Publication("imi.keys.events", (CaseKeyShredded,), key="payload.case_id"),
    ),
)
