"""A small client of the alerts HTTP API, speaking as the users of `standard_authorities()`.

`AlertsApi(http)` wraps an `httpx.AsyncClient` (ASGI transport in-process, or a real URL).
Users are named by authority and rights: `api.user("FR-A", "handler")`; their member state is
the authority id's prefix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from imi_shared.auth import Principal, TokenIssuer

from .polling import eventually
from .tokens import alert_user, bearer, dev_token_issuer

CHECKLIST = {
    "serious_damage": True,
    "own_or_other_territory": True,
    "not_covered_by_other_mechanism": True,
}
PROVIDER = [
    {"code": "name", "value": "Jean Dupont", "personal_data": True},
    {"code": "legal_form", "value": "sole trader", "personal_data": False},
]


def launch_body(
    *, coordinator_id: str, recipients: Sequence[str], mse: str = "unknown", **over: Any
) -> dict[str, Any]:
    body = {
        "checklist": CHECKLIST,
        "provider": PROVIDER,
        "service_activity_code": "F43.22",
        "establishment_ms": mse,
        "description": {"text": "Unsafe gas installations in several towns", "language": "fr"},
        "attachments": [{"attachment_id": "att-1", "filename": "inspection.pdf"}],
        "coordinator_id": coordinator_id,
        "recipient_states": list(recipients),
        "suggested_recipients": {"text": "Gewerbeaufsicht", "language": "de"},
    }
    body.update(over)
    return body


class ApiError(AssertionError):
    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        super().__init__(
            f"{response.request.method} {response.request.url.path} → "
            f"{response.status_code}: {response.text}"
        )


class AlertsApi:
    def __init__(self, http: httpx.AsyncClient, issuer: TokenIssuer | None = None) -> None:
        self.http = http
        self.issuer = issuer or dev_token_issuer()

    @staticmethod
    def user(authority_id: str, *rights: str, member_state: str | None = None) -> Principal:
        ms = member_state or ("EU" if authority_id.startswith("EU") else authority_id[:2])
        return alert_user(authority_id, ms, *(rights or ("handler",)))

    async def request(
        self, method: str, path: str, who: Principal, body: Any = None, **params: Any
    ) -> httpx.Response:
        return await self.http.request(
            method,
            path,
            json=body,
            headers=bearer(who, self.issuer),
            params={k: v for k, v in params.items() if v is not None},
        )

    async def ok(
        self, method: str, path: str, who: Principal, body: Any = None, **params: Any
    ) -> Any:
        response = await self.request(method, path, who, body, **params)
        if response.status_code >= 400:
            raise ApiError(response)
        return response.json()

    # -- the usual path --------------------------------------------------------------------
    async def launch(
        self,
        launcher: str = "FR-A",
        coordinator: str = "FR-C",
        recipients: Sequence[str] = ("DE", "BE"),
        mse: str = "DE",
        **over: Any,
    ) -> dict[str, Any]:
        body = launch_body(coordinator_id=coordinator, recipients=recipients, mse=mse, **over)
        return await self.ok("POST", "/alerts", self.user(launcher, "handler"), body)

    async def broadcast_new(
        self,
        launcher: str = "FR-A",
        coordinator: str = "FR-C",
        recipients: Sequence[str] = ("DE", "BE"),
        mse: str = "DE",
        **over: Any,
    ) -> str:
        """Launch, submit, accept and broadcast an alert; returns its id."""
        alert_id = (await self.launch(launcher, coordinator, recipients, mse, **over))["alert_id"]
        await self.ok("POST", f"/alerts/{alert_id}/submit", self.user(launcher, "handler"))
        forwarder = self.user(coordinator, "forwarder")
        await self.ok("POST", f"/alerts/{alert_id}/accept", forwarder)
        await self.ok("POST", f"/alerts/{alert_id}/broadcast", forwarder)
        return alert_id

    async def copy(
        self,
        alert_id: str,
        who: Principal,
        participant: str | None = None,
        *,
        until=None,
        timeout: float = 20.0,
    ) -> dict[str, Any]:
        """The inbox copy as `who` sees it, once it exists (and `until(copy)` holds)."""

        async def probe():
            response = await self.request("GET", f"/inbox/{alert_id}", who, participant=participant)
            if response.status_code == 404:
                return None
            if response.status_code >= 400:
                raise ApiError(response)
            copy = response.json()
            return copy if until is None or until(copy) else None

        return await eventually(probe, timeout=timeout, what=f"copy of {alert_id} for {who}")

    async def alert(
        self, alert_id: str, who: Principal, *, until=None, timeout: float = 20.0
    ) -> dict[str, Any]:
        async def probe():  # not yet visible (403) or not yet there (404): try again
            response = await self.request("GET", f"/alerts/{alert_id}", who)
            if response.status_code in (403, 404):
                return None
            if response.status_code >= 400:
                raise ApiError(response)
            view = response.json()
            return view if until is None or until(view) else None

        return await eventually(probe, timeout=timeout, what=f"alert {alert_id}")
