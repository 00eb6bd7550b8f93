"""A request-body cap for every service (issue 9): larger bodies get 413 in the one error shape.

Checked on `Content-Length` before the route runs, and counted while a body without one
(chunked) streams in. Upload routes may be given a larger cap by path prefix.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from .errors import BODY_FIELD, SCHEMA_RULE

DEFAULT_MAX_BODY_BYTES = 1_048_576


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: `app.add_middleware(BodyLimit, default=..., by_prefix={"/uploads": ...})`."""

    def __init__(
        self, app, *, default: int = DEFAULT_MAX_BODY_BYTES, by_prefix: Mapping[str, int] = {}
    ) -> None:
        self.app = app
        self.default = default
        self.by_prefix = dict(by_prefix)

    def limit_for(self, path: str) -> int:
        matches = [p for p in self.by_prefix if path.startswith(p)]
        return self.by_prefix[max(matches, key=len)] if matches else self.default

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, limit)
            return
        seen = 0
        started = False

        async def counted_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send, limit)


async def _refuse(send, limit: int) -> None:
    body = json.dumps(
        {
            "rule": SCHEMA_RULE,
            "error": f"request body larger than {limit} bytes",
            "field": BODY_FIELD,
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
