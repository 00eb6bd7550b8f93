"""ServiceBlueprint: a service's create_app declared once (issue 8: five app.py files wrote the
same create_service_app call again)."""

import pytest
from fastapi import APIRouter

from imi_shared.service import ServiceBlueprint
from imi_shared.settings import ServiceSettings


class DemoSettings(ServiceSettings):
    service_name: str = "demo"


class OtherSettings(ServiceSettings):
    service_name: str = "other"


def _router(path: str) -> APIRouter:
    router = APIRouter()

    @router.get(path)
    async def probe() -> dict:
        return {}

    return router


def _blueprint(calls: list[str]) -> ServiceBlueprint:
    def build_context(runtime):
        calls.append("context")
        return {"service": runtime.settings.service_name}

    async def own_start(runtime):
        calls.append("own start")

    return ServiceBlueprint(
        DemoSettings,
        title="IMI demo",
        routers=lambda: [_router("/own")],
        build_context=build_context,
        wire_bus=lambda runtime: calls.append("own bus"),
        on_start=(own_start,),
    )


def test_a_tests_routers_and_wiring_come_after_the_services_own():
    calls: list[str] = []

    app = _blueprint(calls).create_app(
        DemoSettings(),
        routers=[_router("/probe")],
        wire_bus=lambda runtime: calls.append("test bus"),
    )
    paths = list(app.openapi()["paths"])
    assert paths.index("/own") < paths.index("/probe")
    assert calls == ["context", "own bus", "test bus"]
    assert app.title == "IMI demo"
    assert app.state.context == {"service": "demo"}


def test_default_settings_come_from_the_settings_class():
    app = _blueprint([]).create_app()
    assert isinstance(app.state.runtime.settings, DemoSettings)


def test_another_services_settings_are_refused():
    with pytest.raises(TypeError, match="DemoSettings"):
        _blueprint([]).create_app(OtherSettings())
