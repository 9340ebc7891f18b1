from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "minzheng.payments"
    label = "payments"
    verbose_name = "资金发放"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.payments import workflows  # noqa: F401  (registers the payroll workflow)
        from minzheng.payments.models import CycleKind, LineStatus
        from minzheng.payments.navigation import register

        register()
        register_vocabulary("payroll_line_status", LineStatus)
        register_vocabulary("payroll_kind", CycleKind)
