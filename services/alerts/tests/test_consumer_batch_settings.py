"""Issue 10: the inbox and fan-out consumers' batch policy comes from the alerts settings."""

from imi_alerts.settings import AlertsSettings
from imi_shared.batching import BatchPolicy


def test_the_batch_policy_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("IMI_CONSUMER_BATCH_RECORDS", "64")
    monkeypatch.setenv("IMI_CONSUMER_BATCH_WAIT_MS", "5")
    assert AlertsSettings().consumer_batch == BatchPolicy(max_records=64, max_wait_ms=5)


def test_one_record_a_batch_means_one_message_at_a_time():
    assert AlertsSettings(consumer_batch_records=1).consumer_batch is None
    assert AlertsSettings().consumer_batch == BatchPolicy(max_records=100, max_wait_ms=20)
    fields = AlertsSettings.model_fields
    assert fields["consumer_batch_records"].description
    assert fields["consumer_batch_wait_ms"].description
