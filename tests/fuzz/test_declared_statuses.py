"""Issue 9 #12: no route of any service declares an error status it cannot produce, and none
leaves out one it can, for the statuses that depend on what the route is made of:

    401  the route needs a bearer token (OpenAPI `security`), or it is a login (DIR-091)
    413  the route takes a body (the body cap)
    404  the route has a path id, or names what it acts on otherwise (listed below)
    421  the route acts for a caller that an alerts deployment may not serve (X-001)
    429  the route is throttled (the directory's login routes, DIR-094)
    422  every route (an undeclared query parameter is refused)

The fuzz run (test_openapi_fuzz.py) checks the other way round: every status answered is
declared (schemathesis' status code conformance), 0 mismatches.
"""

from __future__ import annotations

import importlib

import pytest

SERVICES = ["directory", "alerts", "requests", "registers", "notifier", "retention", "translation"]
HEALTH = {"/healthz", "/readyz"}
LOGINS = {("directory", "POST", "/auth/login"), ("directory", "POST", "/auth/first-login")}
THROTTLED = LOGINS | {("directory", "POST", "/auth/challenge")}
# 404 without a path id: the caller's own record or authority (the Commission helpdesk has
# none, X-003), or invitations named by id in the body (DIR-142)
ABSENT_WITHOUT_PATH = {
    ("directory", "GET", "/me"),
    ("directory", "POST", "/invitations"),
    ("directory", "POST", "/invitations/bulk"),
    ("directory", "PATCH", "/invitations/bulk"),
    ("directory", "POST", "/invitations/submit"),
    ("directory", "POST", "/mailings"),  # NOT-040: a target authority absent or not the DA's
}


# statuses an open route answers besides the derived ones, each found by a fuzz run
OPEN_REFUSALS = {
    ("directory", "POST", "/registrations"): 403,  # a wrong registration code (DIR-073)
    ("directory", "POST", "/registrations/preview"): 403,
}


def _operations(service: str):
    module = importlib.import_module(f"imi_{service}.app")
    settings = getattr(
        importlib.import_module(f"imi_{service}.settings"), f"{service.capitalize()}Settings"
    )
    document = module.create_app(settings()).openapi()
    for path, operations in document["paths"].items():
        if path in HEALTH:
            continue
        for method, operation in operations.items():
            yield (service, method.upper(), path), operation


@pytest.mark.parametrize("service", SERVICES)
def test_issue_9_routes_declare_exactly_the_statuses_their_make_up_allows(service):
    wrong = []
    for key, operation in _operations(service):
        declared = {int(s) for s in operation["responses"] if int(s) >= 400}
        secured = bool(operation.get("security"))
        in_path = any(p["in"] == "path" for p in operation.get("parameters", ()))
        expected = {
            401: secured or key in LOGINS,
            413: "requestBody" in operation,
            404: in_path or key in ABSENT_WITHOUT_PATH,
            421: service == "alerts" and secured,
            429: key in THROTTLED,
            422: True,
        }
        for status, allowed in expected.items():
            if (status in declared) != allowed:
                wrong.append(f"{key}: {status} {'missing' if allowed else 'not producible'}")
    assert not wrong, "\n".join(wrong)


def test_issue_9_open_routes_declare_the_refusals_they_answer():
    declared = {key: op["responses"] for key, op in _operations("directory")}
    for key, status in OPEN_REFUSALS.items():
        assert str(status) in declared[key], key
