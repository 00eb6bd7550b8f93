"""HTTP API of the directory: self-registration with an invitation's code (unauthenticated,
behind a captcha: X-018, DIR-073) and its validation or refusal by the validating coordinator.

The registration id is the id of the self-registered authority.

Captcha: a pluggable `CaptchaVerifier`. Set `app.state.captcha_verifier` (or override the
`captcha_verifier` dependency) with a real one, e.g. a server-side hCaptcha / reCAPTCHA /
Friendly Captcha check. The DEFAULT only checks that the `captcha` field is not blank.
"""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import APIRouter, Depends, Request, status

from imi_shared.errors import InvalidInput
from imi_shared.openapi_errors import error_responses

from ...handlers import registrations as handlers
from ...handlers.registrations import Registered, SelfRegistration, Validation
from ._common import Context, CurrentActor, outcome_view
from .login import Kit
from .rule_route import RuleRoute, naming, rules

router = APIRouter(tags=["registrations"], route_class=RuleRoute)

FORM_RULES = {
    "code": "DIR-073",
    "captcha": "X-018",
    "details": "DIR-074",
    "keywords": "DIR-074",
    "first_user": "DIR-074",
    "summary_saved": "DIR-075",
}
FORM_FIELDS = {
    "DIR-073": "code",
    "DIR-075": "summary_saved",
    "DIR-137": "details.email",
    "DIR-026": "keywords",
    "DIR-081": "first_user.email",
    "DIR-025": "details",
    "X-021": "details",
}


class CaptchaVerifier(Protocol):
    async def verify(self, token: str) -> bool: ...


class NonEmptyCaptcha:
    """Default verifier: accepts any non-blank token (replace it in production)."""

    async def verify(self, token: str) -> bool:
        return bool(token and token.strip())


def captcha_verifier(request: Request) -> CaptchaVerifier:
    return getattr(request.app.state, "captcha_verifier", None) or NonEmptyCaptcha()


Captcha = Annotated[CaptchaVerifier, Depends(captcha_verifier)]


async def _check_captcha(verifier: CaptchaVerifier, token: str) -> None:
    if not await verifier.verify(token):
        raise InvalidInput("X-018", "the security check (captcha) failed", field="captcha")


def summary(registered: Registered) -> dict:
    """DIR-075: everything entered, with the proposed username (shown once, never e-mailed)."""
    authority, user = registered.authority, registered.first_user
    return {
        "username": user.username,
        "authority": authority.model_dump(
            mode="json",
            include={
                "official_name",
                "informal_name",
                "email",
                "address",
                "phone",
                "website",
                "spoken_languages",
                "region",
                "member_state",
            },
        ),
        "legislative_areas": [
            {
                "la_code": la.la_code,
                "keywords": la.keywords,
                "workflows": [str(w) for w in la.workflows],
            }
            for la in authority.legislative_areas.values()
        ],
        "first_user": user.model_dump(
            mode="json", include={"first_name", "last_name", "email", "main_language", "phone"}
        ),
        "invitation": {
            "id": registered.invitation.id,
            "coordinator_id": registered.invitation.coordinator_id,
        },
    }


# issue 9 #12 (found by the fuzz run): an open route that answers 403 to a wrong code (DIR-073)
BAD_CODE = error_responses(403)


@router.post(
    "/registrations/preview", openapi_extra=rules("DIR-075", **FORM_RULES), responses=BAD_CODE
)
async def preview(body: SelfRegistration, ctx: Context, captcha: Captcha) -> dict:
    """DIR-073 / DIR-075: check captcha, code and data; the summary to print or save."""
    await _check_captcha(captcha, body.captcha)
    with naming(FORM_FIELDS):
        return summary(await handlers.self_register(ctx, body, dry_run=True))


@router.post(
    "/registrations",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=rules("DIR-074", **FORM_RULES),
    responses=BAD_CODE,
)
async def register(body: SelfRegistration, ctx: Context, captcha: Captcha) -> dict:
    """DIR-076 / DIR-098: authority `registration_requested`, accesses `requested`, invitation
    `registered_awaiting_validation`; the first user waits for the validation."""
    await _check_captcha(captcha, body.captcha)
    with naming(FORM_FIELDS):
        registered = await handlers.self_register(ctx, body)
    return {
        "registration_id": registered.authority.id,
        "status": str(registered.authority.status),
        "invitation_status": str(registered.invitation.status),
        **summary(registered),
    }


@router.post(
    "/registrations/{authority_id}/validate",
    openapi_extra=rules("DIR-099", associated_coordinators="DIR-027"),
)
async def validate(
    authority_id: str, ctx: Context, actor: CurrentActor, kit: Kit, body: Validation | None = None
) -> dict:
    """DIR-071 / DIR-079 / DIR-099 / DIR-101 (within 6 months of a refusal)."""
    with naming({"DIR-027": "associated_coordinators"}):
        outcome = await handlers.validate(ctx, kit, actor, authority_id, body or Validation())
    return outcome_view(outcome)


@router.post("/registrations/{authority_id}/refuse", openapi_extra=rules("DIR-100"))
async def refuse(authority_id: str, ctx: Context, actor: CurrentActor) -> dict:
    """DIR-072 / DIR-080 / DIR-100."""
    return outcome_view(await handlers.refuse(ctx, actor, authority_id))
