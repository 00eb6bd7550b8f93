"""The requests service process: `python -m imi_requests.app` (or `create_app(settings)` in tests).

`create_app(settings, clock=, routers=, wire_bus=, on_start=)`: the clock (every command's
time) is injectable; routers, bus wiring and start hooks a test gives come after the
service's own (imi_shared.service.ServiceBlueprint).
"""

from imi_shared.service import ServiceBlueprint

from .adapters.indexes import ensure_indexes
from .context import build_context
from .entrypoints.bus import wire_bus
from .entrypoints.http import routers
from .settings import RequestsSettings

BLUEPRINT = ServiceBlueprint(
    RequestsSettings,
    title="IMI requests",
    routers=routers,
    build_context=build_context,
    wire_bus=wire_bus,
    on_start=(ensure_indexes,),
)
create_app = BLUEPRINT.create_app

if __name__ == "__main__":  # pragma: no cover - process entrypoint
    BLUEPRINT.serve()
