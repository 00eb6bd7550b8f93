"""Issue 9 item 8 (X-009, RET-004): the origin's fan-out hands the case key to each other
deployment serving a copy's participant, wrapped for that deployment's key pair only; other
deployments' workers leave the origin's distributions alone (they could not open them)."""

from __future__ import annotations

from imi_alerts.adapters.delivery_messages import CopyUpdated, DistributionRequested
from imi_alerts.handlers import drafting
from imi_alerts.handlers.fanout import fan_out_transform
from imi_shared.keys import DeploymentKeyPair, KeySharing, PeerRegistry, own_peer_key, unwrap_share

PAIRS = {name: DeploymentKeyPair.generate() for name in ("alerts-fr", "alerts-de", "central")}
SCOPES = {"alerts-fr": "FR", "alerts-de": "DE", "central": "ALL,-FR,-DE"}
PEERS = PeerRegistry.parse(
    "\n".join(own_peer_key(n, SCOPES[n], p).line() for n, p in PAIRS.items())
)


def sharing(name: str, store) -> KeySharing:
    return KeySharing(name, PAIRS[name], PEERS, store)


async def test_x_009_the_fanout_wraps_the_case_key_for_each_deployment_serving_a_copy(handlers):
    ctx = handlers.ctx
    ctx.key_sharing = sharing("alerts-fr", ctx.sealer.key_store)
    alert_id = await handlers.drafted()
    for step, who in (("submit", "FR-A"), ("accept", "FR-C"), ("broadcast", "FR-C")):
        right = "handler" if who == "FR-A" else "forwarder"
        await getattr(drafting, step)(ctx, handlers.user(who, right), alert_id)
    (published,) = handlers.uow.published("alert.distribution_requested")
    request = DistributionRequested.model_validate(published.payload)
    assert request.key_owner == "alerts-fr"

    outputs = await fan_out_transform(ctx.topics, ctx.sealer, ctx.key_sharing)(request, published)
    copies = {
        c.participant: c for c in (CopyUpdated.model_validate(o.envelope.payload) for o in outputs)
    }
    assert {p: [s.recipient for s in c.key_shares] for p, c in copies.items()} == {
        "FR": [],  # the origin's own copy: it holds the key
        "DE": ["alerts-de"],
        "EU": ["central"],
    }
    case_key = await ctx.sealer.data_key(alert_id)
    (de_share,) = copies["DE"].key_shares
    assert unwrap_share(de_share, "alerts-de", PAIRS["alerts-de"]) == case_key
    assert case_key.hex() not in copies["DE"].model_dump_json()

    # DE's (or the central) workers do not expand France's distribution: not their key
    for other in ("alerts-de", "central"):
        assert (
            await fan_out_transform(ctx.topics, ctx.sealer, sharing(other, ctx.sealer.key_store))(
                request, published
            )
            == []
        )
