"""Issue 9: every body has a size cap, answered 413 in the one error shape; uploads may differ."""

import httpx
from fastapi import FastAPI, Request

from imi_shared.body_limit import BodyLimit


def app_with_cap() -> FastAPI:
    app = FastAPI()
    app.add_middleware(BodyLimit, default=1_000, by_prefix={"/uploads": 10_000})

    @app.post("/things")
    async def things(request: Request):
        return {"size": len(await request.body())}

    @app.post("/uploads/file")
    async def upload(request: Request):
        return {"size": len(await request.body())}

    return app


async def test_bodies_over_the_cap_get_413_and_uploads_their_own_cap():
    transport = httpx.ASGITransport(app=app_with_cap())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        small = await c.post("/things", content=b"x" * 1_000)
        large = await c.post("/things", content=b"x" * 1_001)
        upload = await c.post("/uploads/file", content=b"x" * 5_000)

        async def chunks():  # no Content-Length: counted as it streams
            for _ in range(5):
                yield b"x" * 400

        streamed = await c.post("/things", content=chunks())
    assert (small.status_code, small.json()) == (200, {"size": 1_000})
    assert large.status_code == 413
    assert large.json() == {
        "rule": "schema",
        "error": "request body larger than 1000 bytes",
        "field": "body",
    }
    assert (upload.status_code, upload.json()) == (200, {"size": 5_000})
    assert streamed.status_code == 413
