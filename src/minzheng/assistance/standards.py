"""Programme standards and procedure limits as versioned configuration (D1.18).

The policy engine declares its keys (`policy.parameter_specs`); this module adds
the procedure's own limits (D1.7–D1.9, D6.3, D6.4), resolves every key for an
area and a date from `ConfigValue`, and seeds the labelled example defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from minzheng.assistance.policy.parameter_specs import PARAMETER_SPECS, example_values
from minzheng.core.models import Area, ConfigValue

EXAMPLE_BASIS = "示例默认值（规则手册D3.4等），正式使用前须按本地政策文件核定"


@dataclass(frozen=True)
class ProcedureSetting:
    key: str
    label: str
    unit: str
    rule: str
    example: str


PROCEDURE_SETTINGS = (
    ProcedureSetting("dibao.notice.days", "公示天数", "日", "D1.7", "7"),
    ProcedureSetting(
        "dibao.deadline.decision_working_days", "公示期满后审批时限", "工作日", "D1.8", "10"
    ),
    ProcedureSetting(
        "dibao.deadline.refusal_notice_working_days", "不予批准书面告知时限", "工作日", "D1.8", "3"
    ),
    ProcedureSetting(
        "dibao.deadline.total_working_days", "受理后办结时限", "工作日", "D1.9", "30"
    ),
    ProcedureSetting(
        "dibao.deadline.extended_working_days", "特殊情况延长后的办结时限", "工作日", "D1.9", "45"
    ),
    ProcedureSetting("assistance.review.class_c_months", "C类对象复核周期", "月", "D1.16", "3"),
    ProcedureSetting(
        "assistance.due_soon_working_days", "临期提醒（剩余工作日）", "工作日", "D11", "3"
    ),
    ProcedureSetting(
        "fast_track.verification_working_days", "先办后核的事后核查时限", "工作日", "D6.3", "20"
    ),
    ProcedureSetting(
        "fast_track.credit_term_months.general", "一般失信记录期限", "月", "D6.4", "6"
    ),
    ProcedureSetting(
        "fast_track.credit_term_months.serious", "较重失信记录期限", "月", "D6.4", "12"
    ),
    ProcedureSetting(
        "fast_track.credit_term_months.severe", "严重失信记录期限", "月", "D6.4", "36"
    ),
)

ALL_KEYS = tuple(s.key for s in PARAMETER_SPECS) + tuple(s.key for s in PROCEDURE_SETTINGS)


def labels() -> dict[str, tuple[str, str, str]]:
    """key -> (Chinese label, unit, rule) for the settings page."""
    out = {s.key: (s.label, s.unit, s.rule) for s in PARAMETER_SPECS}
    out.update({s.key: (s.label, s.unit, s.rule) for s in PROCEDURE_SETTINGS})
    return out


def parameters_for(area: Area, on: dt.date) -> dict[str, str]:
    """Every key's value in force on `on` for `area`: the most specific area that has a
    version wins, and within it the latest version not after `on`."""
    chain = [area.code, *[a.code for a in reversed(area.ancestors())]]
    rank = {code: i for i, code in enumerate(chain)}
    rows = ConfigValue.objects.filter(key__in=ALL_KEYS, effective_from__lte=on).filter(
        Q(area__isnull=True) | Q(area_id__in=chain)
    )
    ordered = sorted(
        rows.values_list("key", "area_id", "effective_from", "value"),
        key=lambda r: (rank.get(r[1], len(chain)), -r[2].toordinal()),
    )
    values: dict[str, str] = {}
    for key, _area, _day, value in ordered:
        values.setdefault(key, value)
    return values


# Ten consecutive rises (十连增) of the example dibao standards, yuan/month, from 2016.
# Labelled examples: they end at D3.4's example standards (urban 780, rural 755).
EXAMPLE_RISES = {
    "dibao.standard.urban": ["560", "585", "610", "635", "660", "685", "710", "735", "760", "780"],
    "dibao.standard.rural": ["470", "510", "550", "590", "625", "655", "685", "710", "735", "755"],
}


@transaction.atomic
def seed_example_standards(first_year: int = 2016) -> int:
    """City-wide example values for every key not yet configured; returns rows written.

    Standards with a rise history get one version per year from `first_year`
    (1 July); everything else one version from 1 January of `first_year`.
    """
    examples = {**example_values(), **{s.key: s.example for s in PROCEDURE_SETTINGS}}
    present = set(ConfigValue.objects.filter(area__isnull=True).values_list("key", flat=True))
    rows = []
    for key, value in examples.items():
        if key in present:
            continue
        versions = (
            [(dt.date(first_year + i, 7, 1), v) for i, v in enumerate(EXAMPLE_RISES[key])]
            if key in EXAMPLE_RISES
            else [(dt.date(first_year, 1, 1), value)]
        )
        rows += [
            ConfigValue(key=key, value=v, effective_from=day, is_example=True, basis=EXAMPLE_BASIS)
            for day, v in versions
        ]
    ConfigValue.objects.bulk_create(rows)
    return len(rows)
