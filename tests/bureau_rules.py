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

# Administrative licensing (D15): the licensing authority is the county's or the city's
# civil-affairs bureau (县级以上民政部门); communities and townships neither accept nor
# decide, the auditor and the leader never act. An extension is approved by another
# member of the authority than the one who asked (D15.1, the engine's guard).
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
LICENCE = _grid("""
accept                  .  .  x  x  .  .  # D15.1: acceptance starts both clocks
request_correction      .  .  x  x  .  .  # D15.2: everything to correct, told once
deem_accept             .  .  x  x  .  .  # D15.2: the daily job, as the receiving staff
decline                 .  .  x  x  .  .  # D15.2 (art. 32): not accepted, with reasons
pause                   .  .  x  x  .  .  # D15.2 (art. 45): hearing, expert review, in writing
resume                  .  .  x  x  .  .  # D15.2: the clocks run again
request_extension       .  .  x  x  .  .  # D15.1: asked with a reason
approve_extension       .  .  .  .  .  .  # D15.1: the head only, a duty (LICENSING_HEAD)
refuse_extension        .  .  .  .  .  .  # D15.1: the head only, a duty (LICENSING_HEAD)
grant                   .  .  x  x  .  .  # D15.1: the decision
refuse                  .  .  x  x  .  .  # D15.1: a refusal states its reasons
deliver                 .  .  x  x  .  .  # D15.2 (art. 44): within 10 working days
withdraw                .  .  x  x  .  .  # D15: the applicant withdraws at the window
""")
# fmt: on

# Who receives licence applications at the window (the intake form): the authority.
LICENSING_AUTHORITY = LICENCE["accept"]
# D15.1 "with the head's approval": approving or refusing an extension is the duty
# licensing_head's (岗位), which only county or city staff may hold — no role alone.
LICENSING_HEAD = {
    "duty": "licensing_head",
    "actions": frozenset({"approve_extension", "refuse_extension"}),
    "holders": frozenset({Role.COUNTY_APPROVER, Role.CITY_ADMIN}),
}

# fmt: off
# Social organisations (D10): registration, its changes and status decisions are the
# registration authority's, the civil-affairs bureau of a county or the city (社会团体
# 登记管理条例 art. 6; D10.6); so are the review of annual reports (D10.2), the
# credit lists (D10.7) and evaluations (D10.8). Their steps are the post of
# organisation registrar (岗位, DUTY_ROLES below): a mark means "this role, holding
# the post"; without it every role is refused. Communities, townships, auditors and
# leaders only read.
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
ORGANISATION = _grid("""
suspend                 .  .  x  x  .  .  # D10.6: the authority orders activity stopped
resume                  .  .  x  x  .  .  # D10.6
revoke                  .  .  x  x  .  .  # D10.6: e.g. a year without activity
deregister              .  .  x  x  .  .  # D10.6: the authority deregisters
change                  .  .  x  x  .  .  # D10.6: change registration
file_report             .  .  x  x  .  .  # D10.2: the authority receives the annual report
penalise                .  .  x  x  .  .  # D10.7: warnings and fines are the authority's
evaluate                .  .  x  x  .  .  # D10.8: the authority organises the evaluation
fees                    .  .  x  x  .  .  # D10.5: fee items and reductions of trade associations
party                   .  .  x  x  .  .  # D10.3: branches, party members, assessment
""")
ANNUAL_REPORT = _grid("""
review                  .  .  x  x  .  .  # D10.2: 合格 / 基本合格 / 不合格
send_back               .  .  x  x  .  .  # D10.2
resubmit                .  .  x  x  .  .  # D10.2
""")
CREDIT_LISTING = _grid("""
remove                  .  .  x  x  .  .  # D10.7: removal after rectification
""")
EVALUATION = _grid("""
publish                 .  .  x  x  .  .  # D10.8: the result is made public
object                  .  .  x  x  .  .  # D10.8: objections during publicity
dismiss                 .  .  x  x  .  .  # D10.8: an objection found unfounded
confirm                 .  .  x  x  .  .  # D10.8: the grade, valid five years
withdraw                .  .  x  x  .  .  # D10.8: re-evaluation after a founded objection
""")
# Fees of trade associations (D10.5): the registrar reviews each fee item against the
# checks of the fee rules (forced membership, delegated duties, branches' own fees).
FEE_ITEM = _grid("""
approve                 .  .  x  x  .  .  # D10.5: no check found
order_rectification     .  .  x  x  .  .  # D10.5: a check found, with the note
resubmit                .  .  x  x  .  .  # D10.5: rectified, reviewed again
reopen                  .  .  x  x  .  .  # D10.5: a compliant item reviewed again
""")
# Families adopted by organisations (D10.4): field work beside the household, by any
# staff who work cases in its area (no post needed), as for key households.
ADOPTION = _grid("""
visit                   x  x  x  x  .  .  # D10.4: visits and help given are recorded
end                     x  x  x  x  .  .  # D10.4
""")
# fmt: on

