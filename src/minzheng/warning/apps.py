from django.apps import AppConfig


class WarningConfig(AppConfig):
    name = "minzheng.warning"
    label = "warning"
    verbose_name = "救助预警"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.core.extensions import register_dashboard_panel, register_dashboard_series
        from minzheng.core.navigation import NavDomain, NavItem, register_domain
        from minzheng.core.roles import Capability
        from minzheng.warning import workflows  # noqa: F401  (registers the workflow)
        from minzheng.warning.dashboard import PANEL, SERIES

        register_domain(
            NavDomain(
                "救助预警",
                (
                    NavItem("预警线索", "warning:lead_list", Capability.VIEW_PERSONAL),
                    NavItem("比对运行", "warning:runs", Capability.VIEW_DASHBOARD),
                ),
            )
        )
        from minzheng.analytics.feeds.catalog import FEEDS
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.warning.models import Outcome, VisitMethod

        register_vocabulary("lead_outcome", Outcome)
        register_vocabulary("lead_visit_method", VisitMethod)
        register_vocabulary("severity", {"high": "高", "medium": "中", "low": "低"})
        register_vocabulary(
            "analytics_engine", {"duckdb": "单机比对（DuckDB）", "spark": "集群比对（Spark）"}
        )
        register_vocabulary("feed_table", {name: feed.title_zh for name, feed in FEEDS.items()})
        register_vocabulary(
            "feed_table",
            {
                "areas": "行政区划",
                "persons": "人员登记",
                "households": "家庭登记",
                "enrolments": "救助对象",
                "wage_months": "按月工资汇总",
                "area_settings": "区县比对参数",
            },
        )
        register_dashboard_panel(PANEL)
        for series in SERIES:
            register_dashboard_series(series)
        from minzheng.core.settings_registry import register_provider
        from minzheng.warning.settings_specs import rule_settings

        register_provider(rule_settings)
