"""Forms of the finding pages (the API takes the same fields)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from minzheng.core.text import form_text
from minzheng.supervision.models import Finding, Rectification, RectificationKind


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )


class VerifyForm(forms.Form):
    verdict = forms.ChoiceField(
        label="核实结论", choices=[("confirm", "属实（确认问题）"), ("dismiss", "误报（排除）")]
    )
    note = form_text(Finding, "verdict_reason", label="核实情况（误报须写明理由）", required=True)


class RectifyForm(forms.Form):
    kind = forms.ChoiceField(label="整改方式", choices=RectificationKind.choices)
    note = form_text(Rectification, "note")
    amount = _money("追回金额（元，追回时填写）")
    instalment = _money("每期扣减（元，留空为一次扣回）")


class CloseForm(forms.Form):
    note = form_text(Finding, "closing_evidence", label="整改佐证", required=True)
    file_ref = form_text(Finding, "closing_file", label="佐证材料编号（可选）")
