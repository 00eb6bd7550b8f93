"""Generate a report: plan (rights), content, PDF, signature when certified, retention record.

The one entry the request service wires: `ReportGenerator.from_settings(settings, clock)`
once at start (the signing material is loaded then, so a bad configuration stops the start),
then `generate` (sync) or `agenerate` (inside an event loop, in a worker thread) per report. Storing the record
and the PDF, and deleting them when `due_for_deletion`, is the caller's (REQ-098).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import uuid4

from pyhanko.sign.signers import SimpleSigner

from imi_shared.clock import Clock, now_utc
from imi_shared.errors import Conflict
from imi_shared.settings import Environment

from ..settings import RequestsSettings
from .content import build_document
from .pdf import render_pdf
from .retention import DEFAULT_RETENTION, GeneratedReport, expiry
from .rights import ReportActor, ReportOrder, ReportPlan, plan_report
from .signing import SigningMaterial, load_signer, sign_pdf
from .source import ReportSource


@dataclass(frozen=True)
class ReportFile:
    record: GeneratedReport
    pdf: bytes


def signing_material(settings: RequestsSettings) -> SigningMaterial:
    passphrase = settings.report_signing_passphrase
    return SigningMaterial(
        key_file=settings.report_signing_key_file,
        cert_file=settings.report_signing_cert_file,
        pkcs12_file=settings.report_signing_pkcs12_file,
        passphrase=passphrase.get_secret_value() if passphrase else None,
        allow_dev_certificate=settings.environment is Environment.LOCAL,
    )


@dataclass
class ReportGenerator:
    clock: Clock
    signer: SimpleSigner | None
    font_file: str | None = None
    retention: timedelta = DEFAULT_RETENTION
    new_id: Callable[[], str] = field(default=lambda: uuid4().hex)

    @classmethod
    def from_settings(cls, settings: RequestsSettings, clock: Clock) -> ReportGenerator:
        return cls(
            clock=clock,
            signer=load_signer(signing_material(settings)),
            font_file=settings.report_font_file or None,
            retention=timedelta(days=settings.report_retention_days),
        )

    def _prepare(self, actor: ReportActor, source: ReportSource, order: ReportOrder):
        plan = plan_report(actor, source, order)
        if plan.certified and self.signer is None:
            raise Conflict("REQ-099", "certified reports are not available on this deployment")
        at = now_utc(self.clock)
        pdf = render_pdf(build_document(source, plan, at), at, self.font_file)
        return plan, at, pdf

    def _record(self, actor: ReportActor, source: ReportSource, plan: ReportPlan, at, pdf: bytes):
        record = GeneratedReport(
            report_id=self.new_id(),
            request_id=source.request_id,
            kind=plan.kind,
            generated_by=actor.user_id,
            generated_at=at,
            expires_at=expiry(at, plan.personal_data, source.pd_lock_at, self.retention),
            personal_data=plan.personal_data,
            certified=plan.certified,
            size=len(pdf),
        )
        return ReportFile(record, pdf)

    def generate(self, actor: ReportActor, source: ReportSource, order: ReportOrder) -> ReportFile:
        """REQ-096..REQ-099, outside an event loop."""
        plan, at, pdf = self._prepare(actor, source, order)
        if plan.certified and self.signer is not None:
            pdf = sign_pdf(pdf, self.signer, at)
        return self._record(actor, source, plan, at, pdf)

    async def agenerate(
        self, actor: ReportActor, source: ReportSource, order: ReportOrder
    ) -> ReportFile:
        """The same from inside an event loop: the layout and the signature are CPU work (up to
        a second for a long request), so they run in a worker thread, not on the loop."""
        return await asyncio.to_thread(self.generate, actor, source, order)
