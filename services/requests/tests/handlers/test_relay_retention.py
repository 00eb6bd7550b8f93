"""X-001 with retention (X-052) on fakes: when FR's deployment locks a request's PD (RET-012),
the state it relays to Germany's replica holds no PD either and says so (REQ-106 pd_locked)."""

from __future__ import annotations

from imi_requests.adapters.relay_messages import RequestReplicated
from imi_requests.entrypoints.http.shaping import view
from imi_requests.handlers import commands as c
from imi_requests.handlers import drafting
from imi_requests.handlers.reading import read_request

from .test_commands import CONTENT, RECEIVER, SENDER
from .test_relay_derogations import Bus
from .test_retention import consume, locked


async def test_ret_012_req_106_x_001_a_lock_at_the_owner_reaches_the_replica(deployment):
    fr, de, bus = deployment("FR"), deployment("DE"), Bus()
    command = c.CreateRequest(CONTENT, send=True)
    await drafting.create_request(fr, command, SENDER, new_id=lambda: "r1")
    await bus.deliver(fr, de, RequestReplicated)
    assert "Jean Dupont" in repr(de.uow.collections["requests"]["r1"])
    await consume(fr, locked())
    assert await bus.deliver(fr, de, RequestReplicated) == 1  # the locked state, relayed
    request, version, seen = await read_request(de, "r1", RECEIVER)
    shown = view(request, version, seen, RECEIVER).model_dump()
    assert (shown["pd_locked"], shown["pd_deleted"]) == (True, False)
    replica = de.uow.collections["requests"]["r1"]
    assert "Jean Dupont" not in repr(replica) and "diploma.pdf" not in repr(replica)
    assert replica["revision"] == fr.uow.collections["requests"]["r1"]["revision"] == 2
