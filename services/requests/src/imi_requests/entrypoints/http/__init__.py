"""HTTP routers of the requests service (thin: parse, call a handler, shape the answer)."""

from fastapi import APIRouter

from . import requests, retention, workflow


def routers() -> list[APIRouter]:
    return [requests.router, workflow.router, retention.router]
