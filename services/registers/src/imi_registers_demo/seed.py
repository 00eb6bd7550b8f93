"""Idempotent demo register directory, for `make run` (deploy/local/seed_registers.py) and tests:
the registers of `data.py`, each added through the registers' own handler (`add_register`:
the four steps' checks, the search index and its postings, `register.added` on the outbox for
the translation queue) by a local data administrator of its managing demo authority (REG-002,
REG-013). Seeding again adds nothing (fixed ids)."""

from __future__ import annotations

from dataclasses import dataclass

from imi_registers.adapters.register_repository import RegisterRepository
from imi_registers.context import RegistersContext
from imi_registers.domain.details import (
    GeographicCoverage,
    Link,
    Owner,
    RegisterDetails,
    RegisterType,
)
from imi_registers.domain.register import Actor
from imi_registers.handlers.registers import add_register

from . import data

SEED_USER = "demo-registers-seed"  # created_by of the demo registers


@dataclass
class RegisterSeedReport:
    registers: int = 0
    created: int = 0
    states: int = 0

    def line(self) -> str:
        return f"{self.registers} demo registers in {self.states} states ({self.created} new)"


def details_of(r: data.DemoRegister) -> RegisterDetails:
    links = (Link(f"https://{r.slug}.{r.member_state.lower()}.registers.test/", r.lang),)
    return RegisterDetails(
        official_name=r.official_name,
        informal_name=r.informal_name,
        informal_name_language=r.lang,
        coverage=GeographicCoverage(r.coverage),
        register_type=RegisterType(r.register_type),
        owner=Owner(r.owner),
        region_code=r.region,
        category_codes=r.categories,
        info_type_codes=r.info_types,
        info_languages=(r.lang,),
        online=r.online,
        links=links if r.online else (),
        registration_mandatory=r.mandatory,
    )


async def seed_demo_registers(
    ctx: RegistersContext, registers: tuple[data.DemoRegister, ...] = data.REGISTERS
) -> RegisterSeedReport:
    report = RegisterSeedReport(len(registers), 0, len({r.member_state for r in registers}))
    for r in registers:
        found = await ctx.uow.run(lambda tx, rid=r.id: RegisterRepository(tx).find(rid))
        if found.value is not None:
            continue
        actor = Actor(SEED_USER, r.managing_authority_id, r.member_state, local_data_admin=True)
        await add_register(ctx, details_of(r), actor, new_id=lambda rid=r.id: rid)
        report.created += 1
    return report
