"""HTTP routers of the alerts service (thin: parse, check rights, call a handler, shape the
answer)."""

from fastapi import APIRouter

from . import alert_commands, alert_follow_up, alert_reads, inbox, retention


def routers() -> list[APIRouter]:
    return [
        alert_commands.router,
        alert_follow_up.router,
        alert_reads.router,
        inbox.router,
        retention.router,
    ]
