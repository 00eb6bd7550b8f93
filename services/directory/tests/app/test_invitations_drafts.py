"""Invitation drafts over HTTP against real Kafka + MongoDB (DIR-046..DIR-050, DIR-057,
DIR-058): single drafts, the bulk spreadsheet (CSV and XLSX), bulk edit, and bad input that
answers 4xx naming the rule and the field."""

from __future__ import annotations

import io

import pytest
from invitations_support import SERVICES_REQUESTS, coordinator, draft, invitations_app, listed
from openpyxl import Workbook, load_workbook
from support import headers_for

SERVICES_ALERTS = {"la_code": "services", "workflow": "alerts"}


@pytest.fixture
async def app(infra, topics, db_name, clock):
    async with invitations_app(infra, topics, db_name, clock) as (client, ctx):
        yield client, ctx, await coordinator(ctx)


def xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def upload(client, headers, name: str, content: bytes, content_type: str):
    return await client.post(
        "/invitations/bulk", headers=headers, files={"file": (name, content, content_type)}
    )


async def test_dir_057_draft_created_and_listed_without_its_code(app):
    client, _, fr = app
    created = await draft(client, fr.headers, personal_message="Nom informel : « Mairie »")
    assert created["status"] == "draft" and created["coordinator_id"] == fr.authority_id
    assert created["la_workflows"] == [SERVICES_REQUESTS]
    assert "registration_code" not in created
    assert set(await listed(client, fr.headers, status="draft")) == {created["id"]}
    assert await listed(client, fr.headers, status="submitted") == {}
    unknown = await client.get("/invitations", params={"status": "lost"}, headers=fr.headers)
    assert (unknown.status_code, unknown.json()["rule"], unknown.json()["field"]) == (
        422,
        "DIR-008",
        "query.status.0",  # issue 9 #12: the parameter named by its location,
    )


async def test_dir_046_only_coordinator_das_invite(app):
    client, _, fr = app
    await draft(client, fr.headers)
    not_da = fr.headers_as(data_admin_las=())
    response = await client.post(
        "/invitations",
        headers=not_da,
        json={"authority_name": "X", "email": "x@example.fr", "la_workflows": [SERVICES_REQUESTS]},
    )
    assert response.status_code == 403 and response.json()["rule"] == "DIR-046"
    other = headers_for(
        user_id="u-de", authority_id="nimic-de", member_state="DE", data_admin_las=("services",)
    )
    assert await listed(client, other) == {}  # its own list: empty
    peek = await client.get(
        "/invitations", params={"coordinator_id": fr.authority_id}, headers=other
    )
    assert (peek.status_code, peek.json()["rule"]) == (403, "DIR-046")


async def test_dir_047_bad_input_names_rule_and_field(app):
    client, _, fr = app
    missing = await client.post("/invitations", headers=fr.headers, json={"email": "a@b.fr"})
    assert missing.status_code == 422
    assert missing.json() | {"detail": None} == {
        "rule": "DIR-047",
        "field": "authority_name",
        "error": missing.json()["error"],
        "detail": None,
    }
    blank = await client.post(
        "/invitations", headers=fr.headers, json={"authority_name": "  ", "email": "a@b.fr"}
    )
    assert (blank.status_code, blank.json()["rule"], blank.json()["field"]) == (
        422,
        "DIR-047",
        "authority_name",
    )
    bad_pair = await client.post(
        "/invitations",
        headers=fr.headers,
        json={
            "authority_name": "Mairie",
            "email": "a@b.fr",
            "la_workflows": [{"la_code": "solvit", "workflow": "alerts"}],
        },
    )
    assert (bad_pair.status_code, bad_pair.json()["rule"], bad_pair.json()["field"]) == (
        422,
        "X-004",
        "la_workflows",
    )
    bad_workflow = await client.post(
        "/invitations",
        headers=fr.headers,
        json={
            "authority_name": "Mairie",
            "email": "a@b.fr",
            "la_workflows": [{"la_code": "services", "workflow": "nope"}],
        },
    )
    assert bad_workflow.status_code == 422
    assert bad_workflow.json()["field"] == "la_workflows.0.workflow"


