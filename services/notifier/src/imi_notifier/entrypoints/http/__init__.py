"""The notifier's FastAPI routers, one module per resource."""

from fastapi import APIRouter

from . import mail, notifications


def routers() -> list[APIRouter]:
    return [notifications.router, mail.router]