# Posts (岗位) and the roles that may hold them, by hand from the rules.
ORGANISATION_REGISTRAR = "organisation_registrar"
DUTY_ROLES: dict[str, frozenset[str]] = {
    ORGANISATION_REGISTRAR: frozenset({Role.COUNTY_APPROVER, Role.CITY_ADMIN}),  # D10.6
    "disability_federation_reviewer": frozenset({Role.COUNTY_APPROVER}),  # D4.5
}
# The post a workflow's steps are open to (the grid's marks hold for its holders).
WORKFLOW_DUTIES: dict[str, str] = {
    "organisation": ORGANISATION_REGISTRAR,
    "annual_report": ORGANISATION_REGISTRAR,
    "credit_listing": ORGANISATION_REGISTRAR,
    "evaluation": ORGANISATION_REGISTRAR,
    "fee_item": ORGANISATION_REGISTRAR,
}

# Who organises screening: creates a campaign, makes its list, opens rounds.
CAMPAIGN_ORGANISERS = SCREENING_CAMPAIGN["activate"]

# A beneficiary entered from the city's roll (issue 10 item 8): decided before the
# platform, so nobody acts on the case; its enrolment is reviewed like any (D1.16).
ASSISTANCE_ROLL: dict[str, frozenset[str]] = {}
# Hotline tickets (D8): the roles' side of the loop. The hotline centre's steps
# (accept, dispatch, reassign, send back, close, return call, rate, merge) and the
# child-protection records are the duties' (HOTLINE_DUTIES below), never a role's
# alone; the unit the ticket is dispatched to handles and replies (D8.1: 县区级处置).
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
HOTLINE_TICKET = _grid("""
accept                  .  .  .  .  .  .  # D8.3 受理: the centre (operator duty)
dispatch                .  .  .  .  .  .  # D8.3 派单: the centre
reassign                .  .  .  .  .  .  # D8.3: the centre, with a reason
handle                  x  x  x  .  .  .  # D8.3 办理, D8.1: the unit's staff
reply                   x  x  x  .  .  .  # D8.3 回复: the unit
send_back               .  .  .  .  .  .  # D8.3 督办: the centre sends a reply back
close                   .  .  .  .  .  .  # D8.3 办结: the centre
return_call             .  .  .  .  .  .  # D8.3 回访: the centre
rate                    .  .  .  .  .  .  # D8.3 评价: the centre records it
merge                   .  .  .  .  .  .  # D8.3: the centre merges duplicate calls
supervise               .  .  x  x  .  .  # D8.3 督办: the centre, the county, the city office
escalate                .  .  .  .  .  .  # D8.2: operator or duty officer only
police                  .  .  .  .  .  .  # D8.2: operator or duty officer only
feedback                .  .  .  .  .  .  # D8.2: operator or duty officer only
apply                   .  .  .  .  .  .  # D8.2, D2: the duty officer starts it
collection              .  .  .  .  .  .  # D8.4: the centre dispatches a funeral home
collected               x  x  x  .  .  .  # D8.4: the centre or the unit confirms
fee                     .  .  .  .  .  .  # D8.4: the centre answers against the list
death_offer             .  .  .  .  .  .  # D8.4: the centre offers it to the registry
""")

