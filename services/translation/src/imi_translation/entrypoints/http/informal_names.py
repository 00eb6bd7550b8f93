"""`/informal-names`: submit a name for translation, translate it, read it (TRL-009, TRL-016)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from imi_shared.auth import CurrentPrincipal
from imi_shared.runtime import service_context

from ...context import TranslationContext
from ...domain.events import MAX_NAME, Entity
from ...domain.names import InformalName
from ...handlers import names, view

router = APIRouter(prefix="/informal-names", tags=["informal names"])


Context = Annotated[TranslationContext, Depends(service_context)]
EntityId = Annotated[str, Path(min_length=1, max_length=100)]
Lang = Annotated[str, Path(min_length=2, max_length=2)]


class SubmitInformalName(BaseModel):
    entity: Entity
    entity_id: str = Field(min_length=1, max_length=100)
    lang: str = Field(min_length=2, max_length=2)
    text: str = Field(min_length=1, max_length=MAX_NAME)


class TranslateInformalName(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_NAME)


class QueueEntry(BaseModel):
    """The name as stored, with what is still to translate."""

    name_id: str = Field(max_length=120)
    lang: str = Field(max_length=2)
    text: str = Field(max_length=MAX_NAME)
    translated: list[str] = Field(max_length=24)
    pending: list[str] = Field(max_length=24)

    @classmethod
    def of(cls, name: InformalName) -> QueueEntry:
        return cls(
            name_id=name.name_id,
            lang=name.lang,
            text=name.text,
            translated=sorted(name.translations),
            pending=name.pending,
        )


class ShownName(BaseModel):
    lang: str = Field(max_length=2)
    text: str = Field(max_length=MAX_NAME)
    translated: bool = Field(description="false: the original, shown until a translation exists")


class Queued(BaseModel):
    entity: Entity
    entity_id: str = Field(max_length=100)
    lang: str = Field(max_length=2, description="the original's language")
    text: str = Field(max_length=MAX_NAME, description="the original")


class Queue(BaseModel):
    items: list[Queued] = Field(max_length=500)


@router.get("/queue")
async def queue(
    principal: CurrentPrincipal,
    ctx: Context,
    lang: Annotated[str, Query(min_length=2, max_length=2, description="target language")],
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Queue:
    """TRL-009: the names still to translate into `lang` (commission_translation only)."""
    rows = await view.queue(ctx, principal, lang, limit)
    return Queue(
        items=[
            Queued(entity=r["entity"], entity_id=r["entity_id"], lang=r["lang"], text=r["text"])
            for r in rows
        ]
    )


@router.post("", status_code=202)
async def submit(body: SubmitInformalName, principal: CurrentPrincipal, ctx: Context) -> QueueEntry:
    name = await names.submit_name(
        ctx, principal, body.entity, body.entity_id, body.lang, body.text
    )
    return QueueEntry.of(name)


@router.put("/{entity}/{entity_id}/translations/{lang}")
async def translate(
    entity: Entity,
    entity_id: EntityId,
    lang: Lang,
    body: TranslateInformalName,
    principal: CurrentPrincipal,
    ctx: Context,
) -> QueueEntry:
    return QueueEntry.of(
        await names.translate_name(ctx, principal, entity, entity_id, lang, body.text)
    )


@router.get("/{entity}/{entity_id}")
async def read(
    entity: Entity,
    entity_id: EntityId,
    principal: CurrentPrincipal,
    ctx: Context,
    lang: Annotated[str, Query(min_length=2, max_length=2)],
) -> ShownName:
    shown_lang, text, translated = await view.shown_name(ctx, entity, entity_id, lang)
    return ShownName(lang=shown_lang, text=text, translated=translated)
