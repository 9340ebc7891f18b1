from django.apps import AppConfig

from minzheng.benefits.duties import FEDERATION_REVIEWER


class BenefitsConfig(AppConfig):
    name = "minzheng.benefits"
    label = "benefits"
    verbose_name = "残疾人与老年人补贴"
    default_auto_field = "django.db.models.BigAutoField"
    duties = (FEDERATION_REVIEWER,)

    def ready(self) -> None:
        from minzheng.benefits import workflows  # noqa: F401  (registers the workflow)
        from minzheng.benefits.dashboard import PANEL, SERIES
        from minzheng.benefits.navigation import register
        from minzheng.benefits.receivers import follow_standard
        from minzheng.core.extensions import register_dashboard_panel, register_dashboard_series
        from minzheng.payments.services.payroll import before_lines

        register()
        register_dashboard_panel(PANEL)
        for series in SERIES:  # recipients and amounts by area and month (the charts)
            register_dashboard_series(series)
        before_lines.connect(follow_standard, dispatch_uid="benefits_follow_standard")