# The same actions by duty (岗位, core.roles.Duty): which duty is named.
# columns: hotline_operator (热线接线员), child_protection_officer (儿童保护值班人员)
#                       OP DO
HOTLINE_DUTIES = {
    action: frozenset(
        d
        for d, mark in zip(("hotline_operator", "child_protection_officer"), marks, strict=True)
        if mark == "x"
    )
    for action, *marks in (
        line.split("#")[0].split()
        for line in """
accept                  x  .  # D8.3
dispatch                x  .  # D8.3
reassign                x  .  # D8.3
handle                  .  x  # D8.2: the duty officer may act as the unit
reply                   .  x  # D8.2
send_back               x  .  # D8.3
close                   x  .  # D8.3
return_call             x  .  # D8.3
rate                    x  .  # D8.3
merge                   x  .  # D8.3
supervise               x  .  # D8.3
escalate                x  x  # D8.2
police                  x  x  # D8.2
feedback                x  x  # D8.2: the reporter is told the result
apply                   .  x  # D8.2: a child's case starts an application
collection              x  .  # D8.4
collected               x  .  # D8.4
fee                     x  .  # D8.4
death_offer             x  .  # D8.4
""".strip().splitlines()
    )
}

# fmt: off
# Marriage registration (D9, docs/marriage.md): the registry's work is the registrar's —
# a post (duty 婚姻登记员) held on top of a role, so no role acts by itself; the city
# office may also close applications whose window has passed (the daily job's account).
# What a duty holder may do is MARRIAGE_BY_REGISTRAR below.
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
MARRIAGE_APPOINTMENT = _grid("""
cancel                  .  .  .  .  .  .  # D9.5: appointments are the registry's service
""")
MARRIAGE_REGISTRATION = _grid("""
register                .  .  .  .  .  .  # D9.1: the registrar registers, both present
refuse                  .  .  .  .  .  .  # D9.1: the registrar refuses, giving the rule
""")
MARRIAGE_DIVORCE = _grid("""
withdraw                .  .  .  .  .  .  # D9.3: either party withdraws at the registry
register                .  .  .  .  .  .  # D9.3: the registrar issues the certificate
lapse                   .  .  .  x  .  .  # D9.3: deemed withdrawn — the daily job's account
refuse                  .  .  .  .  .  .  # D9.3: the registrar refuses, giving the reason
""")

# Who may hold the duty 婚姻登记员 (registries are run by county bureaus; township and
# city staff may be posted there, D9.1), and what holding it lets one do: every action of
# the three marriage workflows (D9.1, D9.3, D9.5).
MARRIAGE_REGISTRAR_ROLES = frozenset(
    {Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER, Role.CITY_ADMIN}
)
MARRIAGE_BY_REGISTRAR = {
    "marriage_appointment": frozenset({"cancel"}),
    "marriage_registration": frozenset({"register", "refuse"}),
    "marriage_divorce": frozenset({"withdraw", "register", "lapse", "refuse"}),
}
# fmt: on

