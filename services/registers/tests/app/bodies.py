"""Bodies and directory events shared by the registers' app tests."""

from datetime import UTC, datetime

from imi_shared.envelope import Envelope

ARCHITECTS = {
    "official_name": "Registre national des architectes",
    "informal_name": "Registre des architectes",
    "informal_name_language": "fr",
    "coverage": "national",
    "register_type": "specific",
    "category_codes": ["spec.architects"],
    "info_languages": ["fr"],
    "online": True,
    "links": [{"url": "https://example.org/architectes", "lang": "fr"}],
    "info_type_codes": ["info.identification", "info.qualifications"],
    "registration_mandatory": True,
    "owner": {"name": "Conseil national de l'ordre des architectes"},
}


def authority_activated(authority_id: str, member_state: str = "FR") -> Envelope:
    """`authority.status_changed` as the directory publishes it (its 1.0 schema)."""
    payload = {
        "authority_id": authority_id,
        "member_state": member_state,
        "old_status": "registration_requested",
        "new_status": "active",
        "changed_at": datetime.now(UTC).isoformat(),
    }
    return Envelope(
        event_type="authority.status_changed",
        schema_version="1.0",
        producer="directory",
        member_state=member_state,
        aggregate_type="authority",
        aggregate_id=authority_id,
        payload=payload,
    )


def name_translated(register_id: str, lang: str, text: str, original: str) -> Envelope:
    """`informal_name.translated` 1.1 as the translation service publishes it (TRL-009)."""
    payload = {
        "name_id": f"register:{register_id}",
        "entity": "register",
        "entity_id": register_id,
        "member_state": "FR",
        "revision": 1,
        "lang": lang,
        "text": text,
        "original": original,
        "at": datetime.now(UTC).isoformat(),
    }
    return Envelope(
        event_type="informal_name.translated",
        schema_version="1.1",
        producer="translation",
        member_state="FR",
        aggregate_type="informal_name",
        aggregate_id=f"register:{register_id}",
        payload=payload,
    )
