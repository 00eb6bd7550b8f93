"""The translation service process: `python -m imi_translation.app` (or `create_app(settings)` in tests).

`create_app(settings, clock=, routers=, wire_bus=, on_start=)`: the clock (every command's
time) is injectable; routers, bus wiring and start hooks a test gives come after the
service's own (imi_shared.service.ServiceBlueprint).
"""

from imi_shared.clock import now_utc
from imi_shared.runtime import ServiceRuntime
from imi_shared.service import ServiceBlueprint

from .adapters.catalogue_seed import seed_catalogues
from .adapters.mt_cache import ensure_cache_index
from .adapters.publisher import publisher
from .context import build_context
from .entrypoints.bus import wire_bus
from .entrypoints.http import routers
from .settings import TranslationSettings


async def _seed_catalogues(runtime: ServiceRuntime) -> None:
    """The shipped catalogues (TRL-002) exist once the service is up."""
    emit = publisher(runtime.settings.topics)
    await seed_catalogues(runtime.uow, emit, now_utc(runtime.clock))


async def _cache_index(runtime: ServiceRuntime) -> None:
    """Cached machine translations expire (adapters/mt_cache.py)."""
    await ensure_cache_index(runtime.uow.db)


BLUEPRINT = ServiceBlueprint(
    TranslationSettings,
    title="IMI translation",
    routers=routers,
    build_context=build_context,
    wire_bus=wire_bus,
    on_start=(_seed_catalogues, _cache_index),
)
create_app = BLUEPRINT.create_app

if __name__ == "__main__":  # pragma: no cover - process entrypoint
    BLUEPRINT.serve()
