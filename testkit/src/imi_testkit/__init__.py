"""IMI test kit: fixtures over the local servers, in-memory fakes of the kernel's ports, and
the contract tests fakes and real adapters share. Never imported by production code."""

from .clock import FakeClock
from .fakes import FakeTransaction, FakeUnitOfWork, InMemoryDocuments
from .keys import InMemoryKeyStore

__all__ = [
    "FakeClock",
    "FakeTransaction",
    "FakeUnitOfWork",
    "InMemoryDocuments",
    "InMemoryKeyStore",
]
