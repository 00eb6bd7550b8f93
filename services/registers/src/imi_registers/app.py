"""The registers service process: `python -m imi_registers.app` (or `create_app(settings)` in tests).

`create_app(settings, clock=, routers=, wire_bus=, on_start=)`: the clock (every command's
time) is injectable; routers, bus wiring and start hooks a test gives come after the
service's own (imi_shared.service.ServiceBlueprint).
"""

from imi_shared.runtime import ServiceRuntime
from imi_shared.service import ServiceBlueprint

from .adapters.register_index import build_missing_postings, ensure_indexes
from .context import build_context
from .entrypoints.bus import wire_bus
from .entrypoints.http import routers
from .settings import RegistersSettings


async def _indexes(runtime: ServiceRuntime) -> None:
    await ensure_indexes(runtime.uow.db)
    await build_missing_postings(runtime.uow.db)  # a register index from before its postings


BLUEPRINT = ServiceBlueprint(
    RegistersSettings,
    title="IMI registers",
    routers=routers,
    build_context=build_context,
    wire_bus=wire_bus,
    on_start=(_indexes,),
)
create_app = BLUEPRINT.create_app

if __name__ == "__main__":  # pragma: no cover - process entrypoint
    BLUEPRINT.serve()
