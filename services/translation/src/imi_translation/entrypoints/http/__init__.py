"""Translation's FastAPI routers, one module per resource."""

from fastapi import APIRouter

from . import catalogues, free_text, informal_names


def routers() -> list[APIRouter]:
    return [catalogues.router, free_text.router, informal_names.router]
