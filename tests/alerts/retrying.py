"""A client of an alerts deployment that rides out its crash and restart (issue 10's chaos run).

`Steady(dep)` stands in for the `Deployment` in the helpers of cluster.py (`launch_and_broadcast`,
`inbox_list`, `acknowledge`, ...): same `get` / `post`, but a request the crashed process could
not answer is sent again until the restarted process answers (bounded by `outage_timeout`).

How a retry is deduplicated. The alerts HTTP API takes no idempotency key: each command it
answers is a once-only transition guarded by the state it leaves (submit ALR-051, accept
ALR-053, broadcast ALR-057, acknowledge ALR-058: 409; forward to an authority already a
recipient ALR-059: 422), committed in one transaction with its outbox rows. So the command sent
again with the same target (the alert id, the copy, the authorities) is the idempotency key:

- refused (connection refused: the process is down), answered 5xx or never answered (the process
  died while working on it: it may have committed): sent again, as is, until answered;
- if an attempt failed and the repeat is refused with 409/422, the first attempt went through
  exactly when a read shows the state the command leaves (`CONFIRMS`): then that read is the
  answer (`replays_confirmed`), else the refusal stands (the helper's `expect` fails);
- `POST /alerts` creates a draft (not a transition): an unanswered create is sent again and the
  first may have left a draft nobody holds. A draft is never delivered; `unanswered_creates`
  counts these, and the chaos test checks no alert number was broadcast twice.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from cluster import Deployment

RETRIED_STATUSES = frozenset({500, 502, 503, 504})
REPLAY_REFUSALS = frozenset({409, 422})
ALERT_ORDER = ("draft", "submitted_for_broadcast", "awaiting_broadcast", "broadcast")


def _alert_reached(status: str) -> Callable[[dict], bool]:
    def reached(alert: dict) -> bool:
        at = alert["overview"]["status"]  # GET /alerts/{id}: the status the caller's state sees
        return at in ALERT_ORDER and ALERT_ORDER.index(at) >= ALERT_ORDER.index(status)

    return reached


def _alert_ref(alert: dict) -> dict:
    """The answer of an alert command (AlertRef) as the alert's read shows it."""
    overview = alert["overview"]
    return {
        "alert_id": alert["alert_id"],
        "number": overview["ref_no"],
        "status": overview["status"],
    }


def _as_is(copy: dict) -> dict:  # an inbox command answers with the copy its read shows
    return copy


def _acknowledged(copy: dict) -> bool:
    return copy.get("status") not in (None, "awaiting_acknowledgement")


@dataclass(frozen=True)
class Confirmation:
    """How a replayed command's effect is read: the read's path, what it must show, and the
    command's own answer body made from that read (the caller gets the shape it asked for)."""

    read: str
    shows: Callable[[dict], bool]
    answer: Callable[[dict], dict]


#: command path -> how its effect is confirmed
CONFIRMS: list[tuple[re.Pattern, str, Callable[[dict], bool], Callable[[dict], dict]]] = [
    (
        re.compile(r"^/alerts/([^/]+)/submit$"),
        "/alerts/{}",
        _alert_reached("submitted_for_broadcast"),
        _alert_ref,
    ),
    (
        re.compile(r"^/alerts/([^/]+)/accept$"),
        "/alerts/{}",
        _alert_reached("awaiting_broadcast"),
        _alert_ref,
    ),
    (
        re.compile(r"^/alerts/([^/]+)/broadcast$"),
        "/alerts/{}",
        _alert_reached("broadcast"),
        _alert_ref,
    ),
    (re.compile(r"^/inbox/([^/]+)/acknowledge$"), "/inbox/{}", _acknowledged, _as_is),
    (
        re.compile(r"^/inbox/([^/]+)/forward$"),
        "/inbox/{}",
        lambda c: c.get("status") == "forwarded",
        _as_is,
    ),
]


def confirmation(path: str) -> Confirmation | None:
    """For a command path: how a replay of it is confirmed."""
    for pattern, read, shows, answer in CONFIRMS:
        if match := pattern.match(path):
            return Confirmation(read.format(match[1]), shows, answer)
    return None


@dataclass
class Steady:
    """`dep`'s HTTP, retried through an outage; `seen` counts what the retries met."""

    dep: Deployment
    outage_timeout: float = 180.0
    interval: float = 0.1
    confirm_timeout: float = 10.0
    seen: Counter = field(default_factory=Counter)

    async def get(self, path: str, token: str | None = None, **kw) -> httpx.Response:
        response, _ = await self._send("GET", path, token, **kw)  # a read: always safe again
        return response

    async def post(self, path: str, token: str | None = None, **kw) -> httpx.Response:
        response, unanswered = await self._send("POST", path, token, **kw)
        if not unanswered:
            return response
        if path == "/alerts":
            self.seen["unanswered_creates"] += 1
            return response
        if response.status_code in REPLAY_REFUSALS and (confirm := confirmation(path)):
            effect = await self._confirmed(confirm.read, confirm.shows, token)
            if effect is not None:  # the first attempt went through: its effect is the answer
                self.seen["replays_confirmed"] += 1
                return httpx.Response(
                    200, json=confirm.answer(effect.json()), request=effect.request
                )
        if response.status_code in REPLAY_REFUSALS:
            self.seen["replays_refused"] += 1
        return response

    async def _confirmed(
        self, path: str, shows: Callable[[dict], bool], token: str | None
    ) -> httpx.Response | None:
        """The read showing the command's effect, polled for `confirm_timeout`: a restarted
        process may answer the read from a view that has not caught up with the commit yet."""
        deadline = time.monotonic() + self.confirm_timeout
        while True:
            effect = await self.get(path, token)
            if effect.status_code == 200 and shows(effect.json()):
                return effect
            if time.monotonic() > deadline:
                return None
            await asyncio.sleep(self.interval)

    async def _send(self, method: str, path: str, token, **kw) -> tuple[httpx.Response, bool]:
        """The first answer that is not a 5xx, and whether an earlier attempt failed (it may
        have been applied: a pooled connection's request can be refused after it was written,
        a client closed by the harness while it was in flight)."""
        deadline = time.monotonic() + self.outage_timeout
        unanswered, last = False, "?"
        while True:
            self.seen["attempts"] += 1
            try:
                client = self.dep.client  # a restarted deployment has a new client
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                response = await client.request(method, path, headers=headers, **kw)
                if response.status_code not in RETRIED_STATUSES:
                    return response, unanswered
                self.seen["server_errors"] += 1
                unanswered, last = True, f"{response.status_code} {response.text[:200]}"
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:  # the process is down
                self.seen["refused"] += 1
                unanswered, last = True, repr(exc)
            except httpx.TransportError as exc:  # sent; the process died before answering
                self.seen["unanswered"] += 1
                unanswered, last = True, repr(exc)
            except RuntimeError as exc:  # the harness closed the dead process's client
                if "closed" not in str(exc):
                    raise
                self.seen["refused"] += 1
                unanswered, last = True, repr(exc)
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{method} {path}: {self.dep.name} gave no answer for "
                    f"{self.outage_timeout:g}s (last: {last})"
                )
            await asyncio.sleep(self.interval)  # polling for the restarted process
