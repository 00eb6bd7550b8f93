"""Translation's FastAPI routers, one module per resource."""

from fastapi import APIRouter

from . import catalogues, informal_names


def routers() -> list[APIRouter]:
    return [catalogues.router, informal_names.router]
