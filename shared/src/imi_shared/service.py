"""A service described once: what `create_app` of every service would otherwise write again.

A service's `app.py` declares a `ServiceBlueprint` (settings class, title, its routers, its
context factory, its bus wiring, its start hooks) and exposes `create_app = BLUEPRINT.create_app`.
Tests and the process call `create_app(settings, clock=..., routers=..., wire_bus=...)`: what a
test adds (a probe router, a probe subscriber, a start hook) comes after the service's own.
The blueprint is frozen and holds no state: every `create_app` call builds a new runtime.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, FastAPI

from .clock import Clock, system_clock
from .runtime import BusWiring, ContextFactory, create_service_app, serve
from .settings import ServiceSettings


@dataclass(frozen=True)
class ServiceBlueprint:
    settings_class: type[ServiceSettings]
    title: str
    routers: Callable[[], Sequence[APIRouter]]
    build_context: ContextFactory
    wire_bus: BusWiring | None = None
    on_start: Sequence[Callable] = ()

    def create_app(
        self,
        settings: ServiceSettings | None = None,
        *,
        clock: Clock = system_clock,
        routers: Sequence[APIRouter] = (),
        wire_bus: BusWiring | None = None,
        on_start: Sequence[Callable] = (),
        **options: Any,
    ) -> FastAPI:
        settings = settings or self.settings_class()
        if not isinstance(settings, self.settings_class):
            raise TypeError(f"{self.title} needs {self.settings_class.__name__}")
        return create_service_app(
            settings,
            title=self.title,
            routers=[*self.routers(), *routers],
            build_context=self.build_context,
            wire_bus=[self.wire_bus, wire_bus],
            on_start=[*self.on_start, *on_start],
            clock=clock,
            **options,
        )

    def serve(self) -> None:  # pragma: no cover - process entrypoint
        serve(self.create_app, self.settings_class())
