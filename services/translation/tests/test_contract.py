"""Drift test: the checked-in contract (services/translation/contract/) is what the code publishes."""

from imi_shared.contracts import drift, drift_message
from imi_shared.contracts.files import contract_dir, load_contract


def test_checked_in_contract_matches_the_code():
    problems = drift(load_contract("translation"), contract_dir("translation"))
    assert not problems, drift_message("translation", problems)