# The disability two subsidies (D4.5): intake anywhere and forwarding, township acceptance
# and check, the county disabled persons' federation's review (the post 县残联审核人,
# held by county approvers: without it no role reviews, so its rows are empty here;
# its holders are walked in tests/benefits/test_disability_workflow.py), county decision.
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
BENEFITS_DISABILITY = _grid("""
forward                 x  x  .  .  .  .  # D4.5: the intake forwards to the registration place
accept                  .  x  .  .  .  .  # D4.5: the township of registration accepts
check                   .  x  .  .  .  .  # D4.5: and checks
send_back               .  .  .  .  .  .  # D4.5: the federation's post only
review                  .  .  .  .  .  .  # D4.5: the federation's post only
decide                  .  .  x  .  .  .  # D4.5: the county civil-affairs bureau decides
refuse                  .  x  x  .  .  .  # D4.5: at the township's check or the decision
withdraw                x  x  .  .  .  .  # taken back where it was received
""")
# A benefit's review (issue 19 item 4): the sweep proposes; the county bureau, which
# decides the benefits (D4.5), confirms the adjustment or stop, or dismisses it.
BENEFITS_REVIEW = _grid("""
confirm                 .  .  x  .  .  .  # D4.5: the county civil-affairs bureau decides
dismiss                 .  .  x  .  .  .  # D4.5: and may keep the amount, with a reason
lapse                   x  x  x  x  .  .  # D4.2: a renewed certificate; whoever runs the sweep
""")
# Who records a renewed disability certificate (D4.2, its new expiry, type, grade): the
# offices that receive and check the applications (D4.5) — the community and the
# township; the county decides on what they checked, the federation's feed aside.
CERTIFICATE_RECORDERS = frozenset({Role.CASEWORKER, Role.TOWNSHIP_REVIEWER})
# The care-service subsidy (D7.4 [N], procedure not in the rules: assumed like D4.5 —
# township receives and checks, the county bureau that pays decides).
BENEFITS_CARE_SERVICE = _grid("""
check                   .  x  .  .  .  .  # D7.4 (as D4.5): the township checks
decide                  .  .  x  .  .  .  # D7.4 (as D4.5): the county bureau decides
refuse                  .  x  x  .  .  .  # at the township's check or the decision
withdraw                x  x  .  .  .  .  # taken back where it was received
""")
# A benefit's enrolment case (its procedure is the benefit's): born approved, no action.
ASSISTANCE_BENEFIT: dict[str, frozenset[str]] = {}
# fmt: off
# Elderly services (D7.2, docs/elderly.md): the county civil-affairs bureau (and the city
# office) decides on a facility's status; the staff of its area keep its details. A
# canteen's monthly settlement [?]: prepared and submitted where the canteen is (its
# community or township), approved or returned by the county bureau that pays it.
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
ELDERLY_FACILITY = _grid("""
suspend                 .  .  x  x  .  .  # D7.2: the county bureau supervises facilities
resume                  .  .  x  x  .  .  # D7.2: lifted by whoever may suspend
close                   .  .  x  x  .  .  # D7.2: a closure is the county bureau's record
change                  x  x  x  x  .  .  # D7.2: details kept by the staff of the area
""")
MEAL_SETTLEMENT = _grid("""
prepare                 x  x  .  .  .  .  # D7.2 [?]: summed where the canteen is
submit                  x  x  .  .  .  .  # D7.2 [?]: sent up by the same office
approve                 .  .  x  .  .  .  # D7.2 [?]: the county bureau pays, so approves
return                  .  .  x  .  .  .  # D7.2 [?]: or sends it back with a reason
""")
# An elderly-care fund item (issue 14 item 6): a facility's operating or construction
# subsidy, prepared where the facility is, approved by the county bureau that pays it.
ELDERLY_FUND = _grid("""
prepare                 x  x  .  .  .  .  # D7.2 [?]: reckoned where the facility is
submit                  x  x  .  .  .  .  # D7.2 [?]: sent up by the same office
approve                 .  .  x  .  .  .  # D13.1: the county bureau pays, so approves
return                  .  .  x  .  .  .  # D7.2 [?]: or sends it back with a reason
""")
# An institutional payable (payments.payables): sent, answered and re-issued by the
# county bureau that pays, like its payroll (D13.3, D13.4).
INSTITUTIONAL_PAYABLE = _grid("""
send                    .  .  x  .  .  .  # D13.4: the county sends the payment to the bank
confirm_paid            .  .  x  .  .  .  # D13.4: records the bank's confirmation
record_failed           .  .  x  .  .  .  # D13.4: or its failure, with the bank's reason
record_returned         .  .  x  .  .  .  # D13.4: or the money coming back
reissue                 .  .  x  .  .  .  # D13.3: re-issued within the working-day window
""")
# fmt: on

