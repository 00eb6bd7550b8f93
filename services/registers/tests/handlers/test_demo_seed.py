"""The demo register directory of `make run` (imi_registers_demo): every register passes the
wizard's checks through the real handler (REG-002, REG-006..REG-013, REG-024), a second seed
adds nothing; on the kernel's fakes."""

from imi_registers_demo import data
from imi_registers_demo.seed import seed_demo_registers

from imi_registers.context import RegistersContext
from imi_registers.settings import RegistersSettings
from imi_testkit import FakeClock, FakeUnitOfWork


async def test_reg_002_reg_013_the_demo_registers_are_added_by_their_managing_authority_once():
    ctx = RegistersContext.create(RegistersSettings(), FakeUnitOfWork(), FakeClock())
    first = await seed_demo_registers(ctx)
    again = await seed_demo_registers(ctx)
    assert (first.registers, first.created, again.created) == (36, 36, 0)
    assert first.states >= 10 and len(ctx.uow.published("register.added")) == 36
    stored = ctx.uow.collections["registers"]
    rcs = stored["demo-reg-fr-rcs"]
    assert (rcs["managing_authority_id"], rcs["member_state"]) == ("demo-fr-nimic", "FR")
    assert {r.id for r in data.REGISTERS} == set(stored)
    assert len(ctx.uow.collections["register_index"]) == 36
