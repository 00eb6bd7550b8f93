"""The closed registry of commands a deployment may relay to the origin's (X-001, ALR-080):
what travels is a name and JSON arguments, read back into the same command object."""

import pytest

from imi_alerts.domain import InvalidInput
from imi_alerts.handlers.commands import COMMANDS, SubmitInformation, parse_command


def test_x_001_alr_028_a_relayed_command_reads_back_as_the_same_command():
    command = SubmitInformation(
        text={"text": "Measures", "lang": "de"},
        coordinator_id="DE-C",
        attachments=[{"attachment_id": "a1", "filename": "a.pdf"}],
    )
    assert parse_command(command.name, command.model_dump(mode="json")) == command
    assert set(COMMANDS) == {
        "submit_information",
        "edit_information",
        "delete_information",
        "broadcast_information",
        "propose_closure",
        "comment_on_closure",
        "edit_closure_proposal",
        "cancel_closure_proposal",
        "broadcast_closure_proposal",
        "close",
    }


@pytest.mark.parametrize(
    "name, arguments",
    [
        ("submit_withdrawal", {"justification": "not relayable: the origin's own step"}),
        ("close", {"unexpected": True}),
        ("submit_information", {"coordinator_id": "DE-C"}),
    ],
)
def test_x_001_an_unknown_command_or_bad_arguments_are_refused(name, arguments):
    with pytest.raises(InvalidInput) as refused:
        parse_command(name, arguments)
    assert refused.value.rule_id == "X-001"


def test_x_009_a_refusal_of_bad_arguments_does_not_echo_them():
    """The refusal's message travels in clear (`RejectedAction.error`, issue 9): it names the
    fields and the problems, never the values (the command's texts are sealed)."""
    arguments = {"text": {"text": "Measures against Jean Dupont", "lang": "not a language"}}
    with pytest.raises(InvalidInput) as refused:
        parse_command("submit_information", {**arguments, "coordinator_id": "DE-C"})
    assert "text.lang" in refused.value.message
    assert "Jean Dupont" not in refused.value.message
    assert "not a language" not in refused.value.message
