from collections.abc import Callable
from functools import partial

from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "minzheng.assistance"
    label = "assistance"
    verbose_name = "社会救助"
    default_auto_field = "django.db.models.BigAutoField"
    # Declarations for core's settings registry: the procedure's, then the policy
    # engine's own list (which the Django-free policy package reads too).
    settings_files = ("settings.yaml", "policy/parameter_specs.yaml")

    def settings_vocabulary(self, name: str) -> dict[str, str]:
        """Labels of a policy vocabulary the policy's YAML names (e.g. RoundingUnit)."""
        from minzheng.assistance.policy import vocabulary

        codes = getattr(vocabulary, name, None)
        if isinstance(codes, type) and issubclass(codes, vocabulary.Vocabulary):
            return {code.value: code.label for code in codes}
        return {}

    def settings_checks(self, key: str) -> tuple[Callable[[str], object], ...]:
        """The policy engine's own parser for its keys: a value the engine would refuse
        is refused when it is written."""
        from minzheng.assistance.policy.parameter_specs import SPECS_BY_KEY
        from minzheng.assistance.policy.parameter_types import parse_value

        spec = SPECS_BY_KEY.get(key)
        return (partial(parse_value, spec),) if spec else ()

    def ready(self) -> None:
        from minzheng.assistance import workflows  # noqa: F401  (registers the workflows)
        from minzheng.assistance.dashboard import PANEL, SERIES
        from minzheng.assistance.household_section import assistance_section
        from minzheng.assistance.navigation import register
        from minzheng.assistance.public import application_status
        from minzheng.core.extensions import (
            HouseholdAction,
            register_dashboard_panel,
            register_dashboard_series,
            register_household_action,
            register_household_section,
        )
        from minzheng.core.public import register_status_lookup
        from minzheng.core.roles import Capability

        register()
        register_status_lookup(application_status)
        _register_vocabulary()
        register_dashboard_panel(PANEL)
        for series in SERIES:
            register_dashboard_series(series)
        register_household_section(assistance_section)
        register_household_action(
            HouseholdAction("申请救助", "assistance:new", Capability.EDIT_PERSONAL)
        )
        register_household_action(
            HouseholdAction(
                "政策测算", "assistance:calculator", Capability.VIEW_PERSONAL, "household={pk}"
            )
        )


def _register_vocabulary() -> None:
    """Labels of the assistance codes for the pages: {{ code|label:"programme" }}."""
    from minzheng.assistance.models import (
        BreachGrade,
        Channel,
        EnrolmentStatus,
        Programme,
        Track,
    )
    from minzheng.assistance.models.enrolment import ChangeKind, ReviewClass
    from minzheng.core.vocabulary import register_vocabulary

    register_vocabulary("programme", Programme)
    register_vocabulary("channel", Channel)
    register_vocabulary("track", Track)
    register_vocabulary("enrolment_status", EnrolmentStatus)
    register_vocabulary("review_class", ReviewClass)
    register_vocabulary("enrolment_change", ChangeKind)
    register_vocabulary("breach_grade", BreachGrade)