# fmt: off
# Funds supervision findings (D14.12, docs/supervision.md): verified on the ground by the
# community and township, or by the county bureau that answers for its county's findings;
# rectification (stop, correct, recover) and closing are the county bureau's — it pays
# and recovers (D13.5: the county approver records repayments and write-offs). The
# auditor reads every finding but never acts (审计监督); the city office does not act on
# a county's finding.
# columns: community, township, county, city, auditor, leader (ROLES)
#                       CW TR CA CT AU LD
SUPERVISION_FINDING = _grid("""
confirm                 x  x  x  .  .  .  # D14.12: verified on the ground — confirmed
dismiss                 x  x  x  .  .  .  # D14.12: or a false alarm, with its reason
rectify                 .  .  x  .  .  .  # D14.12, D13.5: the county bureau rectifies
stop                    .  .  x  .  .  .  # D13.5: stopping a payment is the payer's
correct                 .  .  x  .  .  .  # D14.12: correcting a payment likewise
recover                 .  .  x  .  .  .  # D13.5: a recovery order by the county bureau
close                   .  .  x  .  .  .  # D14.12: closed with evidence (动态清零)
""")
# fmt: on
# Who keeps an operator's account (where its subsidies are paid, D13.1, D13.2): the
# bureau that pays — the county approver, or the city office — reaching all its
# facilities (elderly.services.funds.may_keep_account).
OPERATOR_ACCOUNT = frozenset({Role.COUNTY_APPROVER, Role.CITY_ADMIN})

WORKFLOW_ROLES: dict[str, dict[str, frozenset[str]]] = {
    "benefits_disability": BENEFITS_DISABILITY,
    "benefits_review": BENEFITS_REVIEW,
    "benefits_care_service": BENEFITS_CARE_SERVICE,
    "assistance_benefit": ASSISTANCE_BENEFIT,
    "assistance_regular": ASSISTANCE_REGULAR,
    "assistance_fast": ASSISTANCE_FAST,
    "assistance_roll": ASSISTANCE_ROLL,
    "screening_campaign": SCREENING_CAMPAIGN,
    "screening_key_household": SCREENING_KEY_HOUSEHOLD,
    "warning_lead": WARNING_LEAD,
    "payroll": PAYROLL,
    "hotline_ticket": HOTLINE_TICKET,
    "marriage_appointment": MARRIAGE_APPOINTMENT,
    "marriage_registration": MARRIAGE_REGISTRATION,
    "marriage_divorce": MARRIAGE_DIVORCE,
    "licence_application": LICENCE,
    "organisation": ORGANISATION,
    "annual_report": ANNUAL_REPORT,
    "credit_listing": CREDIT_LISTING,
    "evaluation": EVALUATION,
    "fee_item": FEE_ITEM,
    "adoption": ADOPTION,
    "identity_pair": IDENTITY_PAIR,
    "elderly_facility": ELDERLY_FACILITY,
    "meal_settlement": MEAL_SETTLEMENT,
    "supervision_finding": SUPERVISION_FINDING,
    "elderly_fund": ELDERLY_FUND,
    "institutional_payable": INSTITUTIONAL_PAYABLE,
}

# What each role may do anywhere in its area (D0.3; docs/core.md): personal data is
# for those who work or audit cases; leaders see figures only; the auditor reads,
# exports and audits but never changes; the city office also keeps the calendar, the
# configuration and the accounts (unlocking log-ins locked by throttling).
V, E, X = Capability.VIEW_PERSONAL, Capability.EDIT_PERSONAL, Capability.EXPORT_PERSONAL
DASH, AUDIT = Capability.VIEW_DASHBOARD, Capability.VIEW_AUDIT
CAL, CONF, ACC = Capability.MANAGE_CALENDAR, Capability.MANAGE_CONFIG, Capability.MANAGE_ACCOUNTS
# Policy simulation (issue 15 item 4): those who propose and decide standards — the
# county bureau for its county (D1.18: standards are set per county) and the city
# office; it lists the households that would enter or leave, so not the leader.
SIM = Capability.SIMULATE_POLICY
CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.CASEWORKER: frozenset({V, E, X}),
    Role.TOWNSHIP_REVIEWER: frozenset({V, E, X, DASH}),
    Role.COUNTY_APPROVER: frozenset({V, E, X, DASH, SIM}),
    Role.CITY_ADMIN: frozenset({V, E, X, DASH, AUDIT, CAL, CONF, ACC, SIM}),
    Role.AUDITOR: frozenset({V, X, DASH, AUDIT}),
    Role.LEADER: frozenset({DASH}),
}
