"""The county disabled persons' federation reviewer (县残联审核人, D4.5): a post held on
top of the county approver's role. The federation reviews a disability-subsidy case
between the township's check and the civil-affairs bureau's decision; the duty grants
that step only, and its holder still reaches only their own area (D0.3)."""

from __future__ import annotations

from minzheng.core.roles import Duty, Role

FEDERATION = "disability_federation_reviewer"
FEDERATION_REVIEW = "disability_federation_review"  # the capability: the review step

FEDERATION_REVIEWER = Duty(
    code=FEDERATION,
    label="县残联审核人",
    capabilities=frozenset({FEDERATION_REVIEW}),
    roles=frozenset({Role.COUNTY_APPROVER}),
    rule="D4.5",
)
