"""Post-start step of `make run`: one information request from France to Germany, end to end
(not under --check).

On the demo directory of the "seed demo participants" step (imi_directory_demo.seed): the
Préfecture de police (FR, `fr.prefecture`) finds no competent authority and sends a request in
the services LA to Germany's IMI coordinator (`de.nimic`, REQ-015); the coordinator forwards it
to the Handwerkskammer München (REQ-064), which accepts it and answers (REQ-062, REQ-068);
France asks for further information on one question (REQ-073), Munich accepts and answers again
(REQ-074), and France closes the request (REQ-072). The terminal shows each stage with the
status the other side sees; then the stack keeps serving, and the request stays to look at.

Bearer tokens are signed with the local development key, as the directory signs them after a
login (refused when IMI_ENVIRONMENT=production). Against a `make run` already running:

    .venv/bin/python deploy/local/demo_requests.py [--requests-url http://127.0.0.1:8102]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from console import say  # noqa: E402
from demo_plumbing import checked_json, demo_user_ids, dev_issuer, until  # noqa: E402
from poststart import StackContext  # noqa: E402

SENDER = ("demo-fr-prefecture", "FR", "fr.prefecture", "Préfecture de police de Paris")
COORDINATOR = ("demo-de-nimic", "DE", "de.nimic", "Germany's IMI coordinator")
RESPONDER = ("demo-de-hwk-muenchen", "DE", "de.hwk-muenchen", "Handwerkskammer München")
Q1, Q2 = "SD-GENERAL.Q1", "SD-GENERAL.Q2"
WAIT = 120.0
TAG = "[requests demo]"

# the demo request's case content: sealed on every topic, never in clear (tests/bus_scan.py)
DEMO_PROVIDER = "Installations Durand SARL"
DEMO_FORWARD_REASON = "Zuständig ist die Handwerkskammer München"
DEMO_FURTHER_INFO = "Merci de préciser le numéro d'inscription au registre"
DEMO_ANSWER = "Eingetragen in der Handwerksrolle unter Nr. 4711"
REQUEST_TEXTS: tuple[str, ...] = (
    DEMO_PROVIDER,
    DEMO_FORWARD_REASON,
    DEMO_FURTHER_INFO,
    DEMO_ANSWER,
)


def play_requests_demo(ctx: StackContext) -> str:
    return asyncio.run(play(ctx, say))


class Demo:
    def __init__(self, requests_url: str, user_ids: dict[str, str]) -> None:
        import httpx

        self.issuer = dev_issuer()
        self.http = httpx.AsyncClient(base_url=requests_url, timeout=30.0)
        self.user_ids = user_ids

    def token(self, who: tuple[str, str, str, str]) -> dict[str, str]:
        from imi_shared.auth import Principal

        authority_id, ms, username, _ = who
        principal = Principal(
            user_id=self.user_ids.get(username, username),
            username=username,
            authority_id=authority_id,
            member_state=ms,
            user_rights={"services/requests": ("request_handler",)},
        )
        return {"Authorization": f"Bearer {self.issuer.issue(principal)}"}

    async def call(self, method: str, path: str, who, json=None) -> dict:
        response = await self.http.request(method, path, headers=self.token(who), json=json)
        return checked_json(response, "requests demo", method, path)


async def _until(probe: Callable, what: str, timeout: float = WAIT, interval: float = 0.3):
    return await until(probe, what, "requests demo", timeout, interval)


async def _prepare(mongo_uri: str, db_name: str) -> dict[str, str]:
    """Wait until the requests service knows the three authorities; the demo users' ids."""
    from imi_shared.mongo import make_client

    client = make_client(mongo_uri)
    ids = [SENDER[0], COORDINATOR[0], RESPONDER[0]]
    try:
        view = client[db_name]["directory_view"]

        async def known() -> bool:
            return await view.count_documents({"_id": {"$in": ids}}) == len(ids)

        await _until(known, "the requests service learning the demo directory", interval=0.5)
        names = [SENDER[2], COORDINATOR[2], RESPONDER[2]]
        return await demo_user_ids(client, {"username": {"$in": names}})
    finally:
        await client.close()


def _text(text: str, lang: str) -> dict[str, str]:
    return {"text": text, "lang": lang}


