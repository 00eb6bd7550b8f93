"""`/free-text`: is a machine translation offered for a pair, translate a free text into the
reader's display language, and check a text's declared language (TRL-004..006, TRL-008,
TRL-015). The original always comes back next to the translation, never replaced by it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from imi_shared.auth import CurrentPrincipal
from imi_shared.runtime import service_context

from ...context import TranslationContext
from ...domain.free_text import MAX_FREE_TEXT, NOTICE, FreeText, writing_advice
from ...handlers import machine_translation as mt

router = APIRouter(prefix="/free-text", tags=["free text"])


Context = Annotated[TranslationContext, Depends(service_context)]
LangQuery = Annotated[str, Query(min_length=2, max_length=2)]


class FreeTextIn(BaseModel):
    """A free text with the language its author declared (TRL-004)."""

    lang: str = Field(min_length=2, max_length=2)
    text: str = Field(min_length=1, max_length=MAX_FREE_TEXT)


class ComposingIn(FreeTextIn):
    partner_languages: list[str] = Field(
        default_factory=list,
        max_length=24,
        description="TRL-007: the languages the partner authority speaks (directory, DIR-132)",
    )


class TranslateIn(FreeTextIn):
    target: str = Field(min_length=2, max_length=2, description="the reader's display language")
    personal_data: bool = Field(
        default=True,
        description="the text may hold personal data (default): sent only to a trusted engine",
    )


class Original(BaseModel):
    lang: str = Field(max_length=2)
    text: str = Field(max_length=MAX_FREE_TEXT)


class Translation(BaseModel):
    lang: str = Field(max_length=2)
    text: str = Field(max_length=4 * MAX_FREE_TEXT)
    engine: str = Field(max_length=40)
    cached: bool
    approximate: bool = Field(description="TRL-006: always true")
    notice: str = Field(default=NOTICE, max_length=200)


class LanguageCheckOut(BaseModel):
    declared: str = Field(max_length=2)
    detected: str | None = Field(default=None, max_length=2)
    looks_wrong: bool = Field(description="the text looks written in `detected`, not `declared`")


class ComposingCheck(LanguageCheckOut):
    partner_languages: list[str] = Field(max_length=24)
    in_partner_language: bool | None = Field(description="null: partner's languages not given")
    advice: str = Field(max_length=200, description="TRL-007: the recommendation to show")


class Translated(BaseModel):
    original: Original
    translation: Translation | None = Field(description="null: see `reason`")
    reason: str | None = Field(
        default=None,
        max_length=60,
        description="no_engine_for_pair (TRL-005) or personal_data_needs_trusted_engine",
    )
    language: LanguageCheckOut


class Offer(BaseModel):
    source: str = Field(max_length=2)
    target: str = Field(max_length=2)
    offered: bool = Field(description="TRL-005: false, the UI shows no translation option")


@router.get("/offer")
async def offer(
    source: LangQuery, target: LangQuery, principal: CurrentPrincipal, ctx: Context
) -> Offer:
    return Offer(source=source, target=target, offered=mt.offered(ctx, source, target))


@router.post("/translate")
async def translate(body: TranslateIn, principal: CurrentPrincipal, ctx: Context) -> Translated:
    original = FreeText.of(body.lang, body.text)
    result = await mt.translate_free_text(
        ctx, original, body.target, personal_data=body.personal_data
    )
    translation = None
    if result.translated is not None and result.engine is not None:
        translation = Translation(
            lang=result.target_lang,
            text=result.translated,
            engine=result.engine,
            cached=result.cached,
            approximate=result.approximate,
            notice=result.notice,
        )
    check = mt.language_check(original)
    return Translated(
        original=Original(lang=original.lang, text=original.text),
        translation=translation,
        reason=result.reason,
        language=LanguageCheckOut(**check.__dict__),
    )


@router.post("/language-check")
async def language_check(
    body: ComposingIn, principal: CurrentPrincipal, ctx: Context
) -> ComposingCheck:
    """While composing (TRL-004, TRL-007): warn when the text looks written in another
    language than declared, and recommend one of the partner authority's languages."""
    text = FreeText.of(body.lang, body.text)
    check, advice = mt.language_check(text), writing_advice(text.lang, body.partner_languages)
    return ComposingCheck(
        **check.__dict__,
        partner_languages=list(advice.partner_languages),
        in_partner_language=advice.in_partner_language,
        advice=advice.advice,
    )
