"""The interactive `/docs` page of every service, working offline (issue 9, low 9).

Swagger UI's script, style sheet and icon come from the `swagger-ui-bundle` package (pinned in
imi-shared's dependencies) under `/docs/assets`, never from a CDN. The page's one inline script
(the Swagger UI start-up) is allowed by its hash, so the docs get a strict CSP of their own.
"""

from __future__ import annotations

import base64
import hashlib
import re

import swagger_ui_bundle
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs/assets"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"
_INLINE = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def _script_hashes(html: bytes) -> str:
    digests = (hashlib.sha256(body).digest() for body in _INLINE.findall(html))
    return " ".join(f"'sha256-{base64.b64encode(d).decode()}'" for d in digests)


def docs_policy(html: bytes) -> str:
    """The CSP of a docs page: its own assets, its inline scripts by hash, nothing else."""
    return (
        "default-src 'none'; "
        f"script-src 'self' {_script_hashes(html)}; "
        "style-src 'self' 'unsafe-inline'; "  # Swagger UI sets style attributes
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
    )


def install_docs(app: FastAPI, title: str) -> str:
    """Serve `/docs` (and its assets) from the local package; returns the page's CSP.

    The app must be created with `docs_url=None, redoc_url=None` (ReDoc would need a CDN)."""
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json",
        title=f"{title} - docs",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        oauth2_redirect_url=OAUTH2_REDIRECT,
        swagger_ui_parameters={"validatorUrl": None},  # the default badge calls an outside host
    )
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets")

    async def docs() -> HTMLResponse:
        return HTMLResponse(page.body)

    async def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    app.add_api_route("/docs", docs, include_in_schema=False)
    app.add_api_route(OAUTH2_REDIRECT, oauth2_redirect, include_in_schema=False)
    return docs_policy(bytes(page.body))
