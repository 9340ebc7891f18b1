from collections.abc import Callable

from django.apps import AppConfig

DEADLINE_KEYS = (
    "organisations.annual_report.sponsor_deadline",
    "organisations.annual_report.authority_deadline",
)


class OrganisationsConfig(AppConfig):
    name = "minzheng.organisations"
    label = "organisations"
    verbose_name = "社会组织"
    default_auto_field = "django.db.models.BigAutoField"

    def settings_checks(self, key: str) -> tuple[Callable[[str], object], ...]:
        """A deadline is a month and day ("05-31"): refused when written otherwise."""
        from minzheng.organisations.deadlines import month_day

        return (month_day,) if key in DEADLINE_KEYS else ()

    def ready(self) -> None:
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.organisations import workflows  # noqa: F401  (registers the workflows)
        from minzheng.organisations.models import CreditList, ListingReason, OrgType
        from minzheng.organisations.navigation import register

        register_vocabulary("organisation_type", OrgType)
        register_vocabulary("credit_list", CreditList)
        register_vocabulary("credit_listing_reason", ListingReason)
        register()
