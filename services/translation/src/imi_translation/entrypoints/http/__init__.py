"""Translation's FastAPI routers, one module per resource."""

from fastapi import APIRouter

from . import informal_names


def routers() -> list[APIRouter]:
    return [informal_names.router]
