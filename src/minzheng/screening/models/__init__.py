from minzheng.screening.models.campaigns import Campaign, CampaignTarget, Round
from minzheng.screening.models.tracking import FollowUp, KeyHousehold
from minzheng.screening.models.visits import Visit, VisitMethod, VisitOutcome, VisitPhoto

__all__ = [
    "Campaign",
    "CampaignTarget",
    "FollowUp",
    "KeyHousehold",
    "Round",
    "Visit",
    "VisitMethod",
    "VisitOutcome",
    "VisitPhoto",
]
