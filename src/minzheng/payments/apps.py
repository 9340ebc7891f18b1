from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "minzheng.payments"
    label = "payments"
    verbose_name = "资金发放"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.payments import workflows  # noqa: F401  (registers the payroll workflow)
