"""HTTP routers of the requests service (thin: parse, call a handler, shape the answer)."""

from fastapi import APIRouter

from . import derogations, exchange, lists, reports, requests, retention, workflow


def routers() -> list[APIRouter]:
    # the lists first: /requests/search and /requests/action-list before /requests/{id}
    return [
        lists.router,
        requests.router,
        workflow.router,
        exchange.router,
        reports.router,
        derogations.router,
        retention.router,
    ]
