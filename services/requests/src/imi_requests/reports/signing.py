"""Certified reports: the server signs the PDF, PAdES baseline B-B, with pyHanko (REQ-099, X-020).

The signature is a certification (DocMDP, no changes allowed) over the whole file, under the
configured key and certificate: PEM key + PEM certificate, or one PKCS#12 archive. A local
deployment with neither gets an in-memory self-signed certificate (`devcert`); any other
environment refuses to start without one (no fail-open). The signing time (/M) is the
report's generation time from the injected clock, never the wall clock of the signing library.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .devcert import make_dev_certificate

FIELD_NAME = "IMI-Certification"


@dataclass(frozen=True)
class SigningMaterial:
    """Where the signing key and certificate come from (the settings' report_signing_* fields)."""

    key_file: str = ""
    cert_file: str = ""
    pkcs12_file: str = ""
    passphrase: str | None = None
    allow_dev_certificate: bool = False  # only in the local environment


class SigningNotConfigured(RuntimeError):
    """No signing material outside a local deployment (X-020: the certificate is configuration)."""


def _passphrase(material: SigningMaterial) -> bytes | None:
    return material.passphrase.encode() if material.passphrase else None


def load_signer(material: SigningMaterial) -> SimpleSigner:
    """The pyHanko signer of the configured material; raises at start when it cannot load."""
    if material.pkcs12_file:
        if material.key_file or material.cert_file:
            raise SigningNotConfigured("give either a PKCS#12 file or a PEM key and certificate")
        data = Path(material.pkcs12_file).read_bytes()
        return SimpleSigner.load_pkcs12_data(data, (), passphrase=_passphrase(material))
    if material.key_file or material.cert_file:
        if not (material.key_file and material.cert_file):
            raise SigningNotConfigured("a PEM signing key needs its certificate, and back")
        return signer_from_pem(
            Path(material.key_file).read_bytes(),
            Path(material.cert_file).read_bytes(),
            _passphrase(material),
        )
    if not material.allow_dev_certificate:
        raise SigningNotConfigured("certified reports need report_signing_* settings (X-020)")
    dev = make_dev_certificate()
    return signer_from_pem(dev.key_pem, dev.cert_pem)


def signer_from_pem(
    key_pem: bytes, cert_pem: bytes, passphrase: bytes | None = None
) -> SimpleSigner:
    """The certificate file holds the signer's certificate first, then its chain (if any)."""
    certs = list(load_certs_from_pemder_data(cert_pem))
    if not certs:
        raise SigningNotConfigured("the certificate file holds no certificate")
    return SimpleSigner(
        signing_cert=certs[0],
        signing_key=load_private_key_from_pemder_data(key_pem, passphrase),
        cert_registry=SimpleCertificateStore.from_certs(certs),
    )


def signing_certificate(signer: SimpleSigner) -> asn1_x509.Certificate:
    cert = signer.signing_cert
    if cert is None:  # pragma: no cover - SimpleSigner always has one
        raise SigningNotConfigured("the signer has no certificate")
    return cert


class _ClockedPdfSigner(PdfSigner):
    """pyHanko's PdfSigner, with the signing time taken from our clock instead of its own."""

    def __init__(self, meta: PdfSignatureMetadata, signer: SimpleSigner, at: datetime) -> None:
        super().__init__(meta, signer)
        self._at = at

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._at
        return session


def _signer_for(signer: SimpleSigner, signed_at: datetime, reason: str) -> _ClockedPdfSigner:
    meta = PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
        reason=reason,
        location="IMI",
    )
    return _ClockedPdfSigner(meta, signer, signed_at)


#: Room for the CMS beside its certificates: signed attributes, the signature value (RSA-4096
#: at most 512 bytes) and the structure (measured: under 1.5 KB with ECDSA and RSA keys).
_CMS_OVERHEAD = 3072


def reserved_hex_length(signer: SimpleSigner) -> int:
    """The /Contents placeholder (hex digits) for this signer's CMS, computed from its
    certificates, so pyHanko need not make a dummy signature to estimate it (half the time).
    A chain too large for it falls back to pyHanko's estimate (`SigningError`)."""
    certs = {c.dump() for c in signer.cert_registry} | {signing_certificate(signer).dump()}
    return 2 * (sum(len(der) for der in certs) + _CMS_OVERHEAD)


async def async_sign_pdf(
    pdf: bytes, signer: SimpleSigner, signed_at: datetime, reason: str = "IMI certified report"
) -> bytes:
    """REQ-099: `pdf` with a PAdES certification signature made at `signed_at`."""
    pdf_signer = _signer_for(signer, signed_at, reason)
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        out = await pdf_signer.async_sign_pdf(
            writer, bytes_reserved=reserved_hex_length(signer), output=BytesIO()
        )
    except SigningError:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        out = await pdf_signer.async_sign_pdf(writer, output=BytesIO())
    return out.getvalue()


def sign_pdf(
    pdf: bytes, signer: SimpleSigner, signed_at: datetime, reason: str = "IMI certified report"
) -> bytes:
    """The same, for callers outside an event loop."""
    return asyncio.run(async_sign_pdf(pdf, signer, signed_at, reason))
