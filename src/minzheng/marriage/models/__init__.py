from minzheng.marriage.models.cases import Divorce, MarriageRegistration
from minzheng.marriage.models.records import Certificate, MaritalStatus, MaritalStatusChange
from minzheng.marriage.models.registries import Appointment, Kind, Registry

__all__ = [
    "Appointment",
    "Certificate",
    "Divorce",
    "Kind",
    "MaritalStatus",
    "MaritalStatusChange",
    "MarriageRegistration",
    "Registry",
]
