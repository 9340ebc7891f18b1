from minzheng.core.codes import DisabilityType, Gender, LifeStatus, Relation
from minzheng.core.models.accounts import ApiToken, DutyGrant, User
from minzheng.core.models.audit import (
    AuditAction,
    AuditChainHead,
    AuditEntry,
    AuditVerification,
    HashAlgorithm,
)
from minzheng.core.models.calendar import CalendarYear, WorkdayOverride
from minzheng.core.models.config import ConfigValue
from minzheng.core.models.figures import AreaFigures, AreaMonthFigure, AreaPanelFigure
from minzheng.core.models.people import (
    Household,
    HouseholdMembership,
    HouseholdSerial,
    Person,
)
from minzheng.core.models.places import Area, AreaLevel, UrbanRural
from minzheng.core.models.workflow import TransitionLog, WorkflowCase

__all__ = [
    "ApiToken",
    "Area",
    "AreaFigures",
    "AreaLevel",
    "AreaMonthFigure",
    "AreaPanelFigure",
    "AuditAction",
    "AuditChainHead",
    "AuditEntry",
    "AuditVerification",
    "CalendarYear",
    "ConfigValue",
    "DisabilityType",
    "DutyGrant",
    "Gender",
    "HashAlgorithm",
    "Household",
    "HouseholdMembership",
    "HouseholdSerial",
    "LifeStatus",
    "Person",
    "Relation",
    "TransitionLog",
    "UrbanRural",
    "User",
    "WorkdayOverride",
    "WorkflowCase",
]
