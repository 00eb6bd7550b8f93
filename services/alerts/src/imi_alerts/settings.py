"""Settings of the alerts service (environment variables IMI_*; local defaults work)."""

from pydantic import Field

from imi_shared.batching import BatchPolicy
from imi_shared.settings import ServiceSettings


class AlertsSettings(ServiceSettings):
    service_name: str = "alerts"
    db_name: str = "imi_alerts"
    http_port: int = 8103
    fanout_worker: bool = Field(
        default=True, description="run a fan-out worker (consumer group on imi.alerts.fanout)"
    )
    serve_inbox: bool = Field(
        default=True,
        description="subscribe the inbox (copies of the participants in scope, inbox actions "
        "for the alerts originating here) and the directory read model; false with "
        "fanout_worker: a fan-out worker process only",
    )
    commission_view: bool = Field(
        default=False,
        description="the Commission's central deployment: keep every copy it reads, for every "
        "participant, without personal data (X-011, ALR-079)",
    )
    keys_db_name: str = Field(
        default="imi_keys",
        description="database of this deployment's per-case data keys (personal-data sealing, "
        "crypto-shredding); its own with a deployment key pair (docs/KEYS.md), else shared",
    )
    closure_comment_days: int = Field(default=14, gt=0, description="X-048 closure_comment_period")
    closure_objection_days: int = Field(
        default=14, gt=0, description="X-048 closure_objection_period"
    )
    period_check_seconds: float = Field(
        default=60, gt=0, description="how often expired closure periods are looked for"
    )
    consumer_batch_records: int = Field(
        default=100,
        ge=1,
        le=1000,
        description="issue 10: the most messages the inbox (imi.alerts.deliveries) and the "
        "fan-out worker (imi.alerts.fanout) take per poll; the inbox applies them in one "
        "transaction, the worker publishes their copies together; 1 = one at a time",
    )
    consumer_batch_wait_ms: int = Field(
        default=20,
        ge=0,
        le=5000,
        description="how long a poll waits for more messages to fill a batch (ms)",
    )

    command_concurrency: int = Field(
        default=4,
        ge=1,
        le=1000,
        description="issue 10: the most origin commands (launch, broadcast, ...) this process "
        "runs in open transactions at once; more wait their turn before their transaction "
        "starts (an overloaded database slows down with every open transaction)",
    )

    @property
    def consumer_batch(self) -> BatchPolicy | None:
        """The batch policy of the inbox and fan-out consumers (None: one message at a time)."""
        if self.consumer_batch_records <= 1:
            return None
        return BatchPolicy(self.consumer_batch_records, self.consumer_batch_wait_ms)

    @property
    def deployment(self) -> str:
        """Names this deployment's own consumers: its database is its own by definition."""
        return self.db_name
