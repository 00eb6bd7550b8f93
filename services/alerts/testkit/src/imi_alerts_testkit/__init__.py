"""Helpers for tests, benchmarks and demos of the alerts service (test-only: the package
imi-alerts-testkit, never installed with the service).

- `directory_seed`: publish directory events (the directory's own payload shape) so an alerts
  deployment's read model knows authorities, their roles and inboxes (X-054);
- `tokens`: bearer tokens of alert users, signed with the bundled development key;
- `eventually`: poll a condition instead of sleeping;
- `AlertsApi`: the HTTP API as those users (launch, broadcast, read copies...).
"""

from .client import AlertsApi, ApiError, launch_body
from .directory_seed import (
    SeedAuthority,
    access_changed,
    authority_registered,
    parameters_changed,
    publish_directory_events,
    seed_directory,
    standard_authorities,
    status_changed,
)
from .polling import eventually
from .tokens import alert_user, bearer, dev_token_issuer

__all__ = [
    "AlertsApi",
    "ApiError",
    "SeedAuthority",
    "launch_body",
    "access_changed",
    "alert_user",
    "authority_registered",
    "bearer",
    "dev_token_issuer",
    "eventually",
    "parameters_changed",
    "publish_directory_events",
    "seed_directory",
    "standard_authorities",
    "status_changed",
]
