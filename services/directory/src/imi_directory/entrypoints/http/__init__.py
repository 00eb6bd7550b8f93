"""HTTP routers of the directory, one module per area; each module exposes `router`."""

from fastapi import APIRouter

from . import authorities, invitations, mailings, me, search, user_retention, users


def routers() -> list[APIRouter]:
    return [
        authorities.router,
        users.router,
        invitations.router,
        search.router,
        me.router,
        user_retention.router,
        mailings.router,
    ]
