from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "minzheng.identity"
    label = "identity"
    verbose_name = "身份识别"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.core.extensions import register_duplicate_check, register_record_matcher
        from minzheng.core.navigation import NavDomain, NavItem, register_domain
        from minzheng.core.roles import Capability
        from minzheng.identity import workflows  # noqa: F401  (registers the workflow)
        from minzheng.identity.services import match_records, registration_check

        register_duplicate_check(registration_check)
        register_record_matcher(match_records)
        register_domain(
            NavDomain(
                "身份识别", (NavItem("疑似重复复核", "identity:queue", Capability.EDIT_PERSONAL),)
            )
        )
