"""The policy-simulation request form: a starting month and one or two scenarios, each
one declared policy setting with the value to try (checked as the settings page
checks it, by the engine's own parameter reader)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from minzheng.assistance.policy import (
    PARAMETER_SPECS,
    ParameterError,
    build_parameters,
    example_values,
)
from minzheng.assistance.simulation import Scenario

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
SETTINGS = [("", "（不设方案二）")] + [
    (s.key, f"{s.label}（{s.unit}）" if s.unit else s.label) for s in PARAMETER_SPECS
]


class SimulationForm(forms.Form):
    month = forms.CharField(label="起始月份", help_text="如 2027-01", max_length=7)
    key_a = forms.ChoiceField(label="方案一：调整的参数", choices=SETTINGS[1:])
    value_a = forms.CharField(label="方案一：调整为", max_length=200)
    key_b = forms.ChoiceField(label="方案二：调整的参数", choices=SETTINGS, required=False)
    value_b = forms.CharField(label="方案二：调整为", max_length=200, required=False)

    def clean_month(self) -> dt.date:
        found = MONTH.match(self.cleaned_data["month"].strip())
        if not found or not 1 <= int(found[2]) <= 12 or not 2000 <= int(found[1]) <= 2100:
            raise forms.ValidationError("请按“年-月”填写，如 2027-01")
        return dt.date(int(found[1]), int(found[2]), 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for suffix in ("a", "b"):
            key, value = data.get(f"key_{suffix}"), (data.get(f"value_{suffix}") or "").strip()
            if not key:
                continue
            if not value:
                self.add_error(f"value_{suffix}", "请填写调整后的值")
                continue
            try:
                build_parameters({**example_values(), key: value})
            except ParameterError as exc:
                self.add_error(f"value_{suffix}", "；".join(p.message for p in exc.problems))
        return data

    def scenarios(self) -> list[Scenario]:
        data = self.cleaned_data
        found = [Scenario("A", data["key_a"], data["value_a"].strip())]
        if data.get("key_b"):
            found.append(Scenario("B", data["key_b"], data["value_b"].strip()))
        return found
