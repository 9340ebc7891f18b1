from minzheng.elderly.models.coverage import CoverageFigure, CoverageRun, HomePoint
from minzheng.elderly.models.facilities import (
    EventKind,
    Facility,
    FacilityEvent,
    FacilityKind,
    Operator,
    OperatorType,
    Service,
)
from minzheng.elderly.models.funds import FacilitySubsidy, FundKind
from minzheng.elderly.models.meals import (
    Meal,
    MealRecord,
    MealRefusal,
    RefusalReason,
    Settlement,
    Source,
    SubsidyCategory,
)

__all__ = [
    "CoverageFigure",
    "CoverageRun",
    "EventKind",
    "Facility",
    "FacilityEvent",
    "FacilityKind",
    "FacilitySubsidy",
    "FundKind",
    "HomePoint",
    "Meal",
    "MealRecord",
    "MealRefusal",
    "Operator",
    "OperatorType",
    "RefusalReason",
    "Service",
    "Settlement",
    "Source",
    "SubsidyCategory",
]
