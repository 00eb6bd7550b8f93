"""Pure rules and state machines of the alerts service (no I/O).

Entry points: `Alert` (aggregate root; `Alert.launch(...)`), `Actor` (who acts),
`CoordinatorRef` / `RecipientAuthority` (other authorities, from the directory read model),
`project` / `list_row` (what a viewer may see), the events in `events`, and `DomainError`.
"""

from .actors import Actor, ActorRef, CoordinatorRef, RecipientAuthority
from .alert import Alert
from .closure_proposal import ClosurePeriods, ClosureProposal
from .content import AlertContent, Attachment, ContentChanges, FreeText, ProviderField
from .delivery import Delivery, Recipient, RecipientOrigin
from .enums import ACTIVE as ACTIVE_STATUSES
from .enums import (
    UNKNOWN_MSE,
    AccessStatus,
    AdditionalInfoType,
    AlertRight,
    AlertStatus,
    AuthorityAlertRole,
    AuthorityStatus,
    ClosurePeriod,
    DeliveryKind,
    ItemKind,
    Notification,
    RecipientMsStatus,
    SubItemStatus,
)
from .errors import (
    AlertUnknown,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NoAccess,
    NotFound,
    OutsidePeriod,
)
from .events import (
    ALERT_EVENTS,
    AlertAcknowledged,
    AlertContentChanged,
    AlertDelivered,
    AlertEvent,
    AlertForwardedToCoordinator,
    AlertItemStatusChanged,
    AlertPeriodExpired,
    AlertRecipientsChanged,
    AlertStatusChanged,
    alert_event_catalog,
)
from .prebroadcast import AlertNumberSource
from .rights import may_edit_unbroadcast
from .views import Access, AlertOverview, AlertView
from .visibility import can_view, list_row, project, require_visible

__all__ = [
    "ACTIVE_STATUSES",
    "ALERT_EVENTS",
    "AlertOverview",
    "AlertAcknowledged",
    "AlertContentChanged",
    "AlertDelivered",
    "AlertEvent",
    "AlertForwardedToCoordinator",
    "AlertItemStatusChanged",
    "AlertPeriodExpired",
    "AlertRecipientsChanged",
    "AlertStatusChanged",
    "alert_event_catalog",
    "Access",
    "AccessStatus",
    "Actor",
    "ActorRef",
    "AdditionalInfoType",
    "Alert",
    "AlertContent",
    "AlertNumberSource",
    "AlertRight",
    "AlertStatus",
    "AlertView",
    "Attachment",
    "AuthorityAlertRole",
    "AuthorityStatus",
    "ClosurePeriod",
    "ClosurePeriods",
    "ClosureProposal",
    "Conflict",
    "ContentChanges",
    "AlertUnknown",
    "CoordinatorRef",
    "Delivery",
    "DeliveryKind",
    "DomainError",
    "Forbidden",
    "FreeText",
    "InvalidInput",
    "ItemKind",
    "NoAccess",
    "NotFound",
    "Notification",
    "OutsidePeriod",
    "ProviderField",
    "Recipient",
    "RecipientAuthority",
    "RecipientMsStatus",
    "RecipientOrigin",
    "SubItemStatus",
    "UNKNOWN_MSE",
    "can_view",
    "require_visible",
    "list_row",
    "may_edit_unbroadcast",
    "project",
]
