"""HTTP routers of the registers service (thin: parse, call a handler, shape the answer)."""

from fastapi import APIRouter

from . import registers, search


def routers() -> list[APIRouter]:
    return [registers.router, search.router]
