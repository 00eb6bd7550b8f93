"""Read-side predicates (X-005, DIR-077, DIR-107, DIR-108, DIR-124..DIR-126, DIR-130,
DIR-133..DIR-135)."""

from __future__ import annotations

import pytest

from imi_directory.domain.access import AccessAction
from imi_directory.domain.actors import Actor
from imi_directory.domain.enums import AuthorityStatus, Workflow
from imi_directory.domain.policies import (
    can_continue_ongoing,
    can_exchange,
    can_register_users,
    can_view_past_cases,
    is_default_mailing_target,
    is_searchable,
    is_selectable_responder,
    may_search_by_email,
    may_view,
)
from imi_directory.domain.reference import SERVICES

PQ, REQ, ALR = "professional_qualifications", Workflow.REQUESTS, Workflow.ALERTS
X = AccessAction


def suspend(world, authority, workflow_only=False):
    manager = world.da(world.dimic)
    authority.change_access(X.SUSPEND, manager, SERVICES, world.now, workflow=REQ)
    if not workflow_only:
        authority.change_access(X.SUSPEND, manager, SERVICES, world.now)


def test_x_005_exchange_needs_active_authority_la_and_workflow(world):
    ca = world.ca
    assert can_exchange(ca, SERVICES, REQ)
    assert not can_exchange(ca, SERVICES, ALR)  # no access
    assert not can_exchange(ca, PQ, REQ)


def test_dir_124_requested_access_sends_and_receives_nothing(world):
    ca = world.ca
    ca.request_workflow_access(world.lda(ca), SERVICES, ALR, world.now, catalog=world.catalog)
    assert not can_exchange(ca, SERVICES, ALR)
    assert not can_continue_ongoing(ca, SERVICES, ALR)


def test_dir_125_active_workflow_sends_and_receives(world):
    assert can_exchange(world.ca, SERVICES, REQ)


def test_dir_126_suspended_access_blocks_new_cases_not_ongoing_ones(world):
    ca = world.ca
    suspend(world, ca, workflow_only=True)
    assert not can_exchange(ca, SERVICES, REQ)
    assert can_continue_ongoing(ca, SERVICES, REQ)
    ca.change_access(X.REQUEST_REACTIVATION, world.lda(ca), SERVICES, world.now, workflow=REQ)
    assert can_continue_ongoing(ca, SERVICES, REQ)


def test_dir_107_suspended_authority_continues_ongoing_cases_only(world):
    ca = world.ca
    suspend(world, ca)
    ca.suspend(world.validating_da(ca), world.now)
    assert not can_exchange(ca, SERVICES, REQ)
    assert can_continue_ongoing(ca, SERVICES, REQ)
    assert not is_searchable(ca)


def test_dir_108_inactive_authority_views_past_cases_and_registers_users(world):
    ca = world.ca
    world.remove_accesses(ca)
    ca.suspend(world.validating_da(ca), world.now)
    ca.set_inactive(world.validating_da(ca), world.now, open_cases=0)
    assert ca.status is AuthorityStatus.INACTIVE
    assert can_view_past_cases(ca) and can_register_users(ca)
    assert not can_exchange(ca, SERVICES, REQ) and not can_continue_ongoing(ca, SERVICES, REQ)


def test_dir_077_registration_requested_visible_only_to_validating_das(world):
    authority, _, _ = world.self_register()
    assert may_view(authority, world.validating_da(authority))
    assert not may_view(authority, world.da(world.limic))
    assert not may_view(authority, world.basic(world.ca))
    assert not is_searchable(authority)
    assert not can_view_past_cases(authority) and not can_register_users(authority)
    assert may_view(world.ca, world.basic(world.limic))


def test_dir_130_only_active_authorities_are_searchable(world):
    assert is_searchable(world.ca)
    authority, _, _ = world.self_register()
    assert not is_searchable(authority)


@pytest.mark.parametrize("accepts", [True, False])
def test_dir_133_responders_need_active_requests_and_acceptance(world, accepts):
    ca = world.ca
    ca.set_parameters(
        world.da(world.dimic), SERVICES, REQ, {"may_accept_incoming_requests": accepts}, world.now
    )
    assert is_selectable_responder(ca, SERVICES) is accepts
    suspend(world, ca, workflow_only=True)
    assert not is_selectable_responder(ca, SERVICES)


def test_dir_133_coordinators_of_the_la_always_selectable(world):
    dimic = world.dimic
    dimic.change_access(X.SUSPEND, Actor.helpdesk(), SERVICES, world.now, workflow=REQ)
    assert is_selectable_responder(dimic, SERVICES)
    assert not is_selectable_responder(dimic, PQ)
    assert is_selectable_responder(world.nimic, PQ)


def test_dir_134_only_coordinator_das_search_by_email(world):
    assert may_search_by_email(world.da(world.dimic))
    assert not may_search_by_email(world.lda(world.ca))
    assert not may_search_by_email(world.basic(world.ca))


def test_dir_135_default_mailing_list(world):
    ca = world.ca
    assert is_default_mailing_target(ca, world.dimic.id)  # registered it
    assert not is_default_mailing_target(ca, world.limic.id)
    ca.set_associated_coordinators(world.lda(ca), SERVICES, REQ, [world.limic], world.now)
    assert is_default_mailing_target(ca, world.limic.id)  # linked to it
    assert not is_default_mailing_target(ca, world.sdimic.id)
