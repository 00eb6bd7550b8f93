"""Settings of the requests service (environment variables IMI_*; local defaults work)."""

from pydantic import Field, SecretStr

from imi_shared.settings import ServiceSettings


class RequestsSettings(ServiceSettings):
    service_name: str = "requests"
    db_name: str = "imi_requests"
    http_port: int = 8102
    directory_cache_seconds: float = Field(
        default=2.0,
        ge=0,
        le=10,
        description="seconds a command's read of the directory read model is kept for the "
        "next commands (issue 12); a directory event applied by this process drops it at "
        "once, one applied by another replica is seen within this time (X-054); 0: off",
    )
    keys_db_name: str = Field(
        default="imi_keys",
        description="database of the per-case data keys that seal request content on the bus "
        "(X-011, crypto-shredding RET-013)",
    )

    # Reports (REQ-096..REQ-099, X-020): imi_requests.reports
    report_signing_key_file: str = Field(
        default="",
        description="PEM/DER private key that signs certified reports (REQ-099, X-020), with "
        "report_signing_cert_file; empty (and no PKCS#12): an in-memory self-signed "
        "certificate in the local environment, refused elsewhere",
    )
    report_signing_cert_file: str = Field(
        default="",
        description="PEM certificate of the report signing key, followed by its chain",
    )
    report_signing_pkcs12_file: str = Field(
        default="",
        description="instead of key + certificate: one PKCS#12 (.p12/.pfx) archive with both",
    )
    report_signing_passphrase: SecretStr | None = Field(
        default=None,
        description="passphrase of the PKCS#12 archive or of the encrypted PEM key",
    )
    report_font_file: str = Field(
        default="",
        description="Unicode TrueType font of report PDFs (e.g. DejaVuSans.ttf; a -Bold file "
        "beside it is used for headings); empty: Helvetica, Latin-1 only",
    )
    report_retention_days: int = Field(
        default=30,
        ge=1,
        le=30,
        description="days a generated report stays available (REQ-098, RET-010, RET-011)",
    )
    report_sweep_seconds: float = Field(
        default=3600.0,
        gt=0,
        description="how often the job deleting the reports that fell due runs (REQ-098)",
    )
