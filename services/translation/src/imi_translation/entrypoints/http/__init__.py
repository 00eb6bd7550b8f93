"""Translation's FastAPI routers, one module per resource (the client catalogue names come
before `/catalogues/{kind}`, which would otherwise take them for a kind)."""

from fastapi import APIRouter

from . import catalogues, client_catalogues, free_text, informal_names


def routers() -> list[APIRouter]:
    return [client_catalogues.router, catalogues.router, free_text.router, informal_names.router]
