"""User role assignments and their scope (DIR-005, DIR-141).

General roles (`local_data_admin`, `basic_user`) have no scope; `data_admin` is held per
legislative area; request and alert roles are held per legislative area and workflow.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from imi_shared.errors import InvalidInput

from .enums import (
    ALERT_USER_ROLES,
    GENERAL_USER_ROLES,
    LA_USER_ROLES,
    REQUEST_USER_ROLES,
    UserRole,
    Workflow,
)


class RoleAssignment(BaseModel):
    """One user right. `is_default` marks rights the system gives automatically to LDAs
    (DIR-087); they stay as long as the user is an LDA."""

    model_config = ConfigDict(frozen=True)

    role: UserRole
    la_code: str | None = None
    workflow: Workflow | None = None
    is_default: bool = False

    @model_validator(mode="after")
    def _check_scope(self) -> RoleAssignment:
        check_scope(self.role, self.la_code, self.workflow)
        return self

    @property
    def key(self) -> tuple[UserRole, str | None, Workflow | None]:
        """Identity of the right, ignoring `is_default`."""
        return (self.role, self.la_code, self.workflow)


def check_scope(role: UserRole, la_code: str | None, workflow: Workflow | None) -> None:
    """DIR-005 / DIR-141: each role carries exactly the scope it is defined for."""
    if role in GENERAL_USER_ROLES:
        ok = la_code is None and workflow is None
        expected = "no legislative area and no workflow"
    elif role in LA_USER_ROLES:
        ok = la_code is not None and workflow is None
        expected = "a legislative area and no workflow"
    elif role in REQUEST_USER_ROLES:
        ok = la_code is not None and workflow is Workflow.REQUESTS
        expected = "a legislative area and the requests workflow"
    elif role in ALERT_USER_ROLES:
        ok = la_code is not None and workflow is Workflow.ALERTS
        expected = "a legislative area and the alerts workflow"
    else:  # pragma: no cover - exhaustive over UserRole
        raise AssertionError(role)
    if not ok:
        raise InvalidInput("DIR-005", f"the {role} role is held with {expected}")


def general(role: UserRole, *, is_default: bool = False) -> RoleAssignment:
    return RoleAssignment(role=role, is_default=is_default)


def scoped(
    role: UserRole, la_code: str, workflow: Workflow | None = None, *, is_default: bool = False
) -> RoleAssignment:
    return RoleAssignment(role=role, la_code=la_code, workflow=workflow, is_default=is_default)


BASIC_USER = general(UserRole.BASIC_USER)
LOCAL_DATA_ADMIN = general(UserRole.LOCAL_DATA_ADMIN)