async def play(ctx: StackContext, say: Callable[[str], None] = say) -> str:
    from imi_requests.settings import RequestsSettings

    started = time.monotonic()
    settings = RequestsSettings()
    if not {"FR", "DE"} <= set(settings.scope):
        return "skipped: the requests service does not serve both FR and DE (IMI_MEMBER_STATES)"
    demo = Demo(ctx.service_urls["requests"], await _prepare(ctx.mongo_uri, settings.db_name))
    try:
        body = {
            "la_code": "services",
            "responding_authority_id": COORDINATOR[0],
            "question_set_code": "SD-GENERAL",
            "questions": [{"code": Q1}, {"code": Q2}],
            "subject": [{"name": "provider_name", "value": DEMO_PROVIDER}],
            "send": True,
        }
        sent = await demo.call("POST", "/requests", SENDER, body)
        url = f"/requests/{sent['request_id']}"
        say(
            f"    {TAG} {SENDER[3]} (FR) sent request {sent['request_id']} to "
            f"{COORDINATOR[3]} ({COORDINATOR[0]}): status {sent['status']}"
        )
        incoming = await demo.call("GET", url, COORDINATOR)
        say(
            f"    {TAG} DE sees it {incoming['status']}, view {incoming['view']}: "
            f"{len(incoming['questions'])} questions, no personal data before acceptance"
        )
        forward = {
            "target_authority_id": RESPONDER[0],
            "justification": _text(DEMO_FORWARD_REASON, "de"),
        }
        forwarded = await demo.call("POST", f"{url}/forward", COORDINATOR, forward)
        say(
            f"    {TAG} forwarded by {COORDINATOR[3]} to {RESPONDER[3]}: status {forwarded['status']}"
        )
        accepted = await demo.call("POST", f"{url}/accept", RESPONDER, {})
        say(
            f"    {TAG} accepted by {RESPONDER[3]}: status {accepted['status']}, view "
            f"{accepted['view']} (the personal data now shown)"
        )
        answers = [{"question_code": q, "text": _text(DEMO_ANSWER, "de")} for q in (Q1, Q2)]
        await demo.call("PUT", f"{url}/reply", RESPONDER, {"answers": answers})
        answered = await demo.call("POST", f"{url}/reply/send", RESPONDER)
        seen = await demo.call("GET", url, SENDER)
        say(
            f"    {TAG} answered by {RESPONDER[3]}: status {answered['status']}; FR reads "
            f"{len([a for a in seen['answers'] if a['released']])} answers"
        )
        asked = {"justification": _text(DEMO_FURTHER_INFO, "fr"), "question_codes": [Q2]}
        further = await demo.call("POST", f"{url}/further-info", SENDER, asked)
        say(f"    {TAG} FR asked for further information on {Q2}: status {further['status']}")
        await demo.call("POST", f"{url}/further-info/accept", RESPONDER)
        again = [{"question_code": Q2, "text": _text(DEMO_ANSWER, "de")}]
        await demo.call("PUT", f"{url}/reply", RESPONDER, {"answers": again})
        additional = await demo.call("POST", f"{url}/reply/send", RESPONDER)
        say(
            f"    {TAG} {RESPONDER[3]} accepted and answered round "
            f"{additional['further_info_round']}: status {additional['status']}"
        )
        closed = await demo.call("POST", f"{url}/close", SENDER)
        say(f"    {TAG} FR closed it: status {closed['status']}")

        async def listed() -> bool:
            response = await demo.http.get("/requests/incoming", headers=demo.token(RESPONDER))
            rows = response.json() if response.status_code == 200 else []
            return any(
                r["request_id"] == sent["request_id"] and r["status"] == "closed" for r in rows
            )

        await _until(listed, "the closed request in Munich's incoming list")
        say(f"    {TAG} Munich's incoming list shows it closed (from the bus)")
        base = ctx.service_urls["requests"]
        say(f"    {TAG} look: {base}/docs → GET {url} (log in as fr.prefecture or de.hwk-muenchen)")
    finally:
        await demo.http.aclose()
    return (
        f"request {sent['request_id']} FR→DE forwarded, answered, further information "
        f"answered, closed in {time.monotonic() - started:.1f}s"
    )


def main(argv: list[str] | None = None) -> int:
    """Replay the demo against a running `make run` (default ports)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests-url", default="http://127.0.0.1:8102")
    parser.add_argument("--mongo-uri", default="mongodb://127.0.0.1:27017/?directConnection=true")
    args = parser.parse_args(argv)
    ctx = StackContext(
        kafka_bootstrap="",
        mongo_uri=args.mongo_uri,
        service_urls={"requests": args.requests_url},
        run_dir=HERE.parents[1] / ".run",
        check=False,
    )
    say(f"  play the requests demo: {play_requests_demo(ctx)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
