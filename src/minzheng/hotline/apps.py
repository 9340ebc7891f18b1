from django.apps import AppConfig

from minzheng.core.roles import Duty, Role
from minzheng.hotline.workflows import ESCALATE, INTAKE, OFFICER, OPERATOR, SENSITIVE


class HotlineConfig(AppConfig):
    name = "minzheng.hotline"
    label = "hotline"
    verbose_name = "服务热线"
    default_auto_field = "django.db.models.BigAutoField"

    # Posts held on top of a role (core.roles.Duty). The operators work at the city's
    # hotline centre (D8.1: the city takes calls); the duty officer of a county or
    # township receives its emergencies (D8.2). Only these two see sensitive tickets.
    duties = (
        Duty(
            code=OPERATOR,
            label="热线接线员",
            capabilities=frozenset({INTAKE, SENSITIVE}),
            roles=frozenset(
                {Role.CASEWORKER, Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER, Role.CITY_ADMIN}
            ),
            rule="D8.3",
        ),
        Duty(
            code=OFFICER,
            label="儿童保护值班人员",
            capabilities=frozenset({SENSITIVE, ESCALATE}),
            roles=frozenset({Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER, Role.CITY_ADMIN}),
            rule="D8.2",
        ),
    )

    def ready(self) -> None:
        from minzheng.core.extensions import register_dashboard_panel
        from minzheng.core.navigation import NavDomain, NavItem, register_domain
        from minzheng.core.roles import Capability
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.hotline import workflows  # noqa: F401  (registers the workflow)
        from minzheng.hotline.dashboard import PANEL
        from minzheng.hotline.models import Category, Line, Satisfaction, Urgency

        register_domain(
            NavDomain(
                "服务热线",
                (
                    NavItem("热线工单", "hotline:ticket_list", Capability.VIEW_PERSONAL),
                    NavItem("热线统计", "hotline:dashboard", Capability.VIEW_DASHBOARD),
                    NavItem("死亡信息确认", "hotline:death_offers", Capability.EDIT_PERSONAL),
                ),
            )
        )
        register_vocabulary("hotline_category", Category)
        register_vocabulary("hotline_line", Line)
        register_vocabulary("hotline_urgency", Urgency)
        register_vocabulary("hotline_satisfaction", Satisfaction)
        register_dashboard_panel(PANEL)
