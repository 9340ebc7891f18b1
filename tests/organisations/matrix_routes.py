"""Scope-matrix rows of the organisation pages (D0.3: an organisation belongs to the
area of its domicile); the writes are the registration authority's (tests/bureau_rules
ORGANISATION, D10.6)."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from minzheng.core.roles import Capability
from minzheng.organisations.models import (
    Adoption,
    AnnualReport,
    BranchAssessment,
    CreditListing,
    Evaluation,
    FeeItem,
    FeeReduction,
    Organisation,
    PartyBranch,
    RegistrationApplication,
    ResponsiblePerson,
)
from minzheng.organisations.models import (
    CreditListing as Listing,
)
from minzheng.organisations.spreadsheet import COLUMNS
from tests.bureau_rules import (
    ADOPTION,
    ANNUAL_REPORT,
    CREDIT_LISTING,
    EVALUATION,
    FEE_ITEM,
    ORGANISATION,
)
from tests.core.matrix_base import Endpoint, Target
from tests.organisations.factories import credit_code, org_data
from tests.organisations.matrix import OrgPlace

ASPECT_SCORES = {
    f"score_{code}": 15 for code in ("political", "systems", "duties", "premises", "role")
}
ASPECT_EVIDENCE = {
    f"evidence_{code}": "矩阵台账"
    for code in ("political", "systems", "duties", "premises", "role")
}
REGISTRARS = ORGANISATION["change"]


def _o(t: Target) -> OrgPlace:
    assert t.organisations is not None
    return t.organisations


def _shows(text: Callable[[OrgPlace], str]) -> Callable[[object, Target], bool]:
    return lambda r, t: text(_o(t)) in r.content.decode()  # type: ignore[attr-defined]


def _new_data(t: Target) -> dict[str, object]:
    data = org_data(area=t.area_code, name="矩阵新登记协会", credit_code=credit_code(serial=9001))
    return {**data, "decision": "矩阵〔2026〕1号"}


def _workbook(t: Target) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append([h for _, h in COLUMNS])
    data = org_data(area=t.area_code, name="矩阵导入协会", credit_code=credit_code(serial=9002))
    data["decision"] = "矩阵〔2026〕2号"
    sheet.append([data.get(key, "") for key, _ in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("组织.xlsx", buffer.getvalue())


def _xlsx_lists(r: object, t: Target) -> bool:
    sheet = load_workbook(io.BytesIO(r.content)).active  # type: ignore[attr-defined]
    names = {row[0] for row in sheet.iter_rows(values_only=True)}
    return _o(t).organisation.name in names


def _change_data(t: Target) -> dict[str, object]:
    org = _o(t).organisation
    data = org_data(
        area=org.area_id, name=org.name, credit_code=org.credit_code, address="矩阵变更路"
    )
    return {**data, "decision": "矩阵〔2026〕3号", "on": timezone.localdate().isoformat()}


def _status(model: type, pk: int) -> str:
    return model.objects.get(pk=pk).status  # type: ignore[attr-defined, no-any-return]


def _today() -> str:
    return timezone.localdate().isoformat()


ORG = "/organisations"
ROUTES = [
    Endpoint(
        "organisations:list",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{ORG}/"),
        _shows(lambda o: f"{ORG}/{o.organisation.pk}/"),
    ),
    Endpoint(
        "organisations:new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"{ORG}/new/", _new_data(t)),
        changed=lambda t: Organisation.objects.filter(name="矩阵新登记协会").exists(),
        roles=REGISTRARS,
    ),
    Endpoint(
        "organisations:import",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"{ORG}/import/", {"file": _workbook(t)}),
        changed=lambda t: Organisation.objects.filter(name="矩阵导入协会").exists(),
        roles=REGISTRARS,
    ),
    Endpoint(
        "organisations:export",
        "list",
        Capability.EXPORT_PERSONAL,
        lambda c, t: c.get(f"{ORG}/export/"),
        _xlsx_lists,
    ),
    Endpoint(
        "organisations:detail",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{ORG}/{_o(t).organisation.pk}/"),
    ),
    Endpoint(
        "organisations:change",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"{ORG}/{_o(t).organisation.pk}/change/", _change_data(t)),
        changed=lambda t: (
            Organisation.objects.get(pk=_o(t).organisation.pk).address == "矩阵变更路"
        ),
        roles=REGISTRARS,
    ),
    Endpoint(
        "organisations:act",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/{_o(t).organisation.pk}/act/suspend/",
            {"decision": "矩阵〔2026〕4号", "on": _today(), "note": "矩阵停止活动"},
        ),
        changed=lambda t: _status(Organisation, _o(t).organisation.pk) == "suspended",
        roles=ORGANISATION["suspend"],
    ),
    Endpoint(
        "organisations:responsible_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/{_o(t).organisation.pk}/people/new/",
            {"post": "secretary_general", "name": "王秘书", "from_date": _today()},
        ),
        changed=lambda t: ResponsiblePerson.objects.filter(
            organisation=_o(t).organisation
        ).exists(),
        roles=REGISTRARS,
    ),
    Endpoint(
        "organisations:penalty_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/{_o(t).organisation.pk}/penalties/new/",
            {"decision": "矩阵罚〔2026〕1号", "decided_on": _today(), "fine": "2000"},
        ),
        changed=lambda t: CreditListing.objects.filter(
            organisation=_o(t).organisation, reason="small_penalty"
        ).exists(),
        roles=ORGANISATION["penalise"],
    ),
    Endpoint(
        "organisations:report_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/{_o(t).organisation.pk}/reports/new/",
            {
                "year": "2023",
                "filed_on": _today(),
                "income": "100.00",
                "expenditure": "80.00",
                "net_assets": "20.00",
                "staff_count": "1",
                "activities": "矩阵年报",
            },
        ),
        changed=lambda t: AnnualReport.objects.filter(
            organisation=_o(t).organisation, year=2023
        ).exists(),
        roles=ORGANISATION["file_report"],
    ),
    Endpoint(
        "organisations:reports",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{ORG}/reports/?year=2025"),
        _shows(lambda o: f'id="cycle-{o.organisation.pk}"'),
    ),
    Endpoint(
        "organisations:report_act",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/reports/{_o(t).report.pk}/act/review/", {"result": "passed", "note": ""}
        ),
        changed=lambda t: _status(AnnualReport, _o(t).report.pk) == "reviewed",
        roles=ANNUAL_REPORT["review"],
    ),
    Endpoint(
        "organisations:credit",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{ORG}/credit/"),
        _shows(lambda o: f'id="listing-{o.listing.pk}"'),
    ),
    Endpoint(
        "organisations:listing_remove",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/credit/{_o(t).listing.pk}/remove/", {"note": "已核实住所，恢复联系"}
        ),
        changed=lambda t: _status(CreditListing, _o(t).listing.pk) == "removed",
        roles=CREDIT_LISTING["remove"],
    ),
    Endpoint(
        "organisations:evaluations",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{ORG}/evaluations/"),
        _shows(lambda o: f'id="evaluation-{o.scored.pk}"'),
    ),
    Endpoint(
        "organisations:evaluation_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/{_o(t).organisation.pk}/evaluations/new/",
            {
                "score_basic": 99,
                "score_governance": 399,
                "score_performance": 349,
                "score_reputation": 149,
            },
        ),
        changed=lambda t: Evaluation.objects.filter(total=996).exists(),
        roles=ORGANISATION["evaluate"],
    ),
    Endpoint(
        "organisations:evaluation_act",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"{ORG}/evaluations/{_o(t).scored.pk}/act/publish/", {"note": ""}),
        changed=lambda t: _status(Evaluation, _o(t).scored.pk) == "publicity",
        roles=EVALUATION["publish"],
    ),
    Endpoint(
        "organisations:objection_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/evaluations/{_o(t).in_publicity.pk}/objections/new/",
            {"raised_by": "会员甲", "content": "矩阵异议"},
        ),
        changed=lambda t: _o(t).in_publicity.objections.exists(),
        roles=EVALUATION["object"],
    ),
    Endpoint(
        "organisations:adoptions",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{ORG}/adoptions/"),
        _shows(lambda o: f'id="adoption-{o.adoption.pk}"'),
    ),
    Endpoint(
        "organisations:adoption_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/{_o(t).second.pk}/adoptions/new/",
            {"household": _o(t).adoption.household.number, "adopted_on": _today(), "plan": "助学"},
        ),
        changed=lambda t: Adoption.objects.filter(organisation=_o(t).second).exists(),
    ),
    Endpoint(
        "organisations:adoption_visit_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/adoptions/{_o(t).adoption.pk}/visits/new/",
            {"visited_on": _today(), "help_given": "送米面油", "amount": "300"},
        ),
        changed=lambda t: _o(t).adoption.visits.exists(),
        roles=ADOPTION["visit"],
    ),
    Endpoint(
        "organisations:adoption_end",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"{ORG}/adoptions/{_o(t).adoption.pk}/end/", {"note": "已脱困"}),
        changed=lambda t: _status(Adoption, _o(t).adoption.pk) == "ended",
        roles=ADOPTION["end"],
    ),
    Endpoint(
        "organisations:applications",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{ORG}/applications/"),
        _shows(lambda o: f'id="application-{o.registration.licence_id}"'),
        scope="county",
    ),
    Endpoint(
        "organisations:establishment_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/applications/new/",
            {
                **org_data(
                    area=t.area_code,
                    name="矩阵收件协会",
                    credit_code=credit_code(serial=int(t.area_code) % 9_999_991),
                ),
                "authority": t.area_code[:6],
                "contact_phone": "0516-83001234",
                "materials": ["application"],
                "received_on": _today(),
            },
        ),
        changed=lambda t: RegistrationApplication.objects.filter(
            proposed__name="矩阵收件协会"
        ).exists(),
        roles=REGISTRARS,
    ),
    Endpoint(
        "organisations:application_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/{_o(t).second.pk}/applications/deregistration/",
            {
                "authority": t.area_code[:6],
                "contact_phone": "0516-83001234",
                "materials": ["application"],
                "received_on": _today(),
                "reason": "矩阵注销",
            },
        ),
        changed=lambda t: RegistrationApplication.objects.filter(
            organisation=_o(t).second, kind="deregistration"
        ).exists(),
        roles=REGISTRARS,
    ),
    Endpoint(
        "organisations:fees",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{ORG}/fees/"),
        _shows(lambda o: f'id="fee-{o.fee.pk}"'),
    ),
    Endpoint(
        "organisations:fee_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/{_o(t).organisation.pk}/fees/new/",
            {
                "kind": "membership",
                "name": "矩阵会费",
                "standard": "500.00",
                "charged_per": "元/年",
                "assembly_decision": "矩阵会员大会决议",
                "assembly_decided_on": "2025-12-01",
                "from_date": "2026-01-01",
            },
        ),
        changed=lambda t: FeeItem.objects.filter(
            organisation=_o(t).organisation, name="矩阵会费"
        ).exists(),
        roles=ORGANISATION["fees"],
    ),
    Endpoint(
        "organisations:fee_act",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"{ORG}/fees/{_o(t).fee.pk}/act/approve/", {"note": "矩阵合规"}),
        changed=lambda t: _status(FeeItem, _o(t).fee.pk) == "compliant",
        roles=FEE_ITEM["approve"],
    ),
    Endpoint(
        "organisations:reduction_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/{_o(t).organisation.pk}/fee-reductions/new/",
            {"measure": "矩阵减半", "on": _today(), "amount": "1000.00", "enterprises": "3"},
        ),
        changed=lambda t: FeeReduction.objects.filter(organisation=_o(t).organisation).exists(),
        roles=ORGANISATION["fees"],
    ),
    Endpoint(
        "organisations:facts",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/{_o(t).organisation.pk}/supervision/",
            {"party_members": "7", "trade_association": "on"},
        ),
        changed=lambda t: Organisation.objects.get(pk=_o(t).organisation.pk).party_members == 7,
        roles=ORGANISATION["party"],
    ),
    Endpoint(
        "organisations:party",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"{ORG}/party/"),
        _shows(lambda o: f'id="branch-{o.branch.pk}"'),
    ),
    Endpoint(
        "organisations:branch_new",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/{_o(t).organisation.pk}/party/branches/new/",
            {
                "name": "矩阵新党支部",
                "kind": "own",
                "established_on": _today(),
                "secretary": "赵书记",
                "members": "3",
            },
        ),
        changed=lambda t: PartyBranch.objects.filter(organisation=_o(t).organisation).exists(),
        roles=ORGANISATION["party"],
    ),
    Endpoint(
        "organisations:branch_assess",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(
            f"{ORG}/party/branches/{_o(t).branch.pk}/assess/",
            {"year": "2025", **ASPECT_SCORES, **ASPECT_EVIDENCE},
        ),
        changed=lambda t: BranchAssessment.objects.filter(branch=_o(t).branch).exists(),
        roles=ORGANISATION["party"],
    ),
    Endpoint(
        "organisations:party_listing",
        "write",
        Capability.EDIT_PERSONAL,
        lambda c, t: c.post(f"{ORG}/{_o(t).organisation.pk}/party/list/", {}),
        changed=lambda t: Listing.objects.filter(
            organisation=_o(t).organisation, reason="no_party"
        ).exists(),
        roles=ORGANISATION["penalise"],
    ),
    Endpoint(
        "GET /api/v1/organisations/organisations",
        "list",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get("/api/v1/organisations/organisations", {"page_size": 200}),
        lambda r, t: any(
            i["id"] == _o(t).organisation.pk
            for i in r.json()["items"]  # type: ignore[attr-defined]
        ),
    ),
    Endpoint(
        "GET /api/v1/organisations/organisations/{pk}",
        "detail",
        Capability.VIEW_PERSONAL,
        lambda c, t: c.get(f"/api/v1/organisations/organisations/{_o(t).organisation.pk}"),
    ),
    Endpoint(
        "GET /api/v1/organisations/figures",
        "page",
        Capability.VIEW_DASHBOARD,
        lambda c, t: c.get("/api/v1/organisations/figures", {"year": 2026}),
    ),
]
