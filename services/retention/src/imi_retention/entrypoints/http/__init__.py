"""Retention's FastAPI routers, one module per resource."""

from fastapi import APIRouter

from . import records, report, rights


def routers() -> list[APIRouter]:
    return [records.router, rights.router, report.router]
