"""A tiny LibreTranslate-compatible HTTP server for tests (a real server on a free port, in a
thread), so a machine translation client's real request/response path is exercised.

    with LibreTranslateServer({("de", "pt", "Guten Tag"): "Bom dia"}) as server:
        server.url, server.calls, server.requests; server.mode = "slow" | "error" | "ok"

`POST /translate {q, source, target, format}` answers `{translatedText}`: the given
translation, else `[target] q`. Mode "error" answers 500; "slow" holds the answer until the
server stops (or `release()`), so a client's timeout fires.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LibreTranslateServer:
    def __init__(self, translations: dict[tuple[str, str, str], str] | None = None) -> None:
        self.translations = dict(translations or {})
        self.mode = "ok"
        self.calls = 0
        self.requests: list[dict] = []
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def release(self) -> None:
        self._release.set()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.calls += 1
                    server.requests.append(body)
                if self.path != "/translate":
                    return self._send(404, {"error": "not found"})
                if server.mode == "slow":
                    server._release.wait(30)
                if server.mode == "error":
                    return self._send(500, {"error": "engine failure"})
                key = (body.get("source"), body.get("target"), body.get("q"))
                text = server.translations.get(key, f"[{body.get('target')}] {body.get('q')}")
                self._send(200, {"translatedText": text})

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timeout)

        return Handler

    def __enter__(self) -> LibreTranslateServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
