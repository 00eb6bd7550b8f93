"""Alert routing, one test per NOT row (NOT-004, 005, 016..030, 043, 047): pure."""

import pytest
from routing_facts import authority, directory, routed, user

from imi_notifier.domain import alert_routing as ar
from imi_notifier.domain.case_parties import alert_seen

INBOX_DE, CO_FR, AUTH_FR, AUTH_DE = "DE-INBOX", "FR-CO", "FR-AUTH", "DE-AUTH"


def alert_user(user_id, authority_id, *roles, language="en", status="active"):
    return user(user_id, authority_id, *roles, language=language, status=status, workflow="alerts")


FACTS = directory(
    [authority(a, languages=("de",)) for a in (INBOX_DE, CO_FR, AUTH_FR, AUTH_DE)],
    [
        alert_user("de-fwd", INBOX_DE, "alert_forwarder", language="de"),
        alert_user("de-fwd-h", INBOX_DE, "alert_forwarder", "alert_handler", language="de"),
        alert_user("de-view", INBOX_DE, "alert_viewer"),
        alert_user("fr-fwd", CO_FR, "alert_forwarder", language="fr"),
        alert_user("fr-co-h", CO_FR, "alert_handler", language="fr"),
        alert_user("fr-h", AUTH_FR, "alert_handler", language="fr"),
        alert_user("fr-view", AUTH_FR, "alert_viewer", language="fr"),
        alert_user("fr-gone", AUTH_FR, "alert_handler", status="removed"),
        alert_user("de-h", AUTH_DE, "alert_handler", language="de"),
        user("de-req", AUTH_DE, "request_handler"),  # a requests role is no alert profile
    ],
)
EVERYONE = (INBOX_DE, CO_FR, AUTH_FR, AUTH_DE)
FORWARDERS = ["de-fwd", "de-fwd-h", "fr-fwd"]
HANDLERS_AND_FORWARDERS = ["de-fwd", "de-fwd-h", "de-h", "fr-co-h", "fr-fwd", "fr-h"]


def recipients(code, authority_ids=EVERYONE, parties=None):
    routes = ar.route(code, authority_ids, parties, FACTS)
    assert all(r.kind == "user" for r in routes)  # NOT-004: never an authority address
    return sorted(r.recipient_id for r in routes)


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("NOT-016", "N_ALR_SUBMITTED"),
        ("NOT-017", "N_ALR_INCOMING"),
        ("NOT-020", "N_ALR_INFO_SUBMITTED"),
        ("NOT-023", "N_ALR_COMMENT_PERIOD_ENDED"),
        ("NOT-026", "N_ALR_OBJECTION_PERIOD_ENDED"),
        ("NOT-027", "N_ALR_WITHDRAWAL_SUBMITTED"),
    ],
)
def test_not_016_017_020_023_026_027_forwarders_only(rule, code):
    assert recipients(code) == FORWARDERS, rule


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("NOT-018", "N_ALR_FORWARDED"),
        ("NOT-019", "N_ALR_MSE_CHANGED"),
        ("NOT-021", "N_ALR_INFO_BROADCAST"),
        ("NOT-022", "N_ALR_CLOSURE_COMMENTS_OPEN"),
        ("NOT-024", "N_ALR_CLOSURE_PROPOSAL_BROADCAST"),
        ("NOT-025", "N_ALR_OBJECTION_BROADCAST"),
        ("NOT-028", "N_ALR_WITHDRAWN"),
        ("NOT-029", "N_ALR_CLOSURE_PROPOSAL_CANCELLED"),
        ("NOT-030", "N_ALR_CLOSED"),
    ],
)
def test_not_018_019_021_022_024_025_028_029_030_handlers_and_forwarders(rule, code):
    assert recipients(code) == HANDLERS_AND_FORWARDERS, rule


def test_not_047_never_an_alert_viewer_and_each_user_once():
    routes = ar.route("N_ALR_CLOSED", EVERYONE + EVERYONE, None, FACTS)
    ids = [r.recipient_id for r in routes]
    assert "de-view" not in ids and "fr-view" not in ids
    assert len(ids) == len(set(ids))


def test_not_004_alert_mail_is_in_each_users_language_without_authority_copies():
    got = routed(ar.route("N_ALR_FORWARDED", [AUTH_FR], None, FACTS))
    assert got == [("N_ALR_FORWARDED", "user", "fr-h", "fr")]


def test_not_005_removed_recipients_and_withdrawn_users_are_never_told():
    parties = alert_seen(None, "a1", added=EVERYONE, removed=[AUTH_DE])
    assert "de-h" not in recipients("N_ALR_INFO_BROADCAST", parties=parties)
    assert "fr-gone" not in recipients("N_ALR_INFO_BROADCAST")
    back = alert_seen(parties, "a1", added=[AUTH_DE])  # added again: told again
    assert "de-h" in recipients("N_ALR_INFO_BROADCAST", parties=back)


def test_not_017_the_launching_ms_inbox_is_told_on_the_first_broadcast_only():
    first = ar.origin_incoming(None, [INBOX_DE], FACTS)
    assert sorted(r.recipient_id for r in first) == ["de-fwd", "de-fwd-h"]
    told = alert_seen(None, "a1", origin_notified=True)
    assert ar.origin_incoming(told, [INBOX_DE], FACTS) == []


def test_not_043_closure_reminder_to_forwarders_of_the_responsible_ms_coordinators():
    parties = alert_seen(None, "a1", added=EVERYONE, launching_ms="DE")
    got = sorted(r.recipient_id for r in ar.closure_reminder(parties, FACTS))
    assert got == ["de-fwd", "de-fwd-h"]  # not the handlers, not the other MS
    proposed_in_fr = alert_seen(parties, "a1", responsible_ms="FR")
    assert [r.recipient_id for r in ar.closure_reminder(proposed_in_fr, FACTS)] == ["fr-fwd"]
    assert all(r.kind == "user" for r in ar.closure_reminder(parties, FACTS))


def test_an_unknown_code_routes_nowhere():
    assert recipients("N_ALR_SOMETHING_NEW") == []


def test_not_005_an_authority_whose_alerts_access_was_removed_gets_no_alert_mail():
    from dataclasses import replace

    removed = replace(
        FACTS.authorities[AUTH_DE], removed_access=frozenset({("services", "alerts")})
    )
    facts = replace(FACTS, authorities={**FACTS.authorities, AUTH_DE: removed})
    assert ar.route("N_ALR_CLOSED", [AUTH_DE], None, facts) == []
    assert [r.recipient_id for r in ar.route("N_ALR_CLOSED", [AUTH_DE], None, FACTS)] == ["de-h"]
