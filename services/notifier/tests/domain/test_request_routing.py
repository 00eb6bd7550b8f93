"""Request routing, one test per NOT row (NOT-002, 003, 005, 007..015, 043, 046): pure."""

from dataclasses import replace

from routing_facts import LA, authority, directory, routed, user

from imi_notifier.domain import request_routing as rr
from imi_notifier.domain.case_parties import RequestParties, request_allocated, request_seen

REQ_AUTH, RES_AUTH, REQ_CO, RES_CO = "FR-REQ", "DE-RES", "FR-CO", "DE-CO"
AUTHORITIES = {
    "requesting": REQ_AUTH,
    "responding": RES_AUTH,
    "requesting_coordinator": REQ_CO,
    "responding_coordinator": RES_CO,
}


def facts(*, res_allocation=False, co_allocation=False, res_co_email=True, extra=()):
    return directory(
        [
            authority(REQ_AUTH, languages=("fr", "en")),
            authority(RES_AUTH, languages=("de",), allocation=res_allocation),
            authority(REQ_CO, languages=("fr",), allocation=co_allocation),
            authority(RES_CO, email=res_co_email, languages=("de",)),
            authority("DE-NEW", languages=("de",)),
        ],
        [
            user("fr-h1", REQ_AUTH, "request_handler", language="fr"),
            user("fr-h2", REQ_AUTH, "request_handler", language="de"),
            user("fr-alloc", REQ_AUTH, "allocator"),
            user("de-h1", RES_AUTH, "request_handler", language="de"),
            user("de-h2", RES_AUTH, "request_handler", language="de"),
            user("de-alloc", RES_AUTH, "allocator", language="de"),
            user("de-viewer", RES_AUTH, "request_viewer"),
            user("fr-arb1", REQ_CO, "arbiter", language="fr"),
            user("fr-arb2", REQ_CO, "arbiter", language="fr"),
            user("fr-co-alloc", REQ_CO, "allocator", language="fr"),
            user("de-arb", RES_CO, "arbiter", language="de"),
            user("de-new-h", "DE-NEW", "request_handler", language="de"),
            *extra,
        ],
    )


def parties(last=None, allocated=None) -> RequestParties:
    return RequestParties("r1", LA, "FR", AUTHORITIES, last or {}, allocated or {})


def change(rule, new_status, actor_side, p=None, d=None):
    return routed(rr.status_changed(rule, new_status, actor_side, p or parties(), d or facts()))


def copy(code, authority_id, language):
    return (code, "authority", authority_id, language)


def to_user(code, user_id, language):
    return (code, "user", user_id, language)


def test_not_007_new_incoming_goes_to_all_responding_handlers_and_the_authority():
    assert change("REQ-058", "awaiting_acceptance", "requesting") == [
        copy(rr.NEW_INCOMING, RES_AUTH, "de"),
        to_user(rr.NEW_INCOMING, "de-h1", "de"),
        to_user(rr.NEW_INCOMING, "de-h2", "de"),
    ]


def test_not_007_with_allocation_on_new_incoming_goes_to_the_allocators_and_the_authority():
    got = change("REQ-058", "awaiting_acceptance", "requesting", d=facts(res_allocation=True))
    assert got == [
        copy(rr.NEW_INCOMING, RES_AUTH, "de"),
        to_user(rr.NEW_INCOMING, "de-alloc", "de"),
    ]


def test_not_008_each_newly_allocated_handler_is_told_once():
    before = request_allocated(
        parties(),
        request_id="r1",
        la_code=LA,
        member_state="FR",
        side="responding",
        user_ids=["de-h1"],
    )
    got = routed(rr.allocated(before, "responding", ["de-h1", "de-h2"], facts()))
    assert got == [to_user(rr.ALLOCATED, "de-h2", "de")]  # de-h1 was allocated already
    assert routed(rr.allocated(None, "requesting_coordinator", ["fr-arb2"], facts())) == [
        to_user(rr.ALLOCATED, "fr-arb2", "fr")
    ]


def test_not_009_to_a_coordinator_without_allocation_only_its_e_mail():
    assert change("REQ-057", "awaiting_request_approval", "requesting") == [
        copy(rr.TO_COORDINATOR, REQ_CO, "fr")
    ]


