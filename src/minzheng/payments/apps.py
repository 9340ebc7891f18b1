from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "minzheng.payments"
    label = "payments"
    verbose_name = "资金发放"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.core.audit_guards import register_delete_guards
        from minzheng.core.extensions import (
            register_dashboard_panel,
            register_dashboard_series,
            register_household_section,
            register_person_section,
            register_snapshot_part,
        )
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.payments import (
            ledger_guards,
            workflows,  # noqa: F401  (registers the payroll workflow)
        )
        from minzheng.payments.dashboard import PANEL, SERIES
        from minzheng.payments.history import household_payments, person_payments
        from minzheng.payments.models import CycleKind, LineStatus, PayableProgramme
        from minzheng.payments.navigation import register
        from minzheng.payments.snapshot import payments_snapshot

        register()
        register_household_section(household_payments)  # the household's payment history
        register_person_section(person_payments)  # the person's
        register_dashboard_panel(PANEL)  # paid amounts from the ledger
        for series in SERIES:  # the same by month, for the charts
            register_dashboard_series(series)
        register_snapshot_part(payments_snapshot)  # the ledger for the supervision rules
        register_delete_guards(ledger_guards.delete_guards, ledger_guards.install)
        register_vocabulary("payroll_line_status", LineStatus)
        register_vocabulary("payroll_kind", CycleKind)
        register_vocabulary("institutional_programme", PayableProgramme)  # payables
