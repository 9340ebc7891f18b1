from minzheng.assistance.models.applications import Application, Channel, Programme, Track
from minzheng.assistance.models.enrolment import Enrolment, EnrolmentChange, EnrolmentStatus
from minzheng.assistance.models.fast_track import Breach, BreachGrade, CreditRecord, Grant
from minzheng.assistance.models.materials import CaseMaterial, MaterialSource
from minzheng.assistance.models.records import (
    HomeVisit,
    HomeVisitInvestigator,
    HomeVisitPhoto,
    MeansTestReport,
    Objection,
    PublicNotice,
)
from minzheng.assistance.models.relatives import StaffRelative
from minzheng.assistance.models.simulation import (
    PolicySimulation,
    SimulationChange,
    SimulationState,
)

__all__ = [
    "Application",
    "Breach",
    "BreachGrade",
    "CaseMaterial",
    "Channel",
    "CreditRecord",
    "Enrolment",
    "EnrolmentChange",
    "EnrolmentStatus",
    "Grant",
    "HomeVisit",
    "HomeVisitInvestigator",
    "HomeVisitPhoto",
    "MaterialSource",
    "MeansTestReport",
    "Objection",
    "PolicySimulation",
    "Programme",
    "PublicNotice",
    "SimulationChange",
    "SimulationState",
    "StaffRelative",
    "Track",
]
