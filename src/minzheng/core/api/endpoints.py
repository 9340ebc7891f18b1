"""Core endpoints. Thin: parse, authorise via selectors/services, shape the response."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from minzheng.core import selectors, services, workdays
from minzheng.core.api.access import require
from minzheng.core.api.bounds import PathId, RecordDate
from minzheng.core.api.schemas import (
    AreaOut,
    AuditOut,
    DeadlineOut,
    DeathIn,
    DisclosureIn,
    DisclosureOut,
    HouseholdDetailOut,
    HouseholdIn,
    HouseholdOut,
    LeaveIn,
    MemberIn,
    MembershipOut,
    MeOut,
    PersonDetailOut,
    PersonIn,
    PersonOut,
    PersonPatch,
)
from minzheng.core.models import Area, HouseholdMembership, User
from minzheng.core.paging import SEARCH_COUNT_CAP, PageQuery, audited_page_slice, page_slice
from minzheng.core.roles import ROLE_CAPABILITIES, Capability
from minzheng.core.selectors import HOUSEHOLD_MEMBER_LIMIT

router = Router(tags=["core"])
# The calendar is entered year by year (D11.3); a deadline is counted within a year
# or so of its start (the longest statutory period is 30 working days, D1.9).
MAX_WORKING_DAYS = 250


class SearchQuery(PageQuery):
    q: str = Field("", max_length=100, description="姓名、身份证号或后几位、电话")


class AreaQuery(Schema):
    parent: str = Field("", max_length=12, description="上级区划代码；空为本人区划")


class DeadlineQuery(Schema):
    start: RecordDate
    working_days: int = Field(ge=0, le=MAX_WORKING_DAYS)


class AuditQuery(PageQuery):
    object_type: str = Field("", max_length=64)
    object_id: str = Field("", max_length=64)


class PersonPage(Schema):
    count: int = Field(
        description=f"匹配条数；超过{SEARCH_COUNT_CAP}条时为{SEARCH_COUNT_CAP + 1}（不再精确计数）"
    )
    more: bool = Field(description=f"是否超过{SEARCH_COUNT_CAP}条")
    page: int
    items: list[PersonOut]


class HouseholdPage(Schema):
    count: int = Field(
        description=f"匹配条数；超过{SEARCH_COUNT_CAP}条时为{SEARCH_COUNT_CAP + 1}"
        "（不再精确计数）；"
        f"按成员查找且匹配人员超过{HOUSEHOLD_MEMBER_LIMIT}人时，为前{HOUSEHOLD_MEMBER_LIMIT}人"
        "所在的家庭数（实际至少这么多）"
    )
    more: bool = Field(
        description=f"是否超过{SEARCH_COUNT_CAP}条，或匹配人员超过{HOUSEHOLD_MEMBER_LIMIT}人"
        "（结果只含其中一部分人员的家庭）"
    )
    page: int
    items: list[HouseholdOut]


class AuditPage(Schema):
    count: int
    page: int
    items: list[AuditOut]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _editor(request: HttpRequest) -> User:
    return require(request, Capability.EDIT_PERSONAL)


def _viewer(request: HttpRequest) -> User:
    return require(request, Capability.VIEW_PERSONAL)


@router.get("/me", response=MeOut, summary="当前用户")
def me(request: HttpRequest) -> MeOut:
    user = _user(request)
    return MeOut(
        username=user.username,
        display_name=str(user),
        role=user.role,
        role_label=user.get_role_display(),
        area_code=user.area_id or "",
        area_name=user.area.name if user.area else "",
        capabilities=sorted(ROLE_CAPABILITIES.get(user.role, ())),
    )


@router.get("/areas", response=list[AreaOut], summary="下级区划（本人管辖范围内）")
def areas(request: HttpRequest, query: Query[AreaQuery]) -> list[AreaOut]:
    user, parent = _user(request), query.parent
    if user.area is None:
        raise PermissionDenied("用户未分配工作区划")
    parent_code = parent or user.area_id or ""
    if not user.reaches(parent_code):
        raise Http404("不在您的管辖区域内")
    rows = (
        Area.objects.filter(parent_id=parent_code)
        if parent
        else Area.objects.filter(code=user.area_id)
    )
    return [
        AreaOut(
            code=a.code,
            name=a.name,
            level=a.level,
            parent_code=a.parent_id,
            urban_rural=a.urban_rural,
            is_synthetic=a.is_synthetic,
        )
        for a in rows
    ]


@router.get("/persons", response=PersonPage, summary="人员查询（姓名、身份证号或后几位、电话）")
def person_list(request: HttpRequest, page: Query[SearchQuery]) -> PersonPage:
    user = _viewer(request)
    qs = selectors.persons_visible(user, page.q)  # by id; a name search by name
    count, rows = audited_page_slice(
        qs,
        page,
        actor=user,
        object_type="core.person",
        criteria={"关键词": page.q},
        cap=SEARCH_COUNT_CAP,
    )
    items = [PersonOut.from_person(p) for p in rows]
    return PersonPage(count=count, more=count > SEARCH_COUNT_CAP, page=page.page, items=items)


@router.get(
    "/persons/{int:person_id}", response=PersonDetailOut, summary="人员详情（记录查看日志）"
)
def person_detail(request: HttpRequest, person_id: PathId) -> PersonDetailOut:
    return PersonDetailOut.from_person(selectors.person_for_reading(_viewer(request), person_id))


@router.post(
    "/persons/{int:person_id}/disclosure",
    response=DisclosureOut,
    summary="查看完整身份证号和电话（须填写事由，记录审计日志）",
)
def person_disclosure(
    request: HttpRequest, person_id: int, payload: DisclosureIn
) -> DisclosureOut:
    person = selectors.person_disclose(_viewer(request), person_id, reason=payload.reason)
    return DisclosureOut(
        id=person.pk,
        id_number=person.id_number,
        phone=person.phone,
        disability_certificate=person.disability_certificate,
    )


@router.post("/persons", response={201: PersonDetailOut}, summary="登记人员")
def person_create(request: HttpRequest, payload: PersonIn) -> Status:
    data = payload.dict()
    person = services.person_create(actor=_editor(request), **data)
    return Status(201, PersonDetailOut.from_person(person))


@router.patch("/persons/{int:person_id}", response=PersonDetailOut, summary="修改人员信息")
def person_update(
    request: HttpRequest, person_id: PathId, payload: PersonPatch
) -> PersonDetailOut:
    user = _editor(request)
    person = selectors.person_for_reading(user, person_id, log=False)
    changes = payload.dict(exclude_unset=True)
    return PersonDetailOut.from_person(
        services.person_update(actor=user, person=person, **changes)
    )


@router.post("/persons/{int:person_id}/death", response=PersonDetailOut, summary="登记死亡")
def person_death(request: HttpRequest, person_id: PathId, payload: DeathIn) -> PersonDetailOut:
    user = _editor(request)
    person = selectors.person_for_reading(user, person_id, log=False)
    person = services.person_record_death(actor=user, person=person, death_date=payload.death_date)
    return PersonDetailOut.from_person(person)


@router.get("/households", response=HouseholdPage, summary="家庭查询（成员姓名/证件号、家庭编号）")
def household_list(request: HttpRequest, page: Query[SearchQuery]) -> HouseholdPage:
    user = _viewer(request)
    found = selectors.household_search(user, page.q)
    count, rows = audited_page_slice(
        found.rows.order_by("id"),
        page,
        actor=user,
        object_type="core.household",
        criteria={"关键词": page.q},
        cap=SEARCH_COUNT_CAP,
        cut=found.members_cut,
    )
    items = [HouseholdOut.from_household(h) for h in rows]
    more = count > SEARCH_COUNT_CAP or found.members_cut
    return HouseholdPage(count=count, more=more, page=page.page, items=items)


def _household_out(household_id: int, user: User, log: bool = True) -> HouseholdDetailOut:
    h = selectors.household_for_reading(user, household_id, log=log)
    members = [MembershipOut.from_membership(m) for m in selectors.memberships_of(h)]
    return HouseholdDetailOut(**HouseholdOut.from_household(h).dict(), members=members)


@router.get("/households/{int:household_id}", response=HouseholdDetailOut, summary="家庭详情")
def household_detail(request: HttpRequest, household_id: PathId) -> HouseholdDetailOut:
    return _household_out(household_id, _viewer(request))


@router.post("/households", response={201: HouseholdDetailOut}, summary="新建家庭")
def household_create(request: HttpRequest, payload: HouseholdIn) -> Status:
    user = _editor(request)
    head = selectors.person_for_reading(user, payload.head_person_id, log=False)
    h = services.household_create(
        actor=user,
        number=payload.number,
        area_code=payload.area_code,
        address=payload.address,
        head=head,
        since=payload.since,
    )
    return Status(201, _household_out(h.pk, user, log=False))


@router.post(
    "/households/{int:household_id}/members", response={201: MembershipOut}, summary="成员加入"
)
def household_join(request: HttpRequest, household_id: PathId, payload: MemberIn) -> Status:
    user = _editor(request)
    h = selectors.household_for_reading(user, household_id, log=False)
    person = selectors.person_for_reading(user, payload.person_id, log=False)
    m = services.household_add_member(
        actor=user,
        household=h,
        person=person,
        relation=payload.relation,
        since=payload.since,
        reason=payload.reason,
    )
    return Status(201, MembershipOut.from_membership(m))


@router.post(
    "/households/{int:household_id}/members/{int:membership_id}/leave",
    response=MembershipOut,
    summary="成员离开（保留历史）",
)
def household_leave(
    request: HttpRequest, household_id: PathId, membership_id: PathId, payload: LeaveIn
) -> MembershipOut:
    user = _editor(request)
    h = selectors.household_for_reading(user, household_id, log=False)
    m = get_object_or_404(HouseholdMembership, pk=membership_id, household=h)
    m = services.household_remove_member(
        actor=user, membership=m, until=payload.until, reason=payload.reason
    )
    return MembershipOut.from_membership(m)


@router.get("/audit", response=AuditPage, summary="审计日志（审计员、市级管理员）")
def audit_list(request: HttpRequest, page: Query[AuditQuery]) -> AuditPage:
    qs = selectors.audit_entries_visible(_user(request))
    if page.object_type:
        qs = qs.filter(object_type=page.object_type)
    if page.object_id:
        qs = qs.filter(object_id=page.object_id)
    count, rows = page_slice(qs, page)
    return AuditPage(count=count, page=page.page, items=[AuditOut.from_orm(e) for e in rows])


@router.get("/calendar/deadline", response=DeadlineOut, summary="按工作日计算时限（D11）")
def deadline(request: HttpRequest, query: Query[DeadlineQuery]) -> DeadlineOut:
    end = workdays.add_working_days(query.start, query.working_days)
    return DeadlineOut(start=query.start, working_days=query.working_days, deadline=end)
