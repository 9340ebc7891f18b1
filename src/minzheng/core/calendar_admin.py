"""The administrator's corrections to the working-day calendar (D11.3), audited."""

from __future__ import annotations

from django import forms
from django.db import transaction

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.forms import IsoDateInput
from minzheng.core.models import AuditAction, CalendarYear, User, WorkdayOverride
from minzheng.core.text import text_formfield


class OverrideForm(forms.ModelForm):
    """A date already overridden is updated, not refused as a duplicate."""

    class Meta:
        formfield_callback = text_formfield
        model = WorkdayOverride
        fields = ["date", "is_working_day", "note"]
        widgets = {"date": IsoDateInput()}

    def validate_unique(self) -> None:
        pass


class YearForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_formfield
        model = CalendarYear
        fields = ["year", "source"]


@transaction.atomic
def workday_override_save(*, actor: User, form: OverrideForm) -> WorkdayOverride:
    existing = WorkdayOverride.objects.filter(date=form.cleaned_data["date"]).first()
    before = snapshot(existing) if existing else None
    row, _ = WorkdayOverride.objects.update_or_create(
        date=form.cleaned_data["date"],
        defaults={
            "is_working_day": form.cleaned_data["is_working_day"],
            "note": form.cleaned_data["note"],
            "updated_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=row,
        before=before,
        after=snapshot(row),
        summary=f"工作日调整 {row.date}：{'工作日' if row.is_working_day else '休息日'}",
    )
    return row


@transaction.atomic
def calendar_year_declare(*, actor: User, form: YearForm) -> CalendarYear:
    row = form.save(commit=False)
    row.updated_by = actor
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        after=snapshot(row),
        summary=f"录入{row.year}年放假安排",
    )
    return row


def calendar_save(actor: User, override_form: OverrideForm, year_form: YearForm) -> bool:
    """Save whichever form was submitted; False when it has errors to show."""
    if override_form.is_bound and override_form.is_valid():
        workday_override_save(actor=actor, form=override_form)
        return True
    if year_form.is_bound and year_form.is_valid():
        calendar_year_declare(actor=actor, form=year_form)
        return True
    return False
