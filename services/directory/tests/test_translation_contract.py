"""Consumer contract (X-054): the directory's narrow model of the translation service's
`informal_name.translated` accepts what translation's checked-in schema allows (TRL-009).
Read from disk: the directory never imports imi_translation."""

import json
from pathlib import Path

from imi_directory.adapters.translation_events import InformalNameTranslated
from imi_shared.contracts import check_consumer_model

SCHEMA = (
    Path(__file__).resolve().parents[2]
    / "translation/contract/schemas/informal_name.translated.json"
)


def test_x_054_trl_009_the_directory_reads_what_translation_sends():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    problems = check_consumer_model(InformalNameTranslated, schema)
    assert not problems, "\n".join(map(str, problems))
    assert "original" in schema["properties"]