def test_not_009_to_a_coordinator_with_allocation_its_allocators_and_a_copy():
    got = change(
        "REQ-077", "arbitration_requesting_coordinator", "requesting", d=facts(co_allocation=True)
    )
    assert got == [
        copy(rr.TO_COORDINATOR, REQ_CO, "fr"),
        to_user(rr.TO_COORDINATOR, "fr-co-alloc", "fr"),
    ]


def test_not_009_a_coordinator_without_a_known_address_is_told_through_its_arbiters():
    got = change("REQ-067", "awaiting_reply_approval", "responding", d=facts(res_co_email=False))
    assert got == [to_user(rr.TO_COORDINATOR, "de-arb", "de")]


def test_not_010_forward_tells_the_requesting_handler_and_the_new_responding_authority():
    before = parties(last={"requesting": "fr-h2", "responding": "de-h1"})
    after = request_seen(
        before,
        request_id="r1",
        la_code=LA,
        member_state="FR",
        authorities={"requesting": REQ_AUTH, "responding": "DE-NEW"},
        actor_side="responding",
        actor_user_id="de-h1",
        actor_authority_id=RES_AUTH,
    )
    assert "responding" not in after.last_actor  # REQ-119: cleared for the new authority
    assert "responding_coordinator" not in after.authorities
    assert change("REQ-064", "awaiting_acceptance", "responding", p=after) == [
        copy(rr.FORWARDED, REQ_AUTH, "fr"),
        to_user(rr.FORWARDED, "fr-h2", "de"),
        copy(rr.NEW_INCOMING, "DE-NEW", "de"),
        to_user(rr.NEW_INCOMING, "de-new-h", "de"),
    ]


def test_not_011_split_tells_the_requesting_handler_and_authority():
    got = routed(rr.split(parties(last={"requesting": "fr-h1"}), facts()))
    assert got == [copy(rr.SPLIT, REQ_AUTH, "fr"), to_user(rr.SPLIT, "fr-h1", "fr")]


def test_not_003_not_012_answered_goes_to_the_requesting_handler_who_acted_last_plus_copy():
    p = parties(last={"requesting": "fr-h2", "responding": "de-h1"})
    assert change("REQ-068", "answered", "responding", p=p) == [
        copy(rr.ANSWERED, REQ_AUTH, "fr"),
        to_user(rr.ANSWERED, "fr-h2", "de"),  # NOT-001: in the user's own language
    ]
    assert change("REQ-069", "answered", "responding_coordinator", p=p)[1][2] == "fr-h2"


def test_not_013_a_message_goes_to_the_other_sides_last_actor_and_its_authority():
    p = parties(last={"requesting": "fr-h1", "responding": "de-h2"})
    assert routed(rr.message_added(p, "requesting", facts())) == [
        copy(rr.MESSAGE_ADDED, RES_AUTH, "de"),
        to_user(rr.MESSAGE_ADDED, "de-h2", "de"),
    ]
    assert routed(rr.message_added(p, "responding", facts()))[1][2] == "fr-h1"


def test_not_014_further_info_goes_to_the_responding_last_actor_and_authority():
    p = parties(last={"responding": "de-h1"})
    for rule in ("REQ-073", "REQ-079"):
        assert change(rule, "further_info_requested", "requesting", p=p) == [
            copy(rr.FURTHER_INFO, RES_AUTH, "de"),
            to_user(rr.FURTHER_INFO, "de-h1", "de"),
        ]


def test_not_003_not_015_updates_go_to_the_side_concerned_last_arbiter_on_a_coordinator_side():
    p = parties(
        last={
            "requesting": "fr-h1",
            "responding": "de-h1",
            "requesting_coordinator": "fr-arb2",
            "responding_coordinator": "de-arb",
        }
    )
    accepted = change("REQ-062", "accepted", "responding", p=p)
    assert accepted == [copy(rr.UPDATE, REQ_AUTH, "fr"), to_user(rr.UPDATE, "fr-h1", "fr")]
    resubmitted = change("REQ-061", "awaiting_request_approval", "requesting", p=p)
    assert resubmitted == [copy(rr.UPDATE, REQ_CO, "fr"), to_user(rr.UPDATE, "fr-arb2", "fr")]
    arbiter_closed = change("REQ-084", "closed", "responding_coordinator", p=p)
    assert [r[2] for r in arbiter_closed] == [RES_AUTH, REQ_AUTH, "de-h1", "fr-h1"]
    maintained = change("REQ-088", "further_info_rejected", "responding", p=p)
    assert {r[2] for r in maintained} == {REQ_AUTH, "fr-h1", RES_CO, "de-arb"}
    assert RES_CO not in {r[2] for r in change("REQ-070", "reply_not_approved", "x", p=p)}


