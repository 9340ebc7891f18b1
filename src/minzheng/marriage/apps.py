from django.apps import AppConfig

from minzheng.marriage.duties import MARRIAGE_REGISTRAR


class MarriageConfig(AppConfig):
    name = "minzheng.marriage"
    label = "marriage"
    verbose_name = "婚姻登记"
    default_auto_field = "django.db.models.BigAutoField"
    duties = (MARRIAGE_REGISTRAR,)

    def ready(self) -> None:
        from minzheng.core.extensions import register_dashboard_panel, register_person_section
        from minzheng.marriage import workflows  # noqa: F401  (registers the workflows)
        from minzheng.marriage.navigation import register
        from minzheng.marriage.person_section import marital_status_section
        from minzheng.marriage.statistics import PANEL

        register()
        register_person_section(marital_status_section)
        register_dashboard_panel(PANEL)
