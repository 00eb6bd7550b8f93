"""A self-signed signing certificate made in memory, for local runs and tests only.

Nothing is written to disk and no private key is ever committed: each local process (or test
session) makes its own. Production deployments configure the real certificate (X-020).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class DevCertificate:
    key_pem: bytes
    cert_pem: bytes

    def pkcs12(self, passphrase: bytes) -> bytes:
        """The same key and certificate as a PKCS#12 archive (to test that configuration)."""
        from cryptography.hazmat.primitives.serialization import pkcs12

        key = serialization.load_pem_private_key(self.key_pem, None)
        cert = x509.load_pem_x509_certificate(self.cert_pem)
        return pkcs12.serialize_key_and_certificates(
            b"imi-reports",
            key,  # type: ignore[arg-type]
            cert,
            None,
            serialization.BestAvailableEncryption(passphrase),
        )


def make_dev_certificate(
    common_name: str = "IMI local report signing (NOT FOR PRODUCTION)",
    not_before: datetime | None = None,
    lifetime: timedelta = timedelta(days=3650),
) -> DevCertificate:
    """An ECDSA P-256 key and a self-signed certificate for document signing."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "open-IMI local"),
        ]
    )
    start = not_before or datetime.now(UTC) - timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + lifetime)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return DevCertificate(
        key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        cert_pem=cert.public_bytes(serialization.Encoding.PEM),
    )
