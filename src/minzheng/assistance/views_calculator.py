"""The 政策计算器 page: a form a resident's caseworker fills in Chinese, blank or
prefilled from a registered household in the user's area; results in words, amounts
in 元/月. Nothing is saved. JSON is the API's business (POST /api/v1/assistance/calculate)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from minzheng.assistance.calculator_form import CalculatorInput
from minzheng.assistance.policy.request import CalculatorRequest, parse_request
from minzheng.assistance.policy.request_reader import MAX_ITEMS, RequestError
from minzheng.assistance.policy.vocabulary import Programme, Relation
from minzheng.assistance.policy_adapter import Proposal, assess_in_area, proposal
from minzheng.core import selectors as core_selectors
from minzheng.core.masking import mask_id_number
from minzheng.core.models import Area, AreaLevel, Household, LifeStatus, User
from minzheng.core.roles import Capability
from minzheng.core.views import requires

BLANK_MEMBER = {"relation": Relation.HEAD.value, "school_stage": "none", "employment": "none"}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def standard_areas(user: User) -> list[tuple[str, str]]:
    """Where standards are set (D1.18): the city and its counties the user works in."""
    assert user.area is not None
    own = [user.area, *user.area.ancestors()]
    above = [a for a in own if a.level in (AreaLevel.CITY, AreaLevel.COUNTY)]
    below = Area.objects.filter(level=AreaLevel.COUNTY, code__startswith=user.scope_prefix)
    found = {a.code: a.name for a in [*reversed(above), *below.order_by("code")]}
    return list(found.items())


def _county_of(area: Area) -> str:
    chain = [area, *area.ancestors()]
    return next((a.code for a in chain if a.level in (AreaLevel.COUNTY, AreaLevel.CITY)), "")


def _prefill(household: Household, on: dt.date) -> tuple[list[dict[str, Any]], dict[int, Any]]:
    """The registered members as form rows (masked ID numbers shown; the full number
    and birth date stay on the server, keyed by the person's internal id)."""
    rows, registered = [], {}
    for m in household.members_on(on).select_related("person").order_by("id"):
        person = m.person
        if person.life_status == LifeStatus.DECEASED:
            continue
        rows.append(
            {
                **BLANK_MEMBER,
                "person": person.pk,
                "name": person.name,
                "relation": m.relation,
                "birth_date": person.birth_date,
                "disability_type": person.disability_type,
                "disability_grade": person.disability_grade,
            }
        )
        registered[person.pk] = {
            "birth_date": person.birth_date.isoformat(),
            "masked_id": mask_id_number(person.id_number),
        }
    return rows, registered


def _household(request: HttpRequest, user: User) -> Household | str | None:
    """The household of `?household=<id>` or `?number=<家庭编号>` in the user's area;
    a message when the parameter is malformed or names no household the user reaches."""
    raw = request.GET.get("household", "").strip()
    number = request.GET.get("number", "").strip()[:24]
    if number:
        found = core_selectors.households_visible(user).filter(number=number).first()
        if found is None:
            return f"未找到家庭编号为“{number}”的家庭，或该家庭不在您的管辖区域内"
        raw = str(found.pk)
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        return "家庭参数应为家庭的编号数字，请输入家庭编号带出成员"
    return core_selectors.household_for_reading(user, int(raw))


def _edited(data: QueryDict) -> tuple[QueryDict, bool]:
    """Rows added or removed on the server (no script needed); True when edited."""
    total = _int(data.get("m-TOTAL_FORMS"), 0)
    if "add" in data and total < MAX_ITEMS:
        edited = data.copy()
        edited["m-TOTAL_FORMS"] = str(total + 1)
        for key, value in BLANK_MEMBER.items():
            edited[f"m-{total}-{key}"] = value
        edited[f"m-{total}-relation"] = Relation.CHILD.value
        return edited, True
    gone = _int(data.get("remove"), -1)
    if 0 <= gone < total and total > 1:
        edited = data.copy()
        for i in range(gone, total - 1):
            prefix, following = f"m-{i}-", f"m-{i + 1}-"
            for key in [k for k in edited if k.startswith(prefix)]:
                del edited[key]
            for key in [k for k in data if k.startswith(following)]:
                edited.setlist(prefix + key[len(following) :], data.getlist(key))
        for key in [k for k in edited if k.startswith(f"m-{total - 1}-")]:
            del edited[key]
        edited["m-TOTAL_FORMS"] = str(total - 1)
        return edited, True
    return data, "add" in data or "remove" in data


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and len(value) < 6 else default


def calculator_input(
    request: HttpRequest,
    user: User | None,
    household: Household | None,
    today: dt.date,
    *,
    review: bool = False,
    areas: list[tuple[str, str]] | None = None,
) -> tuple[CalculatorInput, bool]:
    """The page form, prefilled from `household` when given; True when the POST only
    added or removed a row (nothing to calculate yet). A `review` form hides the place
    and date: a review is of the household, today. The places offered are the user's
    (`standard_areas`), or `areas` (the public form: the city and its counties)."""
    if areas is None:
        assert user is not None
        areas = standard_areas(user)
    rows: list[dict[str, Any]] = [BLANK_MEMBER]
    registered: dict[int, Any] = {}
    initial: dict[str, Any] = {"decision_date": today, "area": areas[0][0] if areas else ""}
    if household is not None:
        rows, registered = _prefill(household, today)
        initial.update(area=_county_of(household.area), area_class=household.area.urban_rural)
    data, edited = _edited(request.POST) if request.method == "POST" else (None, False)
    form = CalculatorInput(
        data, areas=areas, initial=initial, members=rows, registered=registered, review=review
    )
    return form, edited


def parsed_household(form: CalculatorInput) -> CalculatorRequest | None:
    """The form's request read by the API's reader; its errors go onto the fields."""
    if not (form.is_valid() and form.check_applicant()):
        return None
    try:
        return parse_request(form.request())
    except RequestError as exc:
        form.attach(exc.errors)
        return None


@require_http_methods(["GET", "POST"])
@requires(Capability.VIEW_PERSONAL)
def calculator(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    household = _household(request, user)
    if isinstance(household, str):
        problem = {"problem": household, "number": request.GET.get("number", "")[:24]}
        return render(request, "assistance/calculator.html", problem, status=400)
    form, edited = calculator_input(request, user, household, timezone.localdate())
    context, status = calculator_results(form, edited)
    context["household"] = household
    return render(request, "assistance/calculator.html", context, status=status)


def calculator_results(form: CalculatorInput, edited: bool) -> tuple[dict[str, Any], int]:
    """The proposals for a posted form (nothing stored), the page's context and status:
    422 when the form was refused. Shared by the public calculator (minzheng.portal)."""
    proposals: list[Proposal] = []
    examples = False
    if form.is_bound and not edited and (parsed := parsed_household(form)) is not None:
        area = Area.objects.get(code=form.household_form.cleaned_data["area"])
        assessment, in_force = assess_in_area(parsed.household, area)
        proposals = [proposal(assessment, p, examples=in_force.examples) for p in Programme]
        examples = in_force.examples
    failed = form.is_bound and not edited and not proposals
    context = {"form": form, "proposals": proposals, "examples": examples}
    return context, 422 if failed else 200
