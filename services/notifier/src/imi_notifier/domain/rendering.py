"""Rendering a notification from its pre-translated template (NOT-001), pure.

A template is two catalogue items, `<code>.subject` and `<code>.body` (plain text with
`{placeholders}`), each with one label per language. The mail is rendered in the notification's
language; a language without the template falls back to English, visibly (a notice on top and
`fallback=True`). The HTML part is derived from the plain text (escaped, links as anchors).
Placeholders are filled from the notification's own fields and bounded params only: a missing
one renders empty rather than failing a mail.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from .notification import FALLBACK_LANGUAGE

Labels = Mapping[str, str]  # language -> text
Catalogue = Mapping[str, Labels]  # "<code>.subject" / "<code>.body" -> labels
LINK_KEYS = frozenset({"link", "registration_link", "login_link", "learning_link"})
FALLBACK_NOTICE = "[This message is not available in your language ({lang}); English version.]"


class MissingTemplate(LookupError):
    """No template for a code, not even in English (a release defect, never a PD leak)."""


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str
    language: str  # the language actually used
    fallback: bool


class _Fill(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _label(catalogue: Catalogue, key: str, language: str) -> tuple[str | None, bool]:
    labels = catalogue.get(key) or {}
    if language in labels:
        return labels[language], False
    return labels.get(FALLBACK_LANGUAGE), True


def render(
    catalogue: Catalogue, code: str, language: str, values: Mapping[str, str]
) -> RenderedMail:
    subject, fallback = _label(catalogue, f"{code}.subject", language)
    body, body_fallback = _label(catalogue, f"{code}.body", language)
    if subject is None or body is None:
        raise MissingTemplate(code)
    fallback = fallback or body_fallback
    used = FALLBACK_LANGUAGE if fallback else language
    footer, _ = _label(catalogue, "N_FOOTER.body", used)
    plain = _Fill(values)
    text = body.format_map(plain)
    rendered_subject = " ".join(subject.format_map(plain).split())  # one header line
    notice = FALLBACK_NOTICE.format(lang=language) if fallback else ""
    text_part = "\n\n".join(part for part in (notice, text, footer or "") if part)
    return RenderedMail(
        subject=rendered_subject,
        text=text_part + "\n",
        html=_html(body, values, notice, footer or "", used),
        language=used,
        fallback=fallback,
    )


def _html(body: str, values: Mapping[str, str], notice: str, footer: str, lang: str) -> str:
    filled = _Fill()
    for key, value in values.items():
        safe = html.escape(value)
        filled[key] = f'<a href="{safe}">{safe}</a>' if key in LINK_KEYS and value else safe
    content = html.escape(body).format_map(filled)
    paragraphs = [p.replace("\n", "<br>\n") for p in content.split("\n\n") if p.strip()]
    parts = [f"<p><em>{html.escape(notice)}</em></p>"] if notice else []
    parts += [f"<p>{p}</p>" for p in paragraphs]
    if footer:
        parts.append(f"<p><small>{html.escape(footer)}</small></p>")
    return (
        f'<!doctype html>\n<html lang="{lang}"><body>\n' + "\n".join(parts) + "\n</body></html>\n"
    )
