"""Every code the directory accepts is listed by the translation catalogue clients read
(issue 11): LA keywords (`?keyword=`), NACE (`?nace=`), policy areas (`?policy_area=`), read
from the directory's checked-in reference data on disk (translation never imports the
directory), and searchable by label in the reader's language (TRL-001, TRL-010)."""

import json
from pathlib import Path

from translation_support import bearer, running_translation

from imi_shared.auth import Principal

READER = Principal(user_id="r", username="r", authority_id="FR-A", member_state="FR")
DATA = Path(__file__).resolve().parents[3] / "directory/src/imi_directory/reference/data"


def _tree(name: str) -> set[str]:
    codes: set[str] = set()

    def walk(nodes):
        for node in nodes:
            codes.add(node["code"])
            walk(node.get("children", []))

    walk(json.loads((DATA / name).read_text(encoding="utf-8"))["nodes"])
    return codes


def directory_codes() -> dict[str, set[str]]:
    areas = json.loads((DATA / "legislative_areas.json").read_text(encoding="utf-8"))
    keywords = {kw["code"] for la in areas["legislative_areas"] for kw in la["keywords"]}
    return {
        "keywords": keywords,
        "nace": _tree("nace_rev2.json"),
        "policy-areas": _tree("policy_areas.json"),
    }


async def test_trl_010_every_code_the_directory_accepts_is_listed_and_found_by_label(
    infra, topics, db_name
):
    wanted = directory_codes()
    auth = bearer(READER)
    async with running_translation(infra, topics, db_name) as (_, http):
        listed = {
            name: await http.get(f"/catalogues/{name}", params={"lang": "en"}, headers=auth)
            for name in wanted
        }
        craft = await http.get("/catalogues/keywords?lang=en&q=craft", headers=auth)
        artisanat = await http.get("/catalogues/keywords?lang=fr&q=artisanat%20et", headers=auth)
        of_la = await http.get("/catalogues/keywords?lang=fr&la=solvit", headers=auth)
        sets = await http.get("/catalogues/question-sets?lang=fr&la=services", headers=auth)
        german = await http.get("/catalogues/keywords?lang=de&q=Crafts", headers=auth)
    assert all(len(codes) >= 20 for codes in wanted.values())
    for name, codes in wanted.items():
        assert listed[name].status_code == 200
        assert {i["code"] for i in listed[name].json()["items"]} >= codes, name
    found = {i["code"] for i in craft.json()["items"]}
    assert "services.crafts" in found
    (fr,) = artisanat.json()["items"]
    assert (fr["code"], fr["text"], fr["la_code"]) == (
        "services.crafts",
        "Artisanat et métiers",
        "services",
    )
    assert {i["la_code"] for i in of_la.json()["items"]} == {"solvit"}
    assert {"SD-GENERAL", "SD-DEROGATION-REQUEST"} <= {i["code"] for i in sets.json()["items"]}
    # no German label yet: the English one, marked as a fallback (TRL-001)
    (de,) = german.json()["items"]
    assert (de["code"], de["lang"], de["fallback"]) == ("services.crafts", "en", True)
