"""Handlers on the kernel's fakes: a FakeUnitOfWork with the directory read model of FR and
DE authorities and coordinators, a FakeClock, and an in-memory key store for the sealer."""

from __future__ import annotations

import os

import pytest

from imi_requests.context import RequestsContext
from imi_requests.settings import RequestsSettings
from imi_shared.sealing import Sealer
from imi_testkit import FakeClock, FakeUnitOfWork


class MemoryKeys:
    """The `KeyStore` port in memory (crypto-shredding deletes the key)."""

    def __init__(self) -> None:
        self.keys: dict[str, bytes] = {}

    async def get(self, case_id: str) -> bytes | None:
        return self.keys.get(case_id)

    async def create_or_get(self, case_id: str) -> bytes:
        return self.keys.setdefault(case_id, os.urandom(32))

    async def shred(self, case_id: str) -> bool:
        return self.keys.pop(case_id, None) is not None


def authority(authority_id: str, ms: str, coordinator: bool = False, **parameters) -> dict:
    return {
        "_id": authority_id,
        "version": 1,
        "member_state": ms,
        "status": "active",
        "deleted": False,
        "las": {
            "services": {
                "la_access": "active",
                "access": "active",
                "role": "request_coordinator" if coordinator else "request_authority",
                "parameters": parameters,
                "associated_coordinator_ids": [] if coordinator else [f"{ms.lower()}-coord"],
            }
        },
    }


def user(user_id: str, authority_id: str, ms: str, *roles: str) -> dict:
    """A row of the directory's users read model (REQ-049: who may be allocated)."""
    return {
        "_id": user_id,
        "version": 1,
        "authority_id": authority_id,
        "member_state": ms,
        "removed": False,
        "roles": [{"role": r, "la_code": "services"} for r in roles],
    }


@pytest.fixture
def ctx() -> RequestsContext:
    return make_ctx()


def make_ctx(member_states: str = "ALL", keys: MemoryKeys | None = None) -> RequestsContext:
    """A deployment on fakes serving `member_states` (X-001), its keys in `keys`."""
    uow = FakeUnitOfWork()
    uow.collections["directory_view"] = {
        a["_id"]: a
        for a in (
            authority("fr-ca", "FR"),
            authority("fr-coord", "FR", True),
            authority("de-ca", "DE"),
            authority("de-coord", "DE", True),
            authority("de-ca2", "DE"),
        )
    }
    uow.collections["directory_users"] = {
        u["_id"]: u
        for u in (
            user("u-fr", "fr-ca", "FR", "request_handler"),
            user("u-fr-2", "fr-ca", "FR", "request_handler"),
            user("u-de", "de-ca", "DE", "request_handler"),
            user("u-de-2", "de-ca", "DE", "request_handler"),
            user("v-de", "de-ca", "DE", "request_viewer"),
            user("a-fr", "fr-coord", "FR", "arbiter"),
            user("a-fr-2", "fr-coord", "FR", "arbiter"),
            user("a-de", "de-coord", "DE", "arbiter"),
        )
    }
    settings = RequestsSettings(topic_prefix="t.", member_states=member_states)
    return RequestsContext.create(settings, uow, FakeClock(), sealer=Sealer(keys or MemoryKeys()))


@pytest.fixture
def params(ctx):
    """`params("fr-ca", approval_required=True)`: a parameter change the directory published."""

    def set_parameters(authority_id: str, **values) -> None:
        view = ctx.uow.collections["directory_view"][authority_id]
        view["las"]["services"]["parameters"].update(values)
        ctx.directory_cache.changed(authority_id)  # as the directory subscriber tells it

    return set_parameters


@pytest.fixture
def deployment():
    """`deployment("FR")`: one state's deployment on fakes; all share one key store (X-001)."""
    keys = MemoryKeys()
    return lambda member_states: make_ctx(member_states, keys)
