from minzheng.organisations.models.adoption import Adoption, AdoptionVisit
from minzheng.organisations.models.applications import (
    ITEM_OF_KIND,
    KIND_OF_ITEM,
    RegistrationApplication,
    RegistrationKind,
)
from minzheng.organisations.models.credit import (
    LIST_OF_REASON,
    RULE,
    CreditList,
    CreditListing,
    ListingReason,
)
from minzheng.organisations.models.evaluation import Evaluation, Objection
from minzheng.organisations.models.fees import FeeCheck, FeeItem, FeeKind, FeeReduction
from minzheng.organisations.models.party import BranchAssessment, BranchKind, PartyBranch
from minzheng.organisations.models.registry import (
    EventKind,
    Organisation,
    OrganisationEvent,
    OrgType,
    ResponsiblePerson,
    ResponsiblePost,
)
from minzheng.organisations.models.reports import AnnualReport, ReviewResult

__all__ = [
    "ITEM_OF_KIND",
    "KIND_OF_ITEM",
    "LIST_OF_REASON",
    "RULE",
    "Adoption",
    "AdoptionVisit",
    "AnnualReport",
    "BranchAssessment",
    "BranchKind",
    "CreditList",
    "CreditListing",
    "Evaluation",
    "EventKind",
    "FeeCheck",
    "FeeItem",
    "FeeKind",
    "FeeReduction",
    "ListingReason",
    "Objection",
    "OrgType",
    "Organisation",
    "OrganisationEvent",
    "PartyBranch",
    "RegistrationApplication",
    "RegistrationKind",
    "ResponsiblePerson",
    "ResponsiblePost",
    "ReviewResult",
]
