"""The printable report of an alert (ALR-078, X-014): exactly the viewer's `project()` view,
so a closed or withdrawn alert prints only the reduced view. Plain text or HTML."""

from __future__ import annotations

from html import escape
from typing import Any

Section = tuple[str, list[str]]


def _text(value: dict[str, Any] | None) -> str:
    if not value:
        return ""
    mark = " [confidential]" if value.get("confidential") else ""
    return f"{value['text']} ({value['lang']}){mark}"


def _fields(fields: list[dict[str, Any]]) -> list[str]:
    return [
        f"{f['code']}: {f['value']}{' [confidential]' if f.get('confidential') else ''}"
        for f in fields
    ]


def sections(view: dict[str, Any]) -> list[Section]:
    o = view["overview"]
    out: list[Section] = [
        (
            "Overview",
            [
                f"Number: {o['ref_no']}",
                f"Status: {o['status']}",
                f"Service activity: {o['service_activity_code'] or '-'}",
                f"State of establishment: {o['establishment_ms']}",
                f"Launching authority: {o['launching_authority_id']} ({o['launching_ms']})",
                f"Broadcasting coordinator: {o['broadcasting_coordinator_id'] or '-'}",
                f"Recipient states: {', '.join(o['recipient_ms']) or '-'}",
                f"Broadcast: {o['broadcast_at'] or '-'}",
                *_fields(o["provider_non_personal"]),
            ],
        )
    ]
    if view.get("description"):
        out.append(("Case description", [_text(view["description"])]))
    if view.get("suggested_recipients"):
        out.append(("Suggested recipients", [_text(view["suggested_recipients"])]))
    pd = view.get("personal_data")
    if pd:
        out.append(
            (
                "Service provider (personal data)",
                [
                    *_fields(pd["provider"]),
                    *(f"Attachment: {a['filename']}" for a in pd["attachments"]),
                ],
            )
        )
    if view.get("items"):
        out.append(
            (
                "Additional information",
                [
                    f"{i['item_id']} {i['info_type']} by {i['author_authority_id']} ({i['author_ms']}), "
                    f"{i['status']}: {_text(i['text'])}"
                    for i in view["items"]
                ],
            )
        )
    closure = view.get("closure_proposal")
    if closure:
        out.append(
            (
                "Closure proposal",
                [
                    f"{closure['status']} by {closure['proposer_authority_id']}: {_text(closure['text'])}",
                    *(
                        f"Comment by {c['author_authority_id']}: {_text(c['text'])}"
                        for c in closure["comments"]
                    ),
                ],
            )
        )
    if view.get("withdrawal"):
        w = view["withdrawal"]
        out.append(("Withdrawal", [f"{w['status']}: {w['justification']}"]))
    out.append(
        (
            "Recipients",
            [
                f"{r['authority_id']} ({r['member_state']}){' removed' if r.get('removed_at') else ''}"
                for r in view["recipients"]
            ],
        )
    )
    out.append(
        (
            "History",
            [
                f"{h['at']} {h['action']} {h.get('actor_authority_id') or 'system'}"
                f"{' — ' + h['justification'] if h.get('justification') else ''}"
                for h in view["history"]
            ],
        )
    )
    return out


def title(view: dict[str, Any]) -> str:
    return f"IMI alert {view['overview']['ref_no']}"


def as_text(view: dict[str, Any]) -> str:
    lines = [title(view), f"View: {view['access']}", ""]
    for heading, body in sections(view):
        lines += [heading, "-" * len(heading), *body, ""]
    return "\n".join(lines)


def as_html(view: dict[str, Any]) -> str:
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title(view))}"
        f"</title></head><body><h1>{escape(title(view))}</h1>"
        f"<p>View: {escape(view['access'])}</p>"
    ]
    for heading, body in sections(view):
        items = "".join(f"<li>{escape(line)}</li>" for line in body)
        parts.append(f"<h2>{escape(heading)}</h2><ul>{items}</ul>")
    parts.append("</body></html>")
    return "".join(parts)
