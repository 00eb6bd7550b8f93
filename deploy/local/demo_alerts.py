"""Post-start step of `make run`: a live alert, from launch to every mailbox (not under --check).

On the demo directory of the "seed demo participants" step (imi_directory_demo.seed): the
Préfecture de police (FR, `fr.prefecture`) launches an alert about unsafe gas installations and
submits it to France's alerts coordinator (`fr.alerts`), which accepts it and broadcasts it to
the 29 other EEA states. Every copy reaches its mailbox (29 recipient states, France's own
inbox, the Commission without personal data); every recipient state's mailbox acknowledges it;
Germany forwards it to the Handwerkskammer München and Greece to its trade directorate. The
terminal shows each stage; then the stack keeps serving, and the alert stays in it to look at.

Bearer tokens are signed with the local development key, as the directory signs them after a
login (refused when IMI_ENVIRONMENT=production). Against a `make run` already running:

    .venv/bin/python deploy/local/demo_alerts.py [--alerts-url http://127.0.0.1:8103]
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

ORIGIN = "FR"
LAUNCHING_AUTHORITY = ("demo-fr-prefecture", "fr.prefecture", "Préfecture de police de Paris")
FORWARDS = {  # state -> (authority it forwards to, its name)
    "DE": ("demo-de-hwk-muenchen", "Handwerkskammer München"),
    "GR": ("demo-gr-ypan", "Γενική Γραμματεία Εμπορίου"),
}
WAIT = 180.0  # seconds per stage, at most
TAG = "[alerts demo]"

# the demo alert's free texts: case content, never in clear on a topic (tests/bus_scan.py)
DEMO_DESCRIPTION = (
    "Installations de gaz dangereuses vendues en porte-à-porte par un installateur itinérant"
)
DEMO_SUGGESTED_RECIPIENTS = "Autorités de sécurité du gaz; chambres des métiers"


def mailbox_id(ms: str) -> str:
    return f"demo-{ms.lower()}-alerts"


def play_alerts_demo(ctx: StackContext) -> str:
    return asyncio.run(play(ctx, say))


class Demo:
    """The HTTP calls of the demo, as the demo users."""

    def __init__(self, alerts_url: str, user_ids: dict[str, str]) -> None:
        import httpx

        from imi_alerts_testkit import alert_user

        self.issuer = dev_issuer()
        self.http = httpx.AsyncClient(base_url=alerts_url, timeout=30.0)
        self.user_ids = user_ids
        self._alert_user = alert_user

    def token(self, authority_id: str, ms: str, *rights: str) -> dict[str, str]:
        username = {LAUNCHING_AUTHORITY[0]: LAUNCHING_AUTHORITY[1]}.get(
            authority_id, f"{ms.lower()}.alerts" if authority_id == mailbox_id(ms) else ""
        )
        principal = self._alert_user(
            authority_id, ms, *rights, user_id=self.user_ids.get(username) or username or None
        )
        return {"Authorization": f"Bearer {self.issuer.issue(principal)}"}

    def mailbox(self, ms: str) -> dict[str, str]:
        if ms == "EU":
            return self.token("commission-alerts", "EU", "viewer")
        return self.token(mailbox_id(ms), ms, "forwarder", "handler")

    async def call(self, method: str, path: str, headers: dict, json=None, ok=(200, 201), **params):
        response = await self.http.request(
            method, path, headers=headers, json=json, params=params or None
        )
        return checked_json(response, "alerts demo", method, path, ok)

    async def copy(self, alert_id: str, ms: str) -> dict | None:
        response = await self.http.get(
            f"/inbox/{alert_id}", headers=self.mailbox(ms), params={"participant": ms}
        )
        return response.json() if response.status_code == 200 else None


async def _until(probe: Callable, what: str, timeout: float = WAIT, interval: float = 0.3):
    return await until(probe, what, "alerts demo", timeout, interval)


async def _user_ids(mongo_uri: str) -> dict[str, str]:
    """Usernames → user ids of the seeded demo users (the tokens name the real users)."""
    from imi_shared.mongo import make_client

    client = make_client(mongo_uri)
    try:
        return await demo_user_ids(client, {"username": {"$regex": r"\.(alerts|prefecture)$"}})
    finally:
        await client.close()


async def _directory_known(mongo_uri: str, db_name: str, ids: list[str], say) -> None:
    """Wait until the alerts service's directory read model has every authority of the demo."""
    from imi_shared.mongo import make_client

    client = make_client(mongo_uri)
    view = client[db_name]["directory_view"]
    shown = -1

    async def known() -> bool:
        nonlocal shown
        n = await view.count_documents({"_id": {"$in": ids}})
        if n != shown and n < len(ids):
            say(
                f"    {TAG} waiting for the alerts service to learn the demo directory: "
                f"{n}/{len(ids)} authorities"
            )
            shown = n
        return n == len(ids)

    try:
        await _until(known, "the alerts service learning the demo directory", interval=0.5)
    finally:
        await client.close()


