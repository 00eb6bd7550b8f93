"""The directory service process: `python -m imi_directory.app` (or `create_app(settings)`)."""

from fastapi import FastAPI

from imi_shared.clock import Clock, system_clock
from imi_shared.keys import KeyEncryptionKey
from imi_shared.runtime import ServiceRuntime, create_service_app, serve

from .adapters import spreadsheet
from .adapters.indexes import ensure_indexes
from .bootstrap import DirectoryContext
from .entrypoints.bus import wire_bus
from .entrypoints.http import routers
from .handlers.credential_kit import CredentialKit
from .handlers.current_principal import directory_principal_check
from .handlers.invitation_batch import invitation_batch_job
from .settings import DirectorySettings


def create_app(
    settings: DirectorySettings | None = None,
    *,
    clock: Clock = system_clock,
    kit: CredentialKit | None = None,
    kek: KeyEncryptionKey | None = None,
    **options,
) -> FastAPI:
    """`clock` drives business time (and the night batch); `kit` the credential hashers and
    random sources (tests inject `CredentialKit.for_tests()`); `kek` the key-encryption key
    (default: IMI_KEK_FILE / IMI_KEK; production may pass a `KmsKeyEncryptionKey`)."""
    settings = settings or DirectorySettings()

    def build_context(runtime: ServiceRuntime) -> DirectoryContext:
        ctx = DirectoryContext.from_runtime(runtime, clock, kit, kek)
        ctx.invitation_batch = runtime.add_background(invitation_batch_job(ctx))
        return ctx

    return create_service_app(
        settings,
        title="IMI directory",
        # the bulk invitation upload may be larger than the default cap (DIR-049), up to its own
        body_limits={"/invitations/bulk": spreadsheet.MAX_BYTES + 64 * 1024},
        routers=routers(),
        wire_bus=wire_bus,
        on_start=[ensure_indexes, *options.pop("on_start", ())],
        build_context=build_context,
        principal_check=lambda runtime: directory_principal_check,  # own records
        clock=clock,
        **options,
    )


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, DirectorySettings())
