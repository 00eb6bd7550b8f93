"""X-009: the alert's content as it travels to the copies (`copies.distributed`) holds no
personal data, and is the alert's `without_personal_data()` form, built without copying the
whole alert (issue 10)."""

from __future__ import annotations

from imi_alerts.copies.distributed import DistributedAlert
from imi_alerts.domain import AdditionalInfoType, AlertStatus, Attachment


def test_x_009_the_distributed_alert_is_the_alert_without_personal_data(world):
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", ["DE-A", "DE-C"])
    alert.submit_information(
        world.handler("DE-A"),
        AdditionalInfoType.INFORMATION,
        world.text("Fined"),
        world.coord("DE-C"),
        world.later(),
        attachments=[Attachment(attachment_id="p", filename="p.pdf")],
    )
    before = alert.model_dump(mode="json")
    distributed = DistributedAlert.from_alert(alert)
    bare = alert.without_personal_data()
    expected = DistributedAlert.model_validate(
        {
            **{
                k: v
                for k, v in bare.model_dump(mode="json").items()
                if k in DistributedAlert.model_fields
            },
            **bare.content.model_dump(mode="json", include={"checklist", "service_activity_code"}),
            "provider_non_personal": [
                f.model_dump(mode="json") for f in bare.content.non_personal_provider()
            ],
            "establishment_ms": bare.content.establishment_ms,
            "description": bare.content.description.model_dump(mode="json"),
            "recipient_ms": list(bare.content.recipient_ms),
            "suggested_recipients": bare.content.suggested_recipients.model_dump(mode="json"),
        }
    )
    assert distributed.model_dump(mode="json") == expected.model_dump(mode="json")
    dumped = distributed.model_dump_json()
    assert "Jean Dupont" not in dumped and "p.pdf" not in dumped and "inspection.pdf" not in dumped
    assert distributed.items[0].attachments == ()
    assert alert.model_dump(mode="json") == before  # the alert itself keeps its data
    assert alert.items[0].attachments and alert.content.attachments
