"""Security headers on every response of every service (issue 9, low 9).

API answers may carry tokens or personal data: `Cache-Control: no-store` keeps them out of
shared and browser caches. `nosniff`, a deny-all frame policy, no referrer, HSTS, and a strict
Content-Security-Policy on the API; the interactive `/docs` page (served from local assets, see
docs_ui) gets its own strict policy, allowing its assets and its inline start-up script by hash.
"""

from __future__ import annotations

DOCS_PATHS = ("/docs", "/openapi.json")

COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
]
API_ONLY = [
    (b"cache-control", b"no-store"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
]


class SecurityHeaders:
    """ASGI middleware adding the headers above (replacing any the app set)."""

    def __init__(self, app, docs_policy: str | None = None) -> None:
        self.app = app
        self.docs = COMMON + (
            [(b"content-security-policy", docs_policy.encode())] if docs_policy else []
        )

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope.get("path", "").startswith(DOCS_PATHS)
        added = self.docs if docs else COMMON + API_ONLY
        names = {name for name, _ in added} | {b"server"}

        async def with_headers(message):
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + added}
            await send(message)

        await self.app(scope, receive, with_headers)
