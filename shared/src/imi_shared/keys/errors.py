"""Errors of the key store and of sealing (one module, so that every part can raise them)."""

from __future__ import annotations


class SealingError(Exception):
    """A sealed value cannot be sealed or unsealed, or a data key cannot be read."""


class KeyShredded(SealingError):
    def __init__(self, case_id: str) -> None:
        self.case_id = case_id
        super().__init__(
            f"personal data of case {case_id} was deleted (RET-013, RET-015): "
            f"its key has been shredded"
        )


class KekUnavailable(SealingError):
    """The key-encryption key a data key was wrapped with is unknown here (retired, or another
    deployment's), or no KEK is configured at all."""
