"""Retention's FastAPI routers, one module per resource."""

from fastapi import APIRouter

from . import records, rights


def routers() -> list[APIRouter]:
    return [records.router, rights.router]
