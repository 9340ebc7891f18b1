"""The calculator page's form: the registry gives the members; the caseworker enters
what the registry does not hold — incomes, schooling, work, property, rigid spending —
and the form turns it into a calculator request (docs/assistance-policy.md)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from django import forms

INCOMES = [
    ("wages", "工资性收入"),
    ("business_net", "经营净收入"),
    ("property_net", "财产净收入"),
    ("transfer_net", "转移净收入"),
    ("resident_basic_pension", "城乡居民基础养老金（不计入）"),
]
SCHOOL = [
    ("none", "不在学"),
    ("preschool", "学前"),
    ("compulsory", "义务教育"),
    ("high_school", "普通高中"),
    ("secondary_vocational", "中等职业教育"),
    ("higher_vocational", "高职"),
    ("bachelor", "本科"),
    ("postgraduate", "研究生"),
]
WORK = [
    ("none", "无业"),
    ("employed", "受雇就业"),
    ("self_employed", "自营"),
    ("flexible", "灵活就业"),
    ("farming", "务农"),
    ("retired", "退休"),
]
SPENDING = [
    ("medical", "医疗（近12个月）"),
    ("education", "教育（近12个月）"),
    ("rehabilitation", "康复（近12个月）"),
]


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=12, decimal_places=2
    )


class CalculatorForm(forms.Form):
    """Fields `m<i>_<name>` per member of the base request, then household fields."""

    dwellings = forms.IntegerField(label="住房套数", min_value=0, max_value=99, initial=1)
    private_vehicles = forms.IntegerField(
        label="非营运机动车（辆）", min_value=0, max_value=99, initial=0
    )
    deposits = _money("存款及有价证券（元）")

    def __init__(self, *args: Any, base: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base = base
        self.member_rows: list[tuple[dict[str, Any], list[str]]] = []
        for i, member in enumerate(base["household"]["members"]):
            names = []
            for key, label in INCOMES:
                self.fields[f"m{i}_{key}"] = _money(f"{label}（元/月）")
                names.append(f"m{i}_{key}")
            self.fields[f"m{i}_school_stage"] = forms.ChoiceField(label="在学情况", choices=SCHOOL)
            self.fields[f"m{i}_employment"] = forms.ChoiceField(label="就业情况", choices=WORK)
            names += [f"m{i}_school_stage", f"m{i}_employment"]
            self.member_rows.append((member, names))
        for key, label in SPENDING:
            self.fields[f"spend_{key}"] = _money(f"{label}（元）")

    def member_fields(self) -> list[tuple[dict[str, Any], list[forms.BoundField]]]:
        return [(m, [self[name] for name in names]) for m, names in self.member_rows]

    def spending_fields(self) -> list[forms.BoundField]:
        return [self[f"spend_{key}"] for key, _ in SPENDING]

    def request(self) -> dict[str, Any]:
        """The base request with the entered facts; amounts as strings (never floats)."""
        data, request = self.cleaned_data, copy.deepcopy(self.base)
        for i, member in enumerate(request["household"]["members"]):
            member["incomes"] = {
                key: str(data[f"m{i}_{key}"])
                for key, _ in INCOMES
                if data.get(f"m{i}_{key}") not in (None, Decimal(0))
            }
            if data[f"m{i}_school_stage"] != "none":
                member["school_stage"] = data[f"m{i}_school_stage"]
            member["employment"] = data[f"m{i}_employment"]
        vehicles = [{"work_use": False}] * (data.get("private_vehicles") or 0)
        request["household"]["property"] = {
            "dwellings": data.get("dwellings") or 0,
            "vehicles": vehicles,
            "deposits": str(data.get("deposits") or Decimal("0")),
        }
        request["household"]["expenditures"] = {
            key: str(data[f"spend_{key}"]) for key, _ in SPENDING if data.get(f"spend_{key}")
        }
        return request
