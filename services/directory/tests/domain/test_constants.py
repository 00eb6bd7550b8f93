"""Configuration constants owned by the directory domain (X-030..X-040)."""

from __future__ import annotations

from datetime import time, timedelta

from imi_directory.domain import authority, credentials, dispatch, invitation, invitation_batch
from imi_directory.domain.enums import InvitationStatus


def test_x_030_registration_code_validity_30_days():
    assert invitation.CODE_VALIDITY == timedelta(days=30)


def test_x_031_reminder_5_days_before_expiry():
    assert invitation.REMINDER_BEFORE_EXPIRY == timedelta(days=5)


def test_x_032_dispatch_cutoff_10_00():
    assert dispatch.DISPATCH_CUTOFF == time(10, 0)


def test_x_033_more_than_100_a_day_blocked():
    assert invitation_batch.DAILY_SUBMISSION_LIMIT == 100


def test_x_034_x_035_invitation_list_retention():
    assert invitation.LISTED_MONTHS == {
        InvitationStatus.WITHDRAWN: 3,
        InvitationStatus.AUTHORITY_VALIDATED: 3,
        InvitationStatus.VALIDATION_REFUSED: 6,
    }
    assert authority.REFUSED_REGISTRATION_VALIDITY_MONTHS == 6


def test_x_036_inactive_authority_retention_6_months():
    assert authority.INACTIVE_RETENTION_MONTHS == 6


def test_x_037_temporary_password_within_48_hours():
    assert credentials.TEMP_PASSWORD_MAX_DELAY == timedelta(hours=48)


def test_x_038_x_039_x_040_security_code_and_lockout():
    assert credentials.SECURITY_CODE_LENGTH == 12
    assert credentials.SECURITY_CODE_POSITIONS_ASKED == 3
    assert credentials.MAX_FAILED_LOGINS == 5
