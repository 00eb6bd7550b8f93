"""A local SMTP sink (aiosmtpd) that keeps every caught mail, for `make run` and the tests.

    sink = SmtpSink(port=0).start()      # a thread with its own event loop
    ... send mail to 127.0.0.1:sink.port ...
    sink.messages                         # [CaughtMail], in arrival order
    sink.stop()

`sink.refuse = True` answers every message with a temporary failure (451), as a server that is
away would; `sink.delay` makes it slow. Run alone, it also serves the caught mail as JSON over HTTP and appends it to a
JSON-lines file, which `list` prints:

    python -m imi_notifier.devsink serve --smtp-port 1025 --http-port 8025 --store mail.jsonl
    python -m imi_notifier.devsink list --store mail.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import json
import threading
import time
from dataclasses import asdict, dataclass
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class CaughtMail:
    to: list[str]
    sender: str
    subject: str
    language: str
    message_id: str
    template: str
    text: str
    html: str


def parse(envelope_to: list[str], sender: str, raw: bytes) -> CaughtMail:
    message = message_from_bytes(raw, policy=policy.default)
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    return CaughtMail(
        to=list(envelope_to),
        sender=sender,
        subject=str(message.get("Subject", "")),
        language=str(message.get("Content-Language", "")),
        message_id=str(message.get("Message-ID", "")),
        template=str(message.get("X-IMI-Template", "")),
        text=text.get_content() if text is not None else "",
        html=html.get_content() if html is not None else "",
    )


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd
        if self.sink.delay:  # a slow server: the mail counts as caught only when accepted
            await asyncio.sleep(self.sink.delay)
        if self.sink.refuse:
            return "451 4.3.0 try again later"
        self.sink.catch(parse(envelope.rcpt_tos, envelope.mail_from, envelope.content))
        return "250 OK"


class SmtpSink:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, store: Path | None = None) -> None:
        self.host, self.port, self.store = host, port, store
        self.refuse = False
        self.delay = 0.0  # seconds before each message is accepted
        self.messages: list[CaughtMail] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    def catch(self, mail: CaughtMail) -> None:
        with self._lock:
            self.messages.append(mail)
            if self.store is not None:
                with self.store.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(asdict(mail), ensure_ascii=False) + "\n")

    def caught(self) -> list[CaughtMail]:
        with self._lock:
            return list(self.messages)

    def start(self) -> SmtpSink:
        if self.port == 0:
            from imi_shared.localinfra import free_port

            self.port = free_port()
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def read_store(store: Path) -> list[dict]:
    if not store.exists():
        return []
    return [json.loads(line) for line in store.read_text(encoding="utf-8").splitlines() if line]


def _http(sink: SmtpSink, port: int) -> ThreadingHTTPServer:
    class Listing(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server
            body = json.dumps([asdict(m) for m in sink.caught()], ensure_ascii=False).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", port), Listing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - command line
    parser = argparse.ArgumentParser(prog="python -m imi_notifier.devsink")
    parser.add_argument("command", choices=["serve", "list"])
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--http-port", type=int, default=8025)
    parser.add_argument("--store", type=Path, default=Path("caught-mail.jsonl"))
    args = parser.parse_args(argv)
    if args.command == "list":
        for mail in read_store(args.store):
            print(f"{mail['to']} [{mail['language']}] {mail['subject']}")
        return
    sink = SmtpSink(port=args.smtp_port, store=args.store).start()
    _http(sink, args.http_port)
    print(f"smtp sink on 127.0.0.1:{sink.port}; mail at http://127.0.0.1:{args.http_port}/")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sink.stop()


if __name__ == "__main__":  # pragma: no cover
    main()
