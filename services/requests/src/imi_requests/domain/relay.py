"""What a replica keeps of the relay (X-001): the commands its users took that the owner
refused (a race with another change there), each shown to the caller's authority only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RefusedCommand:
    command: str
    rule: str
    error: str
    user_id: str
    authority_id: str
    at: datetime
