from django.apps import AppConfig


class WarningConfig(AppConfig):
    name = "minzheng.warning"
    label = "warning"
    verbose_name = "救助预警"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.core.demo_hooks import register_demo_seeder
        from minzheng.core.extensions import register_dashboard_panel
        from minzheng.core.navigation import NavDomain, NavItem, register_domain
        from minzheng.core.roles import Capability
        from minzheng.warning import workflows  # noqa: F401  (registers the workflow)
        from minzheng.warning.dashboard import warning_panel
        from minzheng.warning.demo import seed_demo

        register_domain(
            NavDomain(
                "救助预警",
                (
                    NavItem("预警线索", "warning:lead_list", Capability.VIEW_PERSONAL),
                    NavItem("比对运行", "warning:runs", Capability.VIEW_DASHBOARD),
                ),
            )
        )
        register_demo_seeder(seed_demo)
        register_dashboard_panel(warning_panel)
