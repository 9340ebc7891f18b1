"""The calculator page's form, in Chinese: a members table (rows added and removed on
the server) and the household's property and rigid spending. It only collects: the
form becomes a calculator request (docs/assistance-policy.md) checked by the same
reader as the API, and the reader's errors come back onto the field they name."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.forms import formset_factory

from minzheng.assistance.policy.request_reader import MAX_ITEMS, MAX_MONEY, FieldError
from minzheng.assistance.policy.vocabulary import (
    AreaClass,
    DisabilityType,
    Employment,
    Relation,
    SchoolStage,
    Vocabulary,
)
from minzheng.core.forms import IsoDateInput

INCOMES = [
    ("wages", "工资性收入"),
    ("business_net", "经营净收入"),
    ("property_net", "财产净收入"),
    ("transfer_net", "转移净收入"),
    ("social_insurance_benefit", "社会保险待遇（如职工养老金）"),
    ("resident_basic_pension", "城乡居民基础养老金（不计入）"),
]
SPENDING = [
    ("medical", "医疗支出"),
    ("education", "教育支出"),
    ("rehabilitation", "康复支出"),
]


def choices(vocabulary: type[Vocabulary], blank: str | None = None) -> list[tuple[str, str]]:
    first = [("", blank)] if blank is not None else []
    return first + [(code.value, code.label) for code in vocabulary]


def money(label: str, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_MONEY,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        error_messages={
            "max_value": f"金额不能超过 {MAX_MONEY} 元",
            "min_value": "金额不能为负数",
            "max_decimal_places": "最多两位小数",
            "max_digits": f"金额不能超过 {MAX_MONEY} 元",
            "invalid": "请输入金额（元），如 1200.50",
        },
    )


class MemberForm(forms.Form):
    """One member row. A row prefilled from the registry carries the person's internal
    id (`person`) and shows the masked ID number; the full number never reaches the page."""

    person = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    name = forms.CharField(label="姓名", max_length=50, required=False)
    relation = forms.ChoiceField(label="与申请人关系", choices=choices(Relation))
    birth_date = forms.DateField(label="出生日期", required=False, widget=IsoDateInput())
    id_number = forms.CharField(
        label="身份证号码", max_length=18, required=False, help_text="不填出生日期时填写"
    )
    disability_type = forms.ChoiceField(
        label="残疾类别", choices=choices(DisabilityType, "无"), required=False
    )
    disability_grade = forms.TypedChoiceField(
        label="残疾等级",
        choices=[("", "—"), *[(str(g), f"{g}级") for g in (1, 2, 3, 4)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    serious_illness = forms.BooleanField(label="本地认定的重病", required=False)
    school_stage = forms.ChoiceField(label="在学情况", choices=choices(SchoolStage))
    employment = forms.ChoiceField(label="就业情况", choices=choices(Employment))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in INCOMES:
            self.fields[f"income_{key}"] = money(f"{label}（元/月）")

    def income_fields(self) -> list[forms.BoundField]:
        return [self[f"income_{key}"] for key, _ in INCOMES]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("birth_date") and not data.get("id_number") and not data.get("person"):
            self.add_error("birth_date", "请填写出生日期或身份证号码")
        if bool(data.get("disability_type")) != bool(data.get("disability_grade")):
            self.add_error("disability_grade", "残疾类别与残疾等级须同时填写")
        return data

    def member(self, index: int, registered: dict[int, dict[str, Any]]) -> dict[str, Any]:
        """This row as a request member; a registered person's ID number is taken from
        the server (`registered`), never from the page."""
        data = self.cleaned_data
        member: dict[str, Any] = {"id": f"m{index + 1}", "relation": data["relation"]}
        if data.get("name"):
            member["name"] = data["name"]
        person = registered.get(data.get("person") or 0)
        if person is not None:
            member["birth_date"] = person["birth_date"]
        elif data.get("birth_date"):
            member["birth_date"] = data["birth_date"].isoformat()
        if data.get("id_number") and person is None:
            member["id_number"] = data["id_number"].strip().upper()
        if data.get("disability_type"):
            member["disability"] = {
                "type": data["disability_type"],
                "grade": data["disability_grade"],
            }
        if data.get("serious_illness"):
            member["serious_illness"] = True
        if data["school_stage"] != SchoolStage.NONE.value:
            member["school_stage"] = data["school_stage"]
        member["employment"] = data["employment"]
        member["incomes"] = {
            key: str(data[f"income_{key}"]) for key, _ in INCOMES if data.get(f"income_{key}")
        }
        return member


MemberFormSet = formset_factory(
    MemberForm,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_ITEMS,
    validate_max=True,
    absolute_max=MAX_ITEMS,
)


class HouseholdForm(forms.Form):
    """The household's place and date, property and rigid spending."""

    area = forms.ChoiceField(label="适用标准的地区")
    area_class = forms.ChoiceField(label="城乡类别", choices=choices(AreaClass))
    decision_date = forms.DateField(label="测算日期", widget=IsoDateInput())
    dwellings = forms.IntegerField(label="住房（套）", min_value=0, max_value=99, initial=1)
    private_vehicles = forms.IntegerField(
        label="非营运机动车（辆）", min_value=0, max_value=30, initial=0
    )
    deposits = money("存款及有价证券合计（元）")
    income_unstable = forms.BooleanField(label="收入不稳定", required=False)

    def __init__(
        self, *args: Any, areas: list[tuple[str, str]], review: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = areas  # type: ignore[attr-defined]
        if review:  # a review is of this household, today, with its county's standard
            for name in ("area", "area_class", "decision_date"):
                self.fields[name].widget = forms.HiddenInput()
        for key, label in SPENDING:
            self.fields[f"spend_{key}"] = money(f"{label}（近12个月合计，元）")

    def spending_fields(self) -> list[forms.BoundField]:
        return [self[f"spend_{key}"] for key, _ in SPENDING]

    def clean_decision_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["decision_date"]
        if not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
            raise forms.ValidationError("测算日期应在 1900 年至 2100 年之间")
        return day

    def household(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "property": {
                "dwellings": data["dwellings"],
                "vehicles": [{"work_use": False}] * data["private_vehicles"],
                "deposits": str(data.get("deposits") or Decimal(0)),
            },
            "expenditures": {
                key: str(data[f"spend_{key}"]) for key, _ in SPENDING if data.get(f"spend_{key}")
            },
            "income_unstable": data["income_unstable"],
        }


class CalculatorInput:
    """The whole page form: the household part and the members table."""

    def __init__(
        self,
        data: Any,
        *,
        areas: list[tuple[str, str]],
        initial: dict[str, Any],
        members: list[dict[str, Any]],
        registered: dict[int, dict[str, Any]] | None = None,
        review: bool = False,
    ) -> None:
        self.household_form = HouseholdForm(
            data, areas=areas, initial=initial, prefix="h", review=review
        )
        self.members = MemberFormSet(data, initial=members, prefix="m")
        self.registered = registered or {}
        self.rows: list[MemberForm] = []

    @property
    def is_bound(self) -> bool:
        return self.household_form.is_bound

    def is_valid(self) -> bool:
        household_ok = self.household_form.is_valid()
        members_ok = self.members.is_valid()
        return household_ok and members_ok

    def request(self) -> dict[str, Any]:
        """The calculator request (contract version "1") with the entered facts."""
        data = self.household_form.cleaned_data
        self.rows = list(self.members.forms)
        members = [row.member(i, self.registered) for i, row in enumerate(self.rows)]
        return {
            "version": "1",
            "decision_date": data["decision_date"].isoformat(),
            "area_class": data["area_class"],
            "household": {"members": members, **self.household_form.household()},
        }

    def check_applicant(self) -> bool:
        """Exactly one applicant (户主) — checked here to say it in the page's words."""
        heads = [f for f in self.members.forms if f.cleaned_data["relation"] == Relation.HEAD]
        if len(heads) == 1:
            return True
        label = Relation.HEAD.label
        for form in heads[1:] or self.members.forms[:1]:
            form.add_error("relation", f"须有且只有一名成员的关系为“{label}”")
        return False

    def member_rows(self) -> list[tuple[int, MemberForm, str]]:
        """Each row with its index and, for a registered person, the masked ID number."""
        out = []
        for i, form in enumerate(self.members.forms):
            person = form["person"].value()
            key = int(person) if str(person or "").isdigit() else 0
            out.append((i, form, self.registered.get(key, {}).get("masked_id", "")))
        return out

    def attach(self, errors: tuple[FieldError, ...]) -> None:
        """Put the reader's errors on the field they name; the rest on the form."""
        for error in errors:
            form, field = self._field(error.path)
            form.add_error(field, error.message)

    def _field(self, path: str) -> tuple[forms.Form, str | None]:
        found = re.match(r"^household\.members\[(\d+)\]\.?([a-z_]*)\.?([a-z_]*)", path)
        if found and int(found.group(1)) < len(self.rows):
            row = self.rows[int(found.group(1))]
            name = _MEMBER_FIELDS.get(found.group(2), found.group(2))
            if found.group(2) == "incomes":
                name = f"income_{found.group(3)}"
            return row, name if name in row.fields else None
        key = path.rsplit(".", 1)[-1]
        name = _HOUSEHOLD_FIELDS.get(key, key)
        form = self.household_form
        return form, name if name in form.fields else None

    def errors(self) -> list[str]:
        """Every message the page shows above the form (those without a field)."""
        out: list[Any] = list(self.household_form.non_field_errors())
        out += list(self.members.non_form_errors())
        for form in self.members.forms:
            out += list(form.non_field_errors())
        return [str(e) for e in out]


_MEMBER_FIELDS = {"disability": "disability_grade"}
_HOUSEHOLD_FIELDS = {"vehicles": "private_vehicles"}
