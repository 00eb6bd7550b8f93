"""Settings of the notifier service (environment variables IMI_*; local defaults work)."""

from pydantic import Field

from imi_shared.settings import ServiceSettings


class NotifierSettings(ServiceSettings):
    service_name: str = "notifier"
    db_name: str = "imi_notifier"
    http_port: int = 8105
    keys_db_name: str = Field(
        default="imi_keys", description="the data keys the directory seals users' PD under"
    )
    # the mail pipeline (adapters/smtp.py, handlers/mailer.py)
    smtp_host: str = Field(default="127.0.0.1", description="SMTP server (Mailpit in compose)")
    smtp_port: int = Field(default=1025, ge=1, le=65535)
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    smtp_use_tls: bool = False
    smtp_username: str | None = Field(default=None, max_length=200)
    smtp_password: str | None = Field(default=None, max_length=200)
    mail_from: str = Field(default="IMI <no-reply@imi.local>", max_length=200)
    imi_base_url: str = Field(
        default="https://imi.local", max_length=200, description="prefix of the links in mails"
    )
    mail_poll_seconds: float = Field(default=1.0, gt=0, le=3600)
    mail_batch_size: int = Field(default=100, ge=1, le=1000)
    mail_max_attempts: int = Field(default=8, ge=1, le=100, description="then `dead`")
    mail_backoff_seconds: float = Field(default=30.0, gt=0, description="first retry delay")
    mail_backoff_max_seconds: float = Field(default=3600.0, gt=0)
    mail_lease_seconds: float = Field(
        default=10.0, ge=1, description="one sender at a time; a crashed one is replaced after"
    )
    mail_sender_enabled: bool = Field(default=True, description="run the SMTP sender job")
    helpdesk_id: str = Field(default="EU-HELPDESK", max_length=100)
    helpdesk_email: str = Field(
        default="helpdesk@imi.local", max_length=200, description="NOT-039: commission_helpdesk"
    )
    templates_file: str | None = Field(
        default=None,
        max_length=500,
        description="e-mail template catalogue; default: translation's shipped catalogue",
    )
