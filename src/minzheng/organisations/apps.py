from collections.abc import Callable

from django.apps import AppConfig

from minzheng.core.roles import Duty, Role

DEADLINE_KEYS = (
    "organisations.annual_report.sponsor_deadline",
    "organisations.annual_report.authority_deadline",
)


class OrganisationsConfig(AppConfig):
    name = "minzheng.organisations"
    label = "organisations"
    verbose_name = "社会组织"
    default_auto_field = "django.db.models.BigAutoField"
    # 社会组织登记管理员: registration, changes, status decisions, annual-report review,
    # penalties, credit lists and evaluations are the registration authority's (the
    # county and city bureaus, D10.6); the post is granted by the city office.
    duties = (
        Duty(
            code="organisation_registrar",
            label="社会组织登记管理员",
            capabilities=frozenset({"organisations_register"}),
            roles=frozenset({Role.COUNTY_APPROVER, Role.CITY_ADMIN}),
            rule="D10.6",
        ),
    )

    def settings_checks(self, key: str) -> tuple[Callable[[str], object], ...]:
        """A deadline is a month and day ("05-31"): refused when written otherwise."""
        from minzheng.organisations.deadlines import month_day

        return (month_day,) if key in DEADLINE_KEYS else ()

    def ready(self) -> None:
        from minzheng.core.extensions import register_dashboard_panel, register_household_section
        from minzheng.core.public import PublicPage, register_public_page
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.organisations import workflows  # noqa: F401  (registers the workflows)
        from minzheng.organisations.dashboard import PANEL
        from minzheng.organisations.household_section import adoption_section
        from minzheng.organisations.models import CreditList, ListingReason, OrgType
        from minzheng.organisations.navigation import register

        register_vocabulary("organisation_type", OrgType)
        register_vocabulary("credit_list", CreditList)
        register_vocabulary("credit_listing_reason", ListingReason)
        register()
        register_household_section(adoption_section)  # who adopted the household (D10.4)
        register_dashboard_panel(PANEL)

        from minzheng.licensing.signals import licence_decided
        from minzheng.organisations.services.applications import on_licence_decided

        # A granted establishment, change or deregistration writes the register (D10.6).
        licence_decided.connect(on_licence_decided, dispatch_uid="organisations_registration")
        register_public_page(
            PublicPage(
                "社会组织信用名录",
                "organisations:public_credit",
                "列入活动异常名录和严重违法失信名单的社会组织",
            )
        )
