"""Consumer contract (X-054): the kernel's narrow models of the directory's events accept what
the directory's checked-in schemas allow (read from disk: the kernel never imports a service)."""

import json
from pathlib import Path

import pytest

from imi_shared.contracts import check_consumer_model
from imi_shared.principal_status import USED

SCHEMAS = Path(__file__).resolve().parents[2] / "services" / "directory" / "contract" / "schemas"


@pytest.mark.parametrize("model", USED, ids=lambda m: m.event_type)
def test_x_054_principal_status_reads_what_the_directory_sends(model):
    schema = json.loads((SCHEMAS / f"{model.event_type}.json").read_text(encoding="utf-8"))
    problems = check_consumer_model(model, schema)
    assert not problems, "\n".join(map(str, problems))
