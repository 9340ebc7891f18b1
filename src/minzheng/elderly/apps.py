from django.apps import AppConfig


class ElderlyConfig(AppConfig):
    name = "minzheng.elderly"
    label = "elderly"
    verbose_name = "养老服务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.core.extensions import register_dashboard_panel
        from minzheng.core.navigation import NavDomain, NavItem, register_domain
        from minzheng.core.roles import Capability
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.elderly import workflows  # noqa: F401  (registers the workflows)
        from minzheng.elderly.dashboard import PANEL
        from minzheng.elderly.models import FacilityKind, Meal, SubsidyCategory

        register_domain(
            NavDomain(
                "养老服务",
                (
                    NavItem("养老服务设施", "elderly:facility_list", Capability.VIEW_PERSONAL),
                    NavItem("15分钟服务圈", "elderly:map", Capability.VIEW_DASHBOARD),
                    NavItem("助餐记录", "elderly:meal_list", Capability.VIEW_PERSONAL),
                    NavItem("助餐补贴结算", "elderly:settlement_list", Capability.VIEW_PERSONAL),
                    NavItem("设施补贴", "elderly:fund_list", Capability.VIEW_PERSONAL),
                ),
            )
        )
        register_dashboard_panel(PANEL)
        from minzheng.core.extensions import register_dashboard_series
        from minzheng.elderly.dashboard import SERIES

        for series in SERIES:  # monthly series of the leaders' dashboards
            register_dashboard_series(series)
        from minzheng.elderly.services.funds import OPERATOR, payee_of
        from minzheng.payments.payables import register_payee_source

        register_payee_source(OPERATOR, payee_of)  # a re-issue pays the current account
        from minzheng.core.extensions import register_snapshot_part
        from minzheng.elderly.snapshot import elderly_snapshot

        register_snapshot_part(elderly_snapshot)  # the funds tables for the supervision
        register_vocabulary("elderly_facility_kind", FacilityKind)
        register_vocabulary("meal", Meal)
        register_vocabulary("meal_subsidy_category", SubsidyCategory)
