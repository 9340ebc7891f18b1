"""The bureau's rules of who may do what, written by hand from the rulebook
(`domain-rules.md`, cited per row) and the domain docs — never read from the
production tables. Tests compare the production declarations with these tables,
both ways: a role added to or dropped from a workflow, a capability given to the
wrong role, or a scope one level too wide or too narrow makes them fail.

Change a row here only when the bureau's rule changes, and cite the rule.
"""

from __future__ import annotations

from minzheng.core.roles import Capability, Role

# Column order of the grids below.
ROLES = (
    Role.CASEWORKER,  # 社区（村）经办人: the committee that assists (D1.1)
    Role.TOWNSHIP_REVIEWER,  # 乡镇（街道）: accepts and investigates (D1.1)
    Role.COUNTY_APPROVER,  # 县（区）民政局: confirms, decides (D1.1, D1.8)
    Role.CITY_ADMIN,  # 市级: organises city-wide campaigns, runs the platform
    Role.AUDITOR,  # 审计监督: reads and audits, never acts on a case
    Role.LEADER,  # 领导: aggregate figures only
)


def _grid(text: str) -> dict[str, frozenset[str]]:
    """Rows of `action  x/.  x/.  …` (one mark per role in ROLES order) → who may."""
    table: dict[str, frozenset[str]] = {}
    for line in text.strip().splitlines():
        action, *marks = line.split("#")[0].split()
        assert len(marks) == len(ROLES), f"{action}: one mark per role"
        assert action not in table, f"{action} twice"
        table[action] = frozenset(r for r, m in zip(ROLES, marks, strict=True) if m == "x")
    return table


# fmt: off
# Regular procedure of dibao and the other programmes (D1.1–D1.10).
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
ASSISTANCE_REGULAR = _grid("""
request_materials       .  x  .  .  .  .  # D1.5: the township, which accepts, tells once
accept                  .  x  .  .  .  .  # D1.1: the township/street accepts (受理)
means_test              x  x  .  .  .  .  # D1.6: data check, recorded where investigated
home_visit              x  x  x  .  .  .  # D1.6 township + committee; D1.10 county visits
complete_investigation  x  x  x  .  .  .  # D1.1/D1.10: whoever investigated closes it
review                  .  x  .  .  .  .  # D1.1: township review, democratic appraisal
post_notice             x  x  .  .  .  .  # D1.7: posted in the village/community
objection               x  x  .  .  .  .  # D1.7: objections are received locally
reinvestigate           .  x  .  .  .  .  # D1.7: an objection sends it back to investigation
submit_for_decision     .  x  .  .  .  .  # D1.1: the township reports to the county
approve                 .  .  x  .  .  .  # D1.1/D1.8: the county confirms (审核确认)
refuse                  .  .  x  .  .  .  # D1.8: a refusal is the county's decision
notify_refusal          .  x  x  .  .  .  # D1.8: written notice with reasons
extend                  .  .  x  .  .  .  # D1.9: 30 → 45 working days, county's call
withdraw                x  x  .  .  .  .  # D1.2: taken back where it was received
""")

# Credit fast track (D6): grant first, verify afterwards, grade breaches.
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
ASSISTANCE_FAST = _grid("""
grant                   .  x  x  .  .  .  # D6.2, D3.1: township within its limit, county
refuse_fast             .  x  x  .  .  .  # D6.2: not a case for the fast track
confirm                 .  x  x  .  .  .  # D6.3: verification afterwards
find_breach             .  .  x  .  .  .  # D6.4: graded sanctions are the county's
withdraw                x  x  .  .  .  .  # D1.2: taken back where it was received
""")

# Screening campaigns (docs/screening.md, D5.3): organisers are township, county, city.
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
SCREENING_CAMPAIGN = _grid("""
activate                .  x  x  x  .  .  # organisers start a campaign
close                   .  x  x  x  .  .  # organisers end it
""")