def test_not_015_a_row_without_a_table_entry_updates_the_other_side():
    p = parties(last={"requesting": "fr-h1", "responding": "de-h1"})
    assert change("", "closed", "requesting", p=p) == [
        copy(rr.UPDATE, RES_AUTH, "de"),
        to_user(rr.UPDATE, "de-h1", "de"),
    ]
    assert change("", "draft", "requesting", p=p) == []


def test_not_046_without_a_last_actor_the_allocated_users_else_all_handlers():
    allocated = parties(allocated={"requesting": ("fr-h2",)})
    assert change("REQ-062", "accepted", "responding", p=allocated)[1][2] == "fr-h2"
    everyone = change("REQ-062", "accepted", "responding")
    assert [r[2] for r in everyone] == [REQ_AUTH, "fr-h1", "fr-h2"]
    arbiters = change("REQ-061", "awaiting_request_approval", "requesting")
    assert [r[2] for r in arbiters] == [REQ_CO, "fr-arb1", "fr-arb2"]  # coordinator side


def test_not_046_a_last_actor_who_lost_the_role_or_was_removed_is_skipped():
    d = facts(
        extra=[
            user("fr-gone", REQ_AUTH, "request_handler", status="removed"),
            user("fr-ex", REQ_AUTH, "request_viewer"),
        ]
    )
    for last in ("fr-gone", "fr-ex", "nobody"):
        got = change("REQ-062", "accepted", "responding", p=parties(last={"requesting": last}), d=d)
        assert [r[2] for r in got] == [REQ_AUTH, "fr-h1", "fr-h2"], last


def test_not_005_a_suspended_side_gets_nothing_not_even_its_copy():
    d = facts()
    d = replace(d, authorities={**d.authorities, REQ_AUTH: authority(REQ_AUTH, status="suspended")})
    assert change("REQ-062", "accepted", "responding", d=d) == []


def test_not_002_the_copy_is_in_the_authoritys_first_spoken_language_else_the_fallback():
    d = facts()
    d = replace(d, authorities={**d.authorities, REQ_AUTH: authority(REQ_AUTH)})
    got = change("REQ-063", "refused", "responding", d=d)
    assert got[0] == copy(rr.UPDATE, REQ_AUTH, None)  # rendered in the fallback language
    no_address = replace(
        d, authorities={**d.authorities, REQ_AUTH: authority(REQ_AUTH, email=False)}
    )
    assert [r[1] for r in change("REQ-063", "refused", "responding", d=no_address)] == ["user"] * 2


def test_not_043_a_closure_reminder_goes_to_the_requesting_side_with_its_copy():
    got = routed(rr.closure_reminder(parties(last={"requesting": "fr-h1"}), facts()))
    assert got == [
        copy(rr.CLOSURE_REMINDER, REQ_AUTH, "fr"),
        to_user(rr.CLOSURE_REMINDER, "fr-h1", "fr"),
    ]


def test_not_005_a_side_whose_requests_access_was_removed_gets_nothing():
    d = facts()
    gone = replace(
        authority(REQ_AUTH, languages=("fr",)), removed_access=frozenset({(LA, "requests")})
    )
    other_la = replace(gone, removed_access=frozenset({("other", None)}))
    for facts_, expected in ((gone, []), (other_la, [REQ_AUTH, "fr-h1", "fr-h2"])):
        d2 = replace(d, authorities={**d.authorities, REQ_AUTH: facts_})
        assert [r[2] for r in change("REQ-062", "accepted", "responding", d=d2)] == expected