async def test_dir_049_bulk_csv_upload_creates_drafts_without_workflows(app):
    client, _, fr = app
    content = (
        "nom;adresse électronique\nMairie de Brest;brest@example.fr\n;\n"
        "Mairie de Quimper;pas-une-adresse\n"
    ).encode("cp1252")
    response = await upload(client, fr.headers, "invitations.csv", content, "text/csv")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["created"] == 2
    assert [
        (i["authority_name"], i["email"], i["la_workflows"], i["status"])
        for i in body["invitations"]
    ] == [
        ("Mairie de Brest", "brest@example.fr", [], "draft"),
        ("Mairie de Quimper", "pas-une-adresse", [], "draft"),
    ]  # e-mail checked on submit


async def test_dir_049_bulk_xlsx_upload_and_template(app):
    client, _, fr = app
    template = await client.get("/invitations/bulk/template", headers=fr.headers)
    assert template.status_code == 200
    header = next(load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True))
    assert header == ("authority_name", "email")
    rows = [["authority_name", "email"]] + [[f"Mairie {n}", f"m{n}@example.fr"] for n in range(5)]
    response = await upload(
        client, fr.headers, "liste.xlsx", xlsx(rows), "application/octet-stream"
    )
    assert response.status_code == 201, response.text
    assert response.json()["created"] == 5
    assert len(await listed(client, fr.headers, status="draft")) == 5
    csv_template = await client.get(
        "/invitations/bulk/template", params={"format": "csv"}, headers=fr.headers
    )
    assert csv_template.content.decode("utf-8-sig").strip() == "authority_name,email"


@pytest.mark.parametrize(
    "name, content, why",
    [
        ("a.csv", b"", "empty"),
        ("a.csv", b"who,where\nx,y\n", "header"),
        ("a.csv", b"authority_name,email\n,x@example.fr\n", "row 2"),
        ("a.xlsx", b"PK\x03\x04 not really a zip", "XLSX"),
        ("a.xls", b"\xd0\xcf\x11\xe0 old excel", ".xlsx and .csv"),
        # issue 9 #12: a bare CR inside a line was a 500 (_csv.Error)
        ("a.csv", b"authority_name,email\nMairie\rde Lyon,x@example.fr\n", "row 2"),
    ],
)
async def test_dir_049_unreadable_upload_names_rule_and_field(app, name, content, why):
    client, _, fr = app
    response = await upload(client, fr.headers, name, content, "application/octet-stream")
    assert response.status_code == 422
    assert response.json()["rule"] == "DIR-049" and response.json()["field"] == "file"
    assert why in response.json()["error"]
    assert await listed(client, fr.headers) == {}  # all or none


async def test_dir_050_bulk_edit_adds_pairs_and_text_but_never_services_alerts(app):
    client, _, fr = app
    content = b"authority_name,email\nA,a@example.fr\nB,b@example.fr\n"
    ids = [
        i["id"]
        for i in (await upload(client, fr.headers, "x.csv", content, "text/csv")).json()[
            "invitations"
        ]
    ]
    refused = await client.patch(
        "/invitations/bulk",
        headers=fr.headers,
        json={"ids": ids, "la_workflows": [SERVICES_REQUESTS, SERVICES_ALERTS]},
    )
    assert (refused.status_code, refused.json()["rule"], refused.json()["field"]) == (
        422,
        "DIR-050",
        "la_workflows",
    )
    edited = await client.patch(
        "/invitations/bulk",
        headers=fr.headers,
        json={"ids": ids, "la_workflows": [SERVICES_REQUESTS], "personal_message": "Bienvenue"},
    )
    assert edited.status_code == 200, edited.text
    assert all(
        i["la_workflows"] == [SERVICES_REQUESTS] and i["personal_message"] == "Bienvenue"
        for i in edited.json()["invitations"]
    )
    one = await client.patch(
        f"/invitations/{ids[0]}",
        headers=fr.headers,
        json={"la_workflows": [SERVICES_REQUESTS, SERVICES_ALERTS]},
    )  # one at a time: allowed
    assert one.status_code == 200 and len(one.json()["la_workflows"]) == 2
    empty = await client.patch("/invitations/bulk", headers=fr.headers, json={"ids": []})
    assert (empty.status_code, empty.json()["rule"], empty.json()["field"]) == (
        422,
        "DIR-050",
        "ids",
    )


async def test_dir_058_draft_deleted_by_the_coordinator(app):
    client, _ctx, fr = app
    created = await draft(client, fr.headers)
    deleted = await client.delete(f"/invitations/{created['id']}", headers=fr.headers)
    assert deleted.status_code == 204
    assert await listed(client, fr.headers) == {}
    gone = await client.patch(f"/invitations/{created['id']}", headers=fr.headers, json={})
    assert (gone.status_code, gone.json()["rule"]) == (404, "DIR-142")
