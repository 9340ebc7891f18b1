"""Policy simulation pages (issue 15 item 4): the county bureau and the city office ask
"what if this setting were X from month M" for their own area (D0.3), the run goes to
the task queue, and the page compares the settings in force with one or two
scenarios: households, people, monthly and yearly cost by county and programme, who
would enter or leave (counts, and the households in the viewer's area)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.assistance.models import PolicySimulation, SimulationChange
from minzheng.assistance.policy import PARAMETER_SPECS
from minzheng.assistance.simulation.enrolled import REPRICED
from minzheng.assistance.simulation.run import BASELINE, MONTHS_IN_YEAR
from minzheng.assistance.simulation_form import SimulationForm
from minzheng.assistance.simulation_runs import simulation_request
from minzheng.core import selectors
from minzheng.core.audit import audit_page
from minzheng.core.dashboard_charts import Chart
from minzheng.core.models import User
from minzheng.core.paging import page_of
from minzheng.core.roles import Capability
from minzheng.core.views import requires
from minzheng.core.vocabulary import code_label

NAMES = {BASELINE: "现行标准", "A": "方案一", "B": "方案二"}
LABELS = {s.key: s.label for s in PARAMETER_SPECS}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _visible(user: User) -> QuerySet[PolicySimulation]:
    return PolicySimulation.objects.within_prefix(user.scope_prefix).select_related(
        "area", "requested_by", "requested_by__area"
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.SIMULATE_POLICY)
def simulation_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SimulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = simulation_request(
            actor=user, month=form.cleaned_data["month"], scenarios=form.scenarios()
        )
        messages.success(request, "已提交政策模拟测算，完成后在本页查看结果")
        return redirect("assistance:simulation", pk=run.pk)
    runs = _visible(user)[:30]
    status = 422 if request.method == "POST" else 200
    return render(
        request, "assistance/simulations.html", {"form": form, "runs": runs}, status=status
    )


def _sums(run: PolicySimulation) -> dict[tuple[str, str, str], tuple[int, int, Decimal]]:
    out: dict[tuple[str, str, str], tuple[int, int, Decimal]] = {}
    for row in run.totals:
        for county in (row["county"], ""):
            for programme in (row["programme"], ""):
                key = (row["scenario"], county, programme)
                h, p, m = out.get(key, (0, 0, Decimal(0)))
                out[key] = (h + row["households"], p + row["people"], m + Decimal(row["monthly"]))
    return out


def _compare(run: PolicySimulation, sums: dict, moves: dict) -> list[dict[str, object]]:
    scenarios = [BASELINE, *(s["name"] for s in run.scenarios)]
    rows = []
    for s in scenarios:
        h, p, m = sums.get((s, "", ""), (0, 0, Decimal(0)))
        spec = next((x for x in run.scenarios if x["name"] == s), None)
        rows.append(
            {
                "name": NAMES.get(s, s),
                "change": f"{LABELS.get(spec['key'], spec['key'])}调整为{spec['value']}"
                if spec
                else "",
                "households": h,
                "people": p,
                "monthly": m,
                "yearly": m * MONTHS_IN_YEAR,
                "enter": moves.get((s, "enter"), 0),
                "leave": moves.get((s, "leave"), 0),
            }
        )
    return rows


def _county_chart(run: PolicySimulation, sums: dict, names: dict[str, str]) -> Chart:
    scenarios = [BASELINE, *(s["name"] for s in run.scenarios)]
    counties = sorted({c for (_, c, _) in sums if c})
    return Chart(
        "counties",
        "月支出（元）· 按县（市、区）",
        "bar",
        [names.get(c, c) for c in counties],
        [
            (NAMES.get(s, s), [sums.get((s, c, ""), (0, 0, Decimal(0)))[2] for c in counties])
            for s in scenarios
        ],
    )


def _programme_rows(run: PolicySimulation, sums: dict) -> list[tuple[str, list[object]]]:
    scenarios = [BASELINE, *(s["name"] for s in run.scenarios)]
    programmes = sorted({p for (_, _, p) in sums if p})
    return [
        (
            code_label(p, "programme") + ("（在册重算）" if p in REPRICED else ""),
            [sums.get((s, "", p), (0, 0, Decimal(0))) for s in scenarios],
        )
        for p in programmes
    ]


@require_GET
@requires(Capability.SIMULATE_POLICY)
def simulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    run = _visible(user).filter(pk=pk).first()
    if run is None:
        raise Http404("没有找到该测算")
    sums = _sums(run)
    moves: dict[tuple[str, str], int] = defaultdict(int)
    for scenario, direction in run.changes.values_list("scenario", "direction"):
        moves[(scenario, direction)] += 1
    names = selectors.area_names({c for (_, c, _) in sums if c})
    chart = _county_chart(run, sums, names)
    changes = (
        SimulationChange.objects.within_prefix(user.scope_prefix)
        .filter(simulation=run)
        .select_related("household", "household__area")
        .order_by("scenario", "direction", "household__number")
    )
    page = page_of(request, changes, 50)
    criteria = {"测算": str(run.pk)}
    audit_page(actor=user, object_type="assistance.simulation", criteria=criteria, page=page)
    scenarios = [BASELINE, *(x["name"] for x in run.scenarios)]
    return render(
        request,
        "assistance/simulation.html",
        {
            "run": run,
            "compare": _compare(run, sums, moves),
            "chart": chart,
            "chart_data": [chart.data()],
            "programmes": _programme_rows(run, sums),
            "scenario_names": [NAMES.get(s, s) for s in scenarios],
            "page": page,
            "names": NAMES,
        },
    )
