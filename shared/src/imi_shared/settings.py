"""Settings every service reads (environment variables, prefix IMI_, working local defaults)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .participants import parse_scope
from .topics import Topics


class Environment(StrEnum):
    """X-007: where a deployment runs. Anything else is refused at start (no fail-open)."""

    LOCAL = "local"  # a developer's machine or CI: the bundled development keys are allowed
    TRAINING = "training"  # the separate training instance: real keys, no real data
    PRODUCTION = "production"


class ServiceSettings(BaseSettings):
    """Base settings; each service subclasses it once and sets `service_name` and `db_name`."""

    model_config = SettingsConfigDict(env_prefix="IMI_", extra="ignore")

    service_name: str = "imi"
    environment: Environment = Field(
        default=Environment.LOCAL, description="local | training | production (X-007)"
    )
    mongo_uri: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    db_name: str = "imi"
    kafka_bootstrap: str = "127.0.0.1:9092"
    topic_prefix: str = ""
    member_states: str = Field(
        default="ALL", description="participants this deployment serves, e.g. 'FR,DE'; ALL = every"
    )
    jwt_public_key_file: str = Field(
        default="",
        description="PEM of the directory's token signing key; empty: bundled dev key (local only)",
    )
    jwt_issuer: str = "imi-directory"
    jwt_max_lifetime_minutes: int = Field(
        default=60, ge=1, description="tokens living longer (exp - iat) are refused (X-016)"
    )
    principal_status: bool = Field(
        default=True,
        description="refuse locked-out/removed users from the directory's events (X-054); "
        "the directory itself checks its own records",
    )
    principal_status_cache_seconds: float = Field(
        default=2.0,
        ge=0,
        le=10,
        description="seconds a service keeps a user's status read for its calls (issue 12); "
        "an event applied in the process drops it at once, one applied by another replica "
        "is seen within this time (X-054: refused within seconds); 0: read on every call",
    )
    otel_exporter_endpoint: str = Field(
        default="", description="OTLP/HTTP endpoint, e.g. http://otel-collector:4318; empty: off"
    )
    kek_file: str = Field(
        default="",
        description="file of the key-encryption keyring that wraps the sealing data keys, kept "
        "outside MongoDB (imi_shared.keys; `make run` creates .run/kek); or set kek",
    )
    kek: SecretStr | None = Field(
        default=None,
        description="the key-encryption keyring itself, as an environment secret (IMI_KEK); "
        "never both kek and kek_file",
    )
    deployment_id: str = Field(
        default="",
        description="this deployment's name in key shares (imi_shared.keys.sharing); empty: "
        "the database name. Every process of one deployment (workers too) uses the same",
    )
    deployment_key_file: str = Field(
        default="",
        description="file of this deployment's X25519 private keys (first = current), outside "
        "MongoDB like the KEK; other deployments wrap case keys for its public key. Empty "
        "(and no deployment_key): this deployment neither shares nor imports keys",
    )
    deployment_key: SecretStr | None = Field(
        default=None,
        description="the deployment's X25519 private keys as an environment secret; never both",
    )
    deployment_peers_file: str = Field(
        default="",
        description="registry of the deployments' public keys, one `<id> <scope> "
        "<key-id>=<base64>` per line (imi_shared.keys.peers); or set deployment_peers",
    )
    deployment_peers: str = Field(
        default="", max_length=100_000, description="the same registry inline (`;` separated)"
    )
    key_shred_relay_seconds: float = Field(
        default=1.0, gt=0, description="how often this deployment's shreds are announced"
    )
    log_level: str = "INFO"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    outbox_poll_seconds: float = 0.05
    outbox_idle_poll_seconds: float = Field(
        default=0.5,
        description="the outbox relay's slowest poll while idle; a commit in the same process "
        "wakes it at once, so this bounds only rows another process wrote",
    )
    max_body_bytes: int = Field(
        default=1_048_576,
        description="request-body cap (413 above it); upload routes set their own",
    )

    @field_validator("member_states")
    @classmethod
    def _scope_is_valid(cls, value: str) -> str:
        parse_scope(value)
        return value

    @property
    def scope(self) -> tuple[str, ...]:
        return parse_scope(self.member_states)

    @property
    def topics(self) -> Topics:
        return Topics(self.topic_prefix)