# Key households under tracked help (docs/screening.md): any field staff may end it.
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
SCREENING_KEY_HOUSEHOLD = _grid("""
close                   x  x  x  x  .  .  # whoever works cases in the area
""")

# Warning leads (D5.3 "big data + boots on the ground"): any field staff who recorded a
# check (a county or city check counts too) may verify; the community or township,
# who own the outcome, close.
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
WARNING_LEAD = _grid("""
verify                  x  x  x  x  .  .  # whoever recorded a check verifies
close                   x  x  .  .  .  .  # and closes with an outcome
""")

# Payroll cycles (D13.3): a cycle is a county's; its computation, submission and
# approval are county work, approval by a county approver other than the submitter
# (the engine's guard); communities and townships prepare data, never move money.
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
PAYROLL = _grid("""
compute                 .  .  x  .  .  .  # D13.3: the county computes the month's payroll
submit                  .  .  x  .  .  .  # D13.3: and reports it for approval
send_back               .  .  x  .  .  .  # D13.3: re-computing is allowed until approval
approve                 .  .  x  .  .  .  # D13.3: the county approver approves
send                    .  .  x  .  .  .  # D13.4: the approved batch goes to the bank
reconcile               .  .  x  .  .  .  # D13.4: the return file closes the batch
close                   .  .  x  .  .  .  # D13.3: the balanced batch is closed
""")

# Review of likely duplicates (issue 16): one person, one record (D0.1) and one
# assistance chain per household, nobody helped twice (D5.3). Deciding that two
# registry records are one person, merging their histories and undoing a merge are
# the county bureau's, which confirms (D1.1) and keeps the registry of its area (D0.3);
# communities and townships see the queue but never join two people's histories.
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
IDENTITY_PAIR = _grid("""
same                    .  .  x  .  .  .  # D0.1, D5.3: the county confirms one person
different               .  .  x  .  .  .  # D0.1: and that they are two people
merge                   .  .  x  .  .  .  # D5.3: joins both histories under one person
undo_merge              .  .  x  .  .  .  # D5.3: a wrong merge is undone by the county
""")
# fmt: on

# Who organises screening: creates a campaign, makes its list, opens rounds.
CAMPAIGN_ORGANISERS = SCREENING_CAMPAIGN["activate"]

WORKFLOW_ROLES: dict[str, dict[str, frozenset[str]]] = {
    "assistance_regular": ASSISTANCE_REGULAR,
    "assistance_fast": ASSISTANCE_FAST,
    "screening_campaign": SCREENING_CAMPAIGN,
    "screening_key_household": SCREENING_KEY_HOUSEHOLD,
    "warning_lead": WARNING_LEAD,
    "payroll": PAYROLL,
    "identity_pair": IDENTITY_PAIR,
}

# What each role may do anywhere in its area (D0.3; docs/core.md): personal data is
# for those who work or audit cases; leaders see figures only; the auditor reads,
# exports and audits but never changes; the city office also keeps the calendar, the
# configuration and the accounts (unlocking log-ins locked by throttling).
V, E, X = Capability.VIEW_PERSONAL, Capability.EDIT_PERSONAL, Capability.EXPORT_PERSONAL
DASH, AUDIT = Capability.VIEW_DASHBOARD, Capability.VIEW_AUDIT
CAL, CONF, ACC = Capability.MANAGE_CALENDAR, Capability.MANAGE_CONFIG, Capability.MANAGE_ACCOUNTS
CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.CASEWORKER: frozenset({V, E, X}),
    Role.TOWNSHIP_REVIEWER: frozenset({V, E, X, DASH}),
    Role.COUNTY_APPROVER: frozenset({V, E, X, DASH}),
    Role.CITY_ADMIN: frozenset({V, E, X, DASH, AUDIT, CAL, CONF, ACC}),
    Role.AUDITOR: frozenset({V, X, DASH, AUDIT}),
    Role.LEADER: frozenset({DASH}),
}
