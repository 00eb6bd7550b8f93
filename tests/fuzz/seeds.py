"""What the fuzz draws each case's token and path/query values from (`Seed`); the data of
each service is seeded by `seeding.py`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from imi_shared.auth import Principal
from imi_testkit.apps import bearer

# a user holding broad rights, so the fuzzer gets past the access checks to the data rules
GENERIC = Principal(
    user_id="fuzz-user",
    username="fuzz-user",
    authority_id="FR-FUZZ",
    member_state="FR",
    authority_roles={"services": ("competent_authority",)},
    user_rights={
        "services/alerts": ("alert_viewer", "alert_handler", "alert_forwarder"),
        "services/requests": ("request_viewer", "request_handler", "allocator"),
    },
    local_data_admin=True,
    data_admin_las=("services",),
)
REAL_SHARE = 4  # of every 5 cases, a path parameter with known values gets a real one


@dataclass
class Seed:
    """Header factories (a fresh token per case: POST /auth/logout revokes the one it gets)
    and real values per path parameter name."""

    tokens: list[Callable[[], dict]] = field(default_factory=lambda: [lambda: bearer(GENERIC)])
    ids: dict[str, list[str]] = field(default_factory=dict)
    query: dict[str, list[str]] = field(default_factory=dict)  # real values of query parameters

    def headers(self, pick: int) -> dict:
        return self.tokens[pick % len(self.tokens)]()

    def path_parameters(self, drawn: dict | None, pick: int) -> dict | None:
        return _real(drawn, self.ids, pick)

    def query_parameters(self, drawn: dict | None, pick: int) -> dict | None:
        return _real(drawn, self.query, pick)


def _real(drawn: dict | None, known: dict[str, list[str]], pick: int) -> dict | None:
    if not drawn:
        return drawn
    chosen = dict(drawn)
    for name in chosen:
        values = known.get(name)
        if values and pick % (REAL_SHARE + 1) != REAL_SHARE:
            chosen[name] = values[(pick // 7) % len(values)]
    return chosen
