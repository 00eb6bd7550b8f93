"""Raw-bus scan of a running system (RET-004, X-010, X-017): which texts that must never travel
in clear are found in the raw records of which topics.

Used by tests/test_local_stack.py after `make run`'s seed and alerts demo. Every topic of the
catalogue and its dead-letter companion is read in full with `imi_testkit.raw_topics.read_raw`
(never trusting the broker's end offsets).
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from imi_directory_demo import data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy" / "local"))
from demo_alerts import DEMO_DESCRIPTION, DEMO_SUGGESTED_RECIPIENTS  # noqa: E402
from demo_requests import REQUEST_TEXTS  # noqa: E402

from imi_shared.topics import Topics
from imi_testkit.raw_topics import read_raw

# The alert texts of the demo (deploy/local/demo_alerts.py): case content, sealed under the
# case key on every alerts topic (issue 9 item 7), never in clear.
ALERT_TEXTS: tuple[str, ...] = (DEMO_DESCRIPTION, DEMO_SUGGESTED_RECIPIENTS)
# alerts' domain-event topic: the scan checks it was read (it held the texts before 2.0)
ALERT_EVENTS_TOPIC = "imi.alerts.events"

# Field names that only ever hold a person's name: present in clear, the value is too.
PERSONAL_FIELD_KEYS: tuple[str, ...] = ('"first_name"', '"last_name"')


def forbidden_texts() -> list[str]:
    """The seeded demo's personal data and secrets: every seeded e-mail (authorities' and
    users', all under the demo domain), the competent authorities' users' names, the demo
    passwords and security code."""
    names = {f'"{part}"' for a in data.COMPETENT_AUTHORITIES for part in a.user[:2]}  # values
    secrets = (data.DEMO_PASSWORD, data.DEMO_SECURITY_CODE, data.DEMO_TEMPORARY_PASSWORD)
    return [
        f".{data.DOMAIN}",
        *sorted(names),
        *secrets,
        *PERSONAL_FIELD_KEYS,
        *ALERT_TEXTS,
        *REQUEST_TEXTS,
    ]


def _forms(text: str) -> list[bytes]:
    """The text as raw UTF-8 and as a JSON string body with non-ASCII escaped."""
    escaped = json.dumps(text)[1:-1].replace('\\"', '"')
    return sorted({text.encode(), escaped.encode()})


@dataclass(frozen=True)
class Scan:
    records: dict[str, int]  # topic -> how many raw records were read
    leaks: dict[str, list[str]]  # topic -> the texts found in clear


async def scan(bootstrap: str, texts: list[str], prefix: str = "") -> Scan:
    """Every topic's raw records (keys, values, headers) searched for `texts`."""
    names = [name for name, _ in Topics(prefix).all_topics()]
    read = await asyncio.gather(
        *(read_raw(bootstrap, n, quiet_seconds=2, timeout=60) for n in names)
    )
    found: dict[str, list[str]] = {}
    counts = {name: len(records) for name, records in zip(names, read, strict=True)}
    for name, records in zip(names, read, strict=True):
        raw = b"\n".join(
            b"".join([r.key or b"", r.value or b"", *(v or b"" for _, v in r.headers or ())])
            for r in records
        )
        hits = [t for t in texts if any(form in raw for form in _forms(t))]
        if hits:
            found[name] = hits
    return Scan(counts, found)
