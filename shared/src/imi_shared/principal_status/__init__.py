"""The kernel's read model of who may still act (X-054, DIR-090, DIR-094, DIR-118/119).

Tokens are short-lived but outlive a lock-out or a removal by minutes. Every service except the
directory (which checks its own records) keeps, from the directory's events, a small status
document per user and per authority in its own database, and `current_principal` consults it
on every call (`app.state.principal_check`), never the directory itself:

- a user locked out (DIR-094) is refused with tokens issued before the lock-out (or before a
  later credentials reset, DIR-095); a new login after the reset works;
- a removed user (DIR-090) and a user of a deleted authority are refused always;
- an LA or workflow access `removed` (DIR-118/119) withdraws the principal's rights there.
  A `suspended` access keeps them: ongoing cases continue (DIR-126, DIR-107); blocking NEW
  cases stays with each service's own access checks.

`create_service_app` wires it (settings `principal_status`, on by default; off in directory).
"""

from .check import PrincipalStatusCheck, wire_principal_status
from .events import USED, principal_status_catalog
from .rules import judge

__all__ = [
    "USED",
    "PrincipalStatusCheck",
    "judge",
    "principal_status_catalog",
    "wire_principal_status",
]
