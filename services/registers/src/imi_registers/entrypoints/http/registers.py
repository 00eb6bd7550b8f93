"""/registers: add, read, edit, delete a register, transfer its management; who manages what."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from imi_shared.auth import CurrentPrincipal, Principal
from imi_shared.runtime import service_context

from ...adapters.managed import ManagedRegisters
from ...adapters.register_index import RegisterIndex
from ...adapters.register_repository import RegisterRepository, details_document
from ...context import RegistersContext
from ...domain.register import Actor, Register, may_edit
from ...handlers.registers import (
    add_register,
    delete_register,
    edit_register,
    transfer_management,
)
from .models import CodeLabel, EditBody, Id, ManagedRow, RegisterBody, RegisterView, TransferBody

router = APIRouter(tags=["registers"])
Ctx = Annotated[RegistersContext, Depends(service_context)]
DisplayLang = Annotated[
    str, Query(pattern=r"^[a-z]{2}$", max_length=2, description="the reader's display language")
]


def actor_of(principal: Principal) -> Actor:
    return Actor(
        principal.user_id, principal.authority_id, principal.member_state,
        principal.local_data_admin,
    )  # fmt: skip


def view(
    ctx: RegistersContext,
    register: Register,
    version: int,
    actor: Actor,
    lang: str,
    translations: dict[str, str] | None = None,
) -> RegisterView:
    ref, d = ctx.reference, register.details
    region = ref.region_labels(register.member_state, d.region_code)
    categories = ref.categories_of(d.register_type.value)
    editable = may_edit(register, actor)
    return RegisterView.model_validate(
        {
            **details_document(d),
            "register_id": register.register_id,
            "version": version,
            "member_state": register.member_state,
            "informal_name_shown": (translations or {}).get(lang, d.informal_name),
            "type_label": ref.label(ref.types.get(d.register_type.value), lang),
            "region_label": ref.label(region, lang) if region else None,
            "categories": [
                CodeLabel(code=c, label=ref.label(categories.get(c), lang))
                for c in d.category_codes
            ],
            "info_types": [
                CodeLabel(code=c, label=ref.label(ref.info_types.get(c), lang))
                for c in d.info_type_codes
            ],
            "managing_authority_id": register.managing_authority_id,
            "updated_at": register.updated_at,
            "can_edit": editable,  # REG-005 (REG-003 and REG-004 are the same right)
            "can_delete": editable,
        }
    )


@router.post("/registers", status_code=status.HTTP_201_CREATED)
async def post_register(
    body: RegisterBody, principal: CurrentPrincipal, ctx: Ctx, lang: DisplayLang = "en"
) -> RegisterView:
    actor = actor_of(principal)
    result = await add_register(ctx, body.details(), actor)
    return view(ctx, result.aggregate, result.version or 1, actor, lang)


@router.get("/registers/{register_id}")
async def get_register(
    register_id: Id, principal: CurrentPrincipal, ctx: Ctx, lang: DisplayLang = "en"
) -> RegisterView:
    """REG-001/REG-019: every IMI user may open every register's full record."""

    async def read(tx):
        repo = RegisterRepository(tx)
        found = await repo.get(register_id)
        indexed = await RegisterIndex.of(tx).get(register_id) or {}
        return found, repo.version_of(register_id) or 1, indexed.get("translations", {})

    found, version, translations = (await ctx.uow.run(read)).value
    return view(ctx, found, version, actor_of(principal), lang, translations)


@router.put("/registers/{register_id}")
async def put_register(
    register_id: Id, body: EditBody, principal: CurrentPrincipal, ctx: Ctx,
    lang: DisplayLang = "en",
) -> RegisterView:  # fmt: skip
    """REG-003/REG-014: the managing authority's LDAs edit every field."""
    actor = actor_of(principal)
    result = await edit_register(
        ctx, register_id, body.details(), actor, managing_authority_id=body.managing_authority_id
    )
    return view(ctx, result.aggregate, result.version or 1, actor, lang)


@router.delete("/registers/{register_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_register(register_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """REG-004/REG-015: the managing authority's LDAs; they are e-mailed (notifier)."""
    await delete_register(ctx, register_id, actor_of(principal))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/registers/{register_id}/managing-authority")
async def put_managing_authority(
    register_id: Id, body: TransferBody, principal: CurrentPrincipal, ctx: Ctx,
    lang: DisplayLang = "en",
) -> RegisterView:  # fmt: skip
    """REG-016/REG-025: to an active IMI authority of the register's state."""
    actor = actor_of(principal)
    result = await transfer_management(ctx, register_id, body.managing_authority_id, actor)
    return view(ctx, result.aggregate, result.version or 1, actor, lang)


@router.get("/authorities/{authority_id}/managed-registers")
async def get_managed(authority_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> list[ManagedRow]:
    """The registers an authority manages (REG-026), from the read model (eventually
    consistent). REG-001: register data is open to every IMI user."""

    async def read(tx):
        return await ManagedRegisters.of(tx).of_authority(authority_id)

    return [ManagedRow.model_validate(r) for r in (await ctx.uow.run(read)).value or []]
