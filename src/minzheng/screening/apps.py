from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "minzheng.screening"
    label = "screening"
    verbose_name = "排查帮扶"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.core.extensions import (
            HouseholdAction,
            register_dashboard_series,
            register_household_action,
        )
        from minzheng.core.roles import Capability
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.screening import workflows  # noqa: F401  (registers the workflows)
        from minzheng.screening.dashboard import SERIES
        from minzheng.screening.models import VisitMethod, VisitOutcome
        from minzheng.screening.navigation import register

        register_vocabulary("visit_method", VisitMethod)
        register_vocabulary("visit_outcome", VisitOutcome)
        register()
        for series in SERIES:
            register_dashboard_series(series)
        register_household_action(
            HouseholdAction(
                "纳入重点帮扶", "screening:key_household_new", Capability.EDIT_PERSONAL
            )
        )
