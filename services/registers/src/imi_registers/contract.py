"""What the registers service publishes (X-052): its contract, generated into
`services/registers/contract/` by `make contracts`. Register events go to
`imi.registers.events`, keyed and partitioned by the register's member state."""

from __future__ import annotations

from imi_shared.contracts import Publication, ServiceContract

from .domain.events import PUBLISHED

CONTRACT = ServiceContract(
    service="registers",
    publications=(Publication("imi.registers.events", PUBLISHED),),
)
