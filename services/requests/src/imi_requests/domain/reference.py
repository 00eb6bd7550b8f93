"""A request's reference number (REQ-106 `ref_no`, X-024): `REQ-<requesting state>-<year>-<n>`,
n counted per requesting state and year (`adapters.request_numbers`).

When: the manual does not say when a request is numbered. It says a new request may be saved
as a draft at any time (§5.3.1 «vous pouvez à tout moment la sauvegarder à l'état de projet»),
that drafts are searched like any other request (§5.3.9.2 «y compris les projets de
demandes»), by reference number among others (REQ-094), and that an alert is numbered at its
first save, whatever its stage (§6.3.1.1 «Dès qu'un projet d'alerte est sauvegardé, il reçoit
un numéro», ALR-015). So a request gets its number when it is first saved (created as a draft,
copied, or split off: REQ-120 "its own reference number"), never when it is sent.

Unique and the same in every deployment: a state's requests are created only in the deployment
serving it (the owner, X-001), which counts them in the creating transaction; the number is
part of the request's state, which the owner relays to the other side's deployment.
"""

from __future__ import annotations

PATTERN = r"^REQ-[A-Z]{2}-[0-9]{4}-[0-9]{6,}$"
MAX_LENGTH = 32


def ref_no(member_state: str, year: int, n: int) -> str:
    return f"REQ-{member_state}-{year:04d}-{n:06d}"
