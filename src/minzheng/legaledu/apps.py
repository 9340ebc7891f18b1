from django.apps import AppConfig


class LegalEducationConfig(AppConfig):
    name = "minzheng.legaledu"
    label = "legaledu"
    verbose_name = "普法学法"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.core.extensions import register_dashboard_panel
        from minzheng.core.navigation import NavDomain, NavItem, register_domain
        from minzheng.core.roles import Capability
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.legaledu.models import ActivityKind
        from minzheng.legaledu.totals import PANEL

        register_domain(
            NavDomain(
                "普法学法",
                (
                    NavItem("普法学法活动", "legaledu:activity_list", Capability.VIEW_PERSONAL),
                    NavItem("年度学法计划", "legaledu:plan_list", Capability.VIEW_PERSONAL),
                ),
            )
        )
        register_dashboard_panel(PANEL)
        register_vocabulary("legal_education_kind", ActivityKind)
