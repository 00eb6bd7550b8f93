"""The service's own consumer of its events: the names read model (TRL-009), and its reads."""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_shared.errors import Forbidden, InvalidInput, NotFound

from ..adapters.name_view import NameView
from ..context import TranslationContext
from ..domain import names
from ..domain.events import InformalNameSubmitted, InformalNameTranslated


async def name_changed(event: InformalNameSubmitted | InformalNameTranslated, tx) -> bool:
    return await NameView(tx).apply(event)


async def shown_name(
    ctx: TranslationContext, entity: str, entity_id: str, lang: str
) -> tuple[str, str, bool]:
    """(language, text, translated) of the name for a reader of `lang` (TRL-009 fallback)."""
    if lang not in names.OFFICIAL_LANGUAGES:
        raise InvalidInput("TRL-009", f"{lang!r} is not an official EU language", "lang")
    wanted = names.name_id(entity, entity_id)
    row = (await ctx.uow.run(lambda tx: NameView(tx).get(wanted))).value
    if row is None:
        raise NotFound("TRL-009", f"no informal name of {entity} {entity_id!r}")
    return names.shown(row["lang"], row["text"], row["translations"], lang)


async def queue(ctx: TranslationContext, principal: Principal, lang: str, limit: int) -> list[dict]:
    """TRL-009: what `commission_translation` still has to translate into `lang`, oldest first."""
    if not principal.is_commission:
        raise Forbidden("TRL-009", "only commission_translation works the translation queue")
    if lang not in names.OFFICIAL_LANGUAGES:
        raise InvalidInput("TRL-009", f"{lang!r} is not an official EU language", "lang")
    return (await ctx.uow.run(lambda tx: NameView(tx).pending_in(lang, limit))).value
