"""The registers' own code lists (REG-007, REG-008, REG-024) against the translation
service's catalogues (TRL-012 kinds register_type, register_category, register_info_type),
read from disk: registers never imports translation."""

import json
from pathlib import Path

import pytest

from imi_registers.reference import LABEL_LANGUAGES, REGIONAL_STATES, default_reference

CATALOGUES = Path(__file__).resolve().parents[2] / "translation/src/imi_translation/catalogues"
KINDS = {"register_type", "register_category", "register_info_type"}


def ours() -> dict[str, set[str]]:
    ref = default_reference()
    return {
        "register_type": set(ref.types),
        "register_category": {c for by_type in ref.categories.values() for c in by_type},
        "register_info_type": set(ref.info_types),
    }


def test_reg_007_reg_024_our_codes_are_translations_codes_where_it_has_them():
    theirs: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for path in CATALOGUES.glob("*.json"):
        for item in json.loads(path.read_text(encoding="utf-8")).get("items", []):
            if item.get("kind") in KINDS:
                theirs[item["kind"]].add(item["code"])
    if not any(theirs.values()):
        pytest.skip("the translation service has no register_* catalogue items yet")
    mine = ours()
    for kind, codes in theirs.items():
        if codes:
            assert mine[kind] == codes, kind


def test_reg_007_every_code_has_a_label_in_every_label_language():
    ref = default_reference()
    every = [*ref.types.values(), *ref.info_types.values()]
    every += [labels for by_type in ref.categories.values() for labels in by_type.values()]
    assert all(set(labels) == set(LABEL_LANGUAGES) for labels in every)


def test_reg_008_the_regions_are_iso_3166_2_first_level_subdivisions_with_labels():
    regions = default_reference().regions
    assert set(regions) == set(REGIONAL_STATES)
    assert len(regions["DE"]) == 16 and regions["DE"]["DE-BY"]["fr"] == "Bavière"
    assert regions["BE"].keys() == {"BE-BRU", "BE-VLG", "BE-WAL"}
