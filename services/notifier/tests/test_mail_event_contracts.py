"""Consumer contract (X-053): the narrow models of the directory's invitation events and the
registers' events (NOT-031..NOT-042) accept what the producers' checked-in schemas allow.
Read from disk: no import of imi_directory or imi_registers."""

import json
from pathlib import Path

import pytest

from imi_notifier.adapters import mail_events as m
from imi_shared.contracts import check_consumer_model

SERVICES = Path(__file__).resolve().parents[2]
# the directory publishes `invitation.reminder_due` (handlers/invitation_events.py) but its
# contract module does not list it yet: no checked-in schema to check against
UNLISTED = {"invitation.reminder_due"}
CASES = [("directory", model) for model in m.INVITATIONS if model.event_type not in UNLISTED]
CASES += [("directory", model) for model in m.COORDINATOR]  # NOT-040
CASES += [("registers", model) for model in m.REGISTERS]


@pytest.mark.parametrize(("producer", "model"), CASES, ids=lambda c: getattr(c, "event_type", c))
def test_x_053_not_031_not_042_notifier_reads_what_the_producers_send(producer, model):
    path = SERVICES / producer / "contract" / "schemas" / f"{model.event_type}.json"
    problems = check_consumer_model(model, json.loads(path.read_text(encoding="utf-8")))
    assert not problems, "\n".join(map(str, problems))


def test_x_053_the_unlisted_reminder_is_still_absent_from_the_directory_contract():
    """Fails once the directory lists it: then move it into the check above."""
    schemas = SERVICES / "directory" / "contract" / "schemas"
    assert not (schemas / "invitation.reminder_due.json").exists()
