"""Reads of free text in another language: is a translation offered, give it (TRL-005,
TRL-006, TRL-008, TRL-015), and does the text look written in its declared language.

Every authenticated reader may ask (TRL-005). The answer always carries the original; a
translation comes only for an enabled pair with an engine, only if personal data inside the
text may go to that engine (`free_text.may_send`), and is cached when it holds none.
"""

from __future__ import annotations

from imi_shared.clock import now_utc

from ..adapters.language_detection import LanguageCheck, check_language
from ..adapters.mt_cache import MtCache, cache_key
from ..context import TranslationContext
from ..domain.free_text import NO_ENGINE, PERSONAL_DATA, FreeText, MachineTranslation, may_send
from ..domain.languages import official
from ..domain.personal_data import holds_personal_data


def offered(ctx: TranslationContext, source: str, target: str) -> bool:
    """TRL-005: the "Translate" option exists only for an enabled pair with an engine."""
    source, target = official(source, rule="TRL-005"), official(target, rule="TRL-005")
    return ctx.engine is not None and ctx.mt_pairs.offered(source, target)


async def translate_free_text(
    ctx: TranslationContext, original: FreeText, target: str, *, personal_data: bool
) -> MachineTranslation:
    target = official(target, rule="TRL-005")
    if not offered(ctx, original.lang, target):
        return MachineTranslation(original, target, reason=NO_ENGINE)
    engine = ctx.engine
    assert engine is not None
    sensitive = holds_personal_data(original.text, personal_data)
    if not may_send(sensitive, engine.trusted):
        return MachineTranslation(original, target, reason=PERSONAL_DATA)
    now = now_utc(ctx.clock)
    key = cache_key(original.text, original.lang, target, engine.name)
    if not sensitive:
        hit = (await ctx.uow.run(lambda tx: MtCache(tx).get(key, now))).value
        if hit is not None:
            return MachineTranslation(original, target, hit, engine.name, cached=True)
    translated = await engine.translate(original.text, original.lang, target)
    if not sensitive:
        days = ctx.settings.mt_cache_days
        await ctx.uow.run(lambda tx: MtCache(tx).put(key, translated, now, days))
    return MachineTranslation(original, target, translated, engine.name)


def language_check(original: FreeText) -> LanguageCheck:
    """A warning when the text looks written in another language than the declared one."""
    return check_language(original.text, original.lang)
