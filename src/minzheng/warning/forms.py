"""Forms of the lead pages and API."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from minzheng.assistance.models import Channel
from minzheng.assistance.models.applications import ASSISTANCE_CHOICES
from minzheng.core.forms import IsoDateInput
from minzheng.core.text import form_text
from minzheng.warning.models import Lead, LeadVisit, Outcome, VisitMethod

# The programme a lead's rule most likely leads to; the caseworker may choose another.
SUGGESTED_PROGRAMME = {
    "W001": "temporary",
    "W002": "dibao",
    "W003": "dibao",
    "W004": "dibao",
    "W005": "temporary",
    "W006": "temporary",
    "W007": "dibao",
    "W008": "dibao",
    "W009": "temporary",
}


class VisitForm(forms.Form):
    method = forms.ChoiceField(label="核实方式", choices=VisitMethod.choices)
    visited_on = forms.DateField(
        label="核实日期", initial=timezone.localdate, widget=IsoDateInput()
    )
    findings = form_text(LeadVisit, "findings")


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="处理结果", choices=[c for c in Outcome.choices if c[0] != Outcome.APPLY]
    )
    note = form_text(Lead, "outcome_note", label="处理说明（如无需救助的理由）", required=True)
    referred_to = form_text(Lead, "referred_to", label="转介部门（转介时填写）")


class StartApplicationForm(forms.Form):
    programme = forms.ChoiceField(label="救助项目", choices=ASSISTANCE_CHOICES)
    channel = forms.ChoiceField(
        label="申请方式", choices=Channel.choices, initial=Channel.COMMITTEE
    )