async def play(ctx: StackContext, say: Callable[[str], None] = say) -> str:
    from imi_alerts.settings import AlertsSettings
    from imi_alerts_testkit import launch_body
    from imi_shared.participants import COMMISSION, EEA_MEMBER_STATES, PARTICIPANTS

    started = time.monotonic()
    settings = AlertsSettings()  # the service's own settings: database name and scope
    scope = settings.scope
    if ORIGIN not in scope:
        return f"skipped: the alerts service does not serve {ORIGIN} (IMI_MEMBER_STATES)"
    recipients = [ms for ms in EEA_MEMBER_STATES if ms != ORIGIN]
    mailboxes = [p for p in PARTICIPANTS if p in scope]  # the copies this deployment keeps
    acknowledging = [ms for ms in recipients if ms in scope]
    forwarding = {ms: f for ms, f in FORWARDS.items() if ms in scope}
    authorities = [
        LAUNCHING_AUTHORITY[0],
        *(mailbox_id(ms) for ms in EEA_MEMBER_STATES),
        *(a for a, _ in forwarding.values()),
    ]
    await _directory_known(ctx.mongo_uri, settings.db_name, authorities, say)

    demo = Demo(ctx.service_urls["alerts"], await _user_ids(ctx.mongo_uri))
    try:
        launcher = demo.token(LAUNCHING_AUTHORITY[0], ORIGIN, "handler")
        coordinator = demo.token(mailbox_id(ORIGIN), ORIGIN, "forwarder")
        body = launch_body(
            coordinator_id=mailbox_id(ORIGIN),
            recipients=recipients,
            mse=ORIGIN,
            description={"text": DEMO_DESCRIPTION, "language": "fr"},
            suggested_recipients={"text": DEMO_SUGGESTED_RECIPIENTS, "language": "fr"},
            service_activity_code="F43.22",
        )
        created = await demo.call("POST", "/alerts", launcher, body)
        alert_id, number = created["alert_id"], created["number"]
        say(
            f"    {TAG} {LAUNCHING_AUTHORITY[2]} ({ORIGIN}) launched alert {number} (id {alert_id})"
        )
        await demo.call("POST", f"/alerts/{alert_id}/submit", launcher)
        say(f"    {TAG} submitted to France's alerts coordinator ({mailbox_id(ORIGIN)})")
        await demo.call("POST", f"/alerts/{alert_id}/accept", coordinator)
        broadcast = await demo.call(
            "POST", f"/alerts/{alert_id}/broadcast", coordinator, {"recipient_states": recipients}
        )
        t0 = time.monotonic()
        say(
            f"    {TAG} accepted and broadcast to {len(recipients)} states and the Commission: "
            f"status {broadcast['status']}"
        )

        # every mailbox receives its copy
        holding: set[str] = set()
        last_said = [0.0]

        async def delivered() -> bool:
            missing = [p for p in mailboxes if p not in holding]
            found = await asyncio.gather(*(demo.copy(alert_id, p) for p in missing))
            for p, copy in zip(missing, found, strict=False):
                if copy is not None:
                    holding.add(p)
                    if p == COMMISSION and copy["personal_data"] is not None:
                        raise RuntimeError("alerts demo: the Commission's copy has personal data")
            done = len(holding) == len(mailboxes)
            if done or time.monotonic() - last_said[0] > 1.0:
                say(
                    f"    {TAG} mailboxes holding it: {len(holding)}/{len(mailboxes)} "
                    f"({time.monotonic() - t0:.1f}s)"
                )
                last_said[0] = time.monotonic()
            return done

        await _until(delivered, "every mailbox receiving the alert")
        if COMMISSION in holding:
            say(f"    {TAG} the Commission's copy carries no personal data")

        # every recipient state's mailbox acknowledges it
        acknowledged = 0
        for i in range(0, len(acknowledging), 10):
            batch = acknowledging[i : i + 10]
            await asyncio.gather(
                *(
                    demo.call("POST", f"/inbox/{alert_id}/acknowledge", demo.mailbox(ms))
                    for ms in batch
                )
            )
            acknowledged += len(batch)
            say(
                f"    {TAG} acknowledged by {acknowledged}/{len(acknowledging)} mailboxes "
                f"({', '.join(batch)})"
            )

        # two states forward it within their own state
        for ms, (authority_id, name) in forwarding.items():
            await demo.call(
                "POST",
                f"/inbox/{alert_id}/forward",
                demo.mailbox(ms),
                {"authority_ids": [authority_id]},
            )
            say(f"    {TAG} {ms}'s mailbox forwarded it to {name} ({authority_id})")

        # the launching state's coordinator sees it all come back
        progress = {"shown": (-1, -1), "at": 0.0}

        async def origin_sees_all() -> tuple[int, list[str]] | None:
            view = await demo.call("GET", f"/alerts/{alert_id}", coordinator)
            deliveries = view["deliveries"]
            acks = sum(1 for ms in acknowledging if deliveries[ms]["status"] == "acknowledged")
            fwds = [ms for ms in forwarding if deliveries[ms]["first_forwarded_at"]]
            done = acks == len(acknowledging) and len(fwds) == len(forwarding)
            if (
                not done
                and (acks, len(fwds)) != progress["shown"]
                and (time.monotonic() - progress["at"] > 2.0)
            ):
                say(
                    f"    {TAG} back in {ORIGIN}: {acks}/{len(acknowledging)} acknowledgements, "
                    f"{len(fwds)}/{len(forwarding)} forwards so far "
                    f"({time.monotonic() - t0:.1f}s)"
                )
                progress.update(shown=(acks, len(fwds)), at=time.monotonic())
            return (acks, fwds) if done else None

        acks, fwds = await _until(origin_sees_all, "the acknowledgements reaching France")
        say(
            f"    {TAG} {ORIGIN}'s coordinator sees {acks}/{len(recipients)} acknowledgements "
            f"and forwards within {', '.join(fwds) or 'no state'} "
            f"({time.monotonic() - t0:.1f}s after the broadcast)"
        )
        base = ctx.service_urls["alerts"]
        say(
            f"    {TAG} look: {base}/docs → GET /alerts/{alert_id}, "
            f"GET /inbox?participant=DE (log in as de.alerts, one of the demo logins above)"
        )
    finally:
        await demo.http.aclose()
    return (
        f"alert {number} reached {len(holding)} mailboxes, {acks} acknowledged, forwarded "
        f"within {' and '.join(fwds)}, in {time.monotonic() - started:.1f}s"
    )


def main(argv: list[str] | None = None) -> int:
    """Replay the demo against a running `make run` (default ports)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--alerts-url", default="http://127.0.0.1:8103")
    parser.add_argument("--mongo-uri", default="mongodb://127.0.0.1:27017/?directConnection=true")
    parser.add_argument("--kafka-bootstrap", default="127.0.0.1:9092")
    args = parser.parse_args(argv)
    ctx = StackContext(
        kafka_bootstrap=args.kafka_bootstrap,
        mongo_uri=args.mongo_uri,
        service_urls={"alerts": args.alerts_url},
        run_dir=HERE.parents[1] / ".run",
        check=False,
    )
    say(f"  play the alerts demo: {play_alerts_demo(ctx)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
