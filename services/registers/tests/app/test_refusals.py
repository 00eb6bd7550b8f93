"""Who may change a register, over HTTP on the real local servers (REG-001, REG-003, REG-004,
REG-005, REG-019; the open question of issue 13).

Decision: another authority's LDA gets 403 (REG-003 edit and transfer, REG-004 delete), an
absent register 404 REG-019. The project rule "absent and not yours get the same answer" keeps
a case's existence from those who may not see it; a register is public to every IMI user
(REG-001, manual 8.1 "Tous les utilisateurs IMI (peuvent voir tous les registres)"), so that
user has just read it with GET and a 404 would deny what they see. Rights come before state:
a user who is not an LDA gets the same 403 whether the register exists or not."""

from imi_registers.app import create_app
from imi_registers.reference import default_reference
from imi_registers.settings import RegistersSettings
from imi_shared.auth import Principal
from imi_testkit.apps import bearer, running_app

from .bodies import ARCHITECTS


def headers(authority_id: str, *, lda: bool = True, member_state: str = "FR") -> dict:
    principal = Principal(
        user_id=f"u-{authority_id}", username=f"u-{authority_id}", authority_id=authority_id,
        member_state=member_state, local_data_admin=lda,
    )  # fmt: skip
    return bearer(principal)


async def test_reg_001_reg_019_any_user_of_any_state_finds_a_register_and_opens_its_record(
    infra, unique, topics, db_name
):
    basic_de = headers(f"ca-de-{unique}", lda=False, member_state="DE")  # a basic user
    async with running_app(create_app, RegistersSettings, infra, topics, db_name) as (_, http):
        created = await http.post("/registers", json=ARCHITECTS, headers=headers(f"ca-{unique}"))
        params = {"country": "FR", "q": "architectes", "lang": "de"}
        quick = await http.get("/search/registers", params=params, headers=basic_de)
        advanced = await http.get(
            "/search/registers/advanced", params={"category": "spec.architects"}, headers=basic_de
        )
        [row] = quick.json()["rows"]
        record = await http.get(f"/registers/{row['register_id']}?lang=de", headers=basic_de)
        anonymous = await http.get("/search/registers", params=params)
    assert created.status_code == 201 and quick.status_code == 200
    assert [r["register_id"] for r in advanced.json()["rows"]] == [row["register_id"]]
    ref = default_reference()
    assert row["type_label"] == ref.label(ref.types["specific"], "de") != "specific"  # in lang
    full = record.json()  # REG-019: the full record, not the result line
    assert record.status_code == 200 and full["links"] == ARCHITECTS["links"]
    assert [c["code"] for c in full["info_types"]] == ARCHITECTS["info_type_codes"]
    assert full["owner"]["name"] == ARCHITECTS["owner"]["name"] and not full["can_edit"]
    assert anonymous.status_code == 401  # every IMI user: a user, signed in


async def test_reg_003_reg_004_another_authority_s_lda_gets_403_absent_gets_404(
    infra, unique, topics, db_name
):
    a, b = f"ca-a-{unique}", f"ca-b-{unique}"
    async with running_app(create_app, RegistersSettings, infra, topics, db_name) as (_, http):
        created = await http.post("/registers", json=ARCHITECTS, headers=headers(a))
        assert created.status_code == 201, created.text
        present = f"/registers/{created.json()['register_id']}"
        absent = "/registers/reg-nope"

        async def answers(path: str, who: dict) -> list[tuple[int, str | None]]:
            got = [
                await http.get(path, headers=who),
                await http.put(path, json=ARCHITECTS, headers=who),
                await http.put(
                    f"{path}/managing-authority", json={"managing_authority_id": b}, headers=who
                ),  # fmt: skip
                await http.delete(path, headers=who),
            ]
            return [(r.status_code, r.json().get("rule") if r.content else None) for r in got]

        other_lda = await answers(present, headers(b))
        seen_by_b = (await http.get(present, headers=headers(b))).json()
        absent_lda = await answers(absent, headers(a))
        not_lda_present = await answers(present, headers(a, lda=False))
        not_lda_absent = await answers(absent, headers(a, lda=False))
        still = await http.get(present, headers=headers(a))
    assert other_lda == [(200, None), (403, "REG-003"), (403, "REG-003"), (403, "REG-004")]
    assert not seen_by_b["can_edit"] and not seen_by_b["can_delete"]  # REG-005
    assert absent_lda == [(404, "REG-019")] * 4
    assert not_lda_present[1:] == not_lda_absent[1:] == [
        (403, "REG-003"), (403, "REG-003"), (403, "REG-004"),
    ]  # fmt: skip
    assert still.status_code == 200 and still.json()["version"] == 1  # nothing changed
