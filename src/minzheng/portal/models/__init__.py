from minzheng.portal.models.content import ContentVersion
from minzheng.portal.models.notices import (
    DeliveryAttempt,
    Notification,
    NotificationStatus,
    OptOut,
)

__all__ = [
    "ContentVersion",
    "DeliveryAttempt",
    "Notification",
    "NotificationStatus",
    "OptOut",
]
