"""X-029: the in-memory fakes of the kernel's ports behave like the MongoDB adapters.

Every scenario of `imi_testkit.contracts` runs against both; handler tests may then trust the
fakes."""

import pytest

from imi_testkit import FakeUnitOfWork
from imi_testkit.batch_contracts import BATCH_SCENARIOS
from imi_testkit.contracts import SCENARIOS as PORT_SCENARIOS
from imi_testkit.contracts import Backend
from imi_testkit.outbox import outbox_events

SCENARIOS = [*PORT_SCENARIOS, *BATCH_SCENARIOS]
NAMES = [s.__name__ for s in SCENARIOS]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=NAMES)
async def test_fake_unit_of_work_passes_the_port_contract(scenario):
    uow = FakeUnitOfWork()

    async def outbox_types():
        return [p.envelope.event_type for p in uow.outbox]

    await scenario(Backend(uow, outbox_types))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=NAMES)
async def test_mongo_unit_of_work_passes_the_port_contract(scenario, uow):
    async def outbox_types():
        return [d["envelope"]["event_type"] for d in await outbox_events(uow.db)]

    await scenario(Backend(uow, outbox_types))
