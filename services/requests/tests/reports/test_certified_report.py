"""Rendered and certified reports (REQ-096..REQ-099, X-013, X-020): the real PDF library, the
real pyHanko signature and validation, a signing key made once per test session."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import async_validate_pdf_signature, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from imi_requests.reports import ReportGenerator, ReportKind, ReportOrder, Right, SubjectField
from imi_requests.reports.devcert import make_dev_certificate
from imi_requests.reports.signing import SigningMaterial, SigningNotConfigured, load_signer
from imi_requests.settings import RequestsSettings
from imi_shared.errors import Forbidden
from imi_shared.settings import Environment
from imi_testkit import FakeClock

NOW = datetime(2026, 12, 6, 10, 30, 15, tzinfo=UTC)
FR = "fr-ordre-medecins"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def generator(clock, signer) -> ReportGenerator:
    return ReportGenerator(clock=clock, signer=signer)


def validate(pdf: bytes, trust_root):
    reader = PdfFileReader(BytesIO(pdf))
    (embedded,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[trust_root], allow_fetching=False)
    return embedded, validate_pdf_signature(embedded, context)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def certified(generator, source, who, kind=ReportKind.FULL_WITH_PD):
    return generator.generate(who(FR, Right.HANDLER), source(), ReportOrder(kind, certified=True))


def test_req_099_certified_report_signature_verifies_under_the_configured_certificate(
    generator, source, who, signer
):
    report = certified(generator, source, who)
    assert report.pdf.startswith(b"%PDF") and report.record.certified
    embedded, status = validate(report.pdf, signer.signing_cert)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.signing_cert.dump() == signer.signing_cert.dump()
    assert status.coverage.name == "ENTIRE_FILE"
    assert embedded.docmdp_level is MDPPerm.NO_CHANGES  # a certification signature
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES


def test_x_020_a_signature_under_another_certificate_is_not_trusted(generator, source, who):
    report = certified(generator, source, who)
    stranger = make_dev_certificate(not_before=datetime(2020, 1, 1, tzinfo=UTC))
    from pyhanko.keys import load_certs_from_pemder_data

    (stranger_cert,) = load_certs_from_pemder_data(stranger.cert_pem)
    _, status = validate(report.pdf, stranger_cert)
    assert status.intact and not status.trusted and not status.bottom_line


def test_req_099_a_tampered_byte_in_the_signed_range_is_detected(generator, source, who, signer):
    pdf = certified(generator, source, who).pdf
    start, first_len, second_start, _ = map(
        int, re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]", pdf).groups()
    )
    at = pdf.index(b"(IMI information request report)") + 5  # the 'i' of 'information'
    assert start <= at < start + first_len < second_start  # inside the signed range
    tampered = pdf[:at] + b"I" + pdf[at + 1 :]
    _, status = validate(tampered, signer.signing_cert)
    assert not status.intact and not status.bottom_line  # the document digest differs
    _, untouched = validate(pdf, signer.signing_cert)
    assert untouched.intact


def test_x_013_pdf_without_pd_contains_none_of_the_pd_values(generator, source, who, pd_values):
    viewer = who(FR, Right.VIEWER)
    without = generator.generate(viewer, source(), ReportOrder(ReportKind.FULL_WITHOUT_PD))
    text = text_of(without.pdf)
    assert "general practitioner" in text and "Ordre des médecins" in text
    assert [v for v in pd_values if v in text] == []
    assert [v.encode() for v in pd_values if v.encode() in without.pdf] == []
    with_pd = certified(generator, source, who)  # the same extraction finds them when present
    assert [v for v in pd_values if v not in text_of(with_pd.pdf)] == []
    with pytest.raises(Forbidden):
        generator.generate(viewer, source(), ReportOrder(ReportKind.FULL_WITH_PD))


def test_req_099_certified_report_embeds_its_generation_time_from_the_clock(
    generator, source, who, signer, clock
):
    clock.advance(timedelta(minutes=5))
    report = certified(generator, source, who)
    _, status = validate(report.pdf, signer.signing_cert)
    assert status.signer_reported_dt == NOW + timedelta(minutes=5)
    assert "2026-12-06 10:35:15 UTC" in text_of(report.pdf)
    assert PdfReader(BytesIO(report.pdf)).metadata.creation_date.astimezone(UTC) == (
        NOW + timedelta(minutes=5)
    )
    assert report.record.generated_at == NOW + timedelta(minutes=5)


def test_req_098_the_generated_record_expires_30_days_after_the_clock_time(generator, source, who):
    lock = NOW + timedelta(days=12)
    with_pd = certified(generator, lambda: source(pd_lock_at=lock), who)
    assert with_pd.record.expires_at == lock  # RET-010: PD report goes at the lock date
    plain = generator.generate(
        who(FR, Right.HANDLER), source(pd_lock_at=lock), ReportOrder(ReportKind.FULL_WITHOUT_PD)
    )
    assert plain.record.expires_at == NOW + timedelta(days=30)
    assert not plain.record.personal_data and plain.record.size == len(plain.pdf)


async def test_req_099_certified_report_inside_an_event_loop(generator, source, who, signer):
    report = await generator.agenerate(
        who(FR, Right.HANDLER),
        source(),
        ReportOrder(ReportKind.DATA_SUBJECT_CONSENT_FORM, certified=True),
    )
    (embedded,) = PdfFileReader(BytesIO(report.pdf)).embedded_signatures
    context = ValidationContext(trust_roots=[signer.signing_cert], allow_fetching=False)
    status = await async_validate_pdf_signature(embedded, context)
    assert status.bottom_line and "Consent form" in text_of(report.pdf)


def test_x_020_signing_material_from_pem_files_or_pkcs12(tmp_path, dev_certificate, signer):
    (tmp_path / "key.pem").write_bytes(dev_certificate.key_pem)
    (tmp_path / "cert.pem").write_bytes(dev_certificate.cert_pem)
    (tmp_path / "signer.p12").write_bytes(dev_certificate.pkcs12(b"s3cret"))
    from_pem = load_signer(
        SigningMaterial(key_file=str(tmp_path / "key.pem"), cert_file=str(tmp_path / "cert.pem"))
    )
    from_p12 = load_signer(
        SigningMaterial(pkcs12_file=str(tmp_path / "signer.p12"), passphrase="s3cret")
    )
    assert (
        from_pem.signing_cert.dump() == from_p12.signing_cert.dump() == signer.signing_cert.dump()
    )
    with pytest.raises(SigningNotConfigured):
        load_signer(SigningMaterial(key_file=str(tmp_path / "key.pem")))  # no certificate


def test_x_020_outside_local_a_deployment_without_a_certificate_refuses_to_start():
    with pytest.raises(SigningNotConfigured):
        ReportGenerator.from_settings(
            RequestsSettings(environment=Environment.PRODUCTION), FakeClock(NOW)
        )
    local = ReportGenerator.from_settings(RequestsSettings(), FakeClock(NOW))
    assert local.signer is not None and "NOT FOR PRODUCTION" in local.signer.subject_name


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.exists(), reason="Debian's fonts-dejavu-core is not installed")
def test_req_096_a_unicode_font_prints_every_script_the_core_font_only_latin1(
    clock, signer, source, who
):
    name = "Łucja Żółć Σπύρου"
    polish = source(subject=(SubjectField(label="Name", value=name),))
    order = ReportOrder(ReportKind.FULL_WITH_PD)
    handler = who(FR, Right.HANDLER)
    unicode = ReportGenerator(clock=clock, signer=signer, font_file=str(DEJAVU))
    assert name in text_of(unicode.generate(handler, polish, order).pdf)
    core = ReportGenerator(clock=clock, signer=signer)
    assert "?ucja" in text_of(core.generate(handler, polish, order).pdf)


def test_req_099_render_and_sign_figures(generator, source, who, signer, record_property):
    """The cost of one certified report of the sample request: time and size (README)."""
    times, sizes = [], []
    for _ in range(5):
        started = time.perf_counter()
        report = certified(generator, source, who)
        times.append(time.perf_counter() - started)
        sizes.append(len(report.pdf))
    record_property("certified_report_ms", round(1000 * min(times), 1))
    record_property("certified_report_bytes", max(sizes))
    assert max(times) < 2.0 and max(sizes) < 100_000
    _, status = validate(report.pdf, signer.signing_cert)
    assert status.bottom_line
