from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "minzheng.supervision"
    label = "supervision"
    verbose_name = "资金监管"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.core.navigation import NavDomain, NavItem, register_domain
        from minzheng.core.roles import Capability
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.supervision import workflows  # noqa: F401  (registers the workflow)
        from minzheng.supervision.models import Platform, RectificationKind

        register_domain(
            NavDomain(
                "资金监管",
                (
                    NavItem("监管平台", "supervision:home", Capability.VIEW_DASHBOARD),
                    NavItem("监管问题", "supervision:finding_list", Capability.VIEW_PERSONAL),
                ),
            )
        )
        register_vocabulary("supervision_platform", Platform)
        register_vocabulary("rectification_kind", RectificationKind)
