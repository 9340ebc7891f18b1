from django.apps import AppConfig

from minzheng.core.roles import Duty, Role


class LicensingConfig(AppConfig):
    name = "minzheng.licensing"
    label = "licensing"
    verbose_name = "行政许可"
    default_auto_field = "django.db.models.BigAutoField"
    # The items this app declares (the engine reads this attribute of every app config,
    # default `licensing_items.yaml` beside apps.py; docs/licensing.md).
    licensing_items_files = ("licensing_items.yaml",)
    # D15.1: an extension needs the head's approval. The head of the licensing
    # authority is a post held by county or city staff, granted by the city office.
    duties = (
        Duty(
            code="licensing_head",
            label="行政许可负责人（批准延期）",
            capabilities=frozenset({"approve_licensing_extension"}),
            roles=frozenset({Role.COUNTY_APPROVER, Role.CITY_ADMIN}),
            rule="D15.1",
        ),
    )

    def ready(self) -> None:
        from django.core import checks

        from minzheng.core.extensions import register_dashboard_panel
        from minzheng.core.public import register_status_lookup
        from minzheng.core.vocabulary import register_vocabulary
        from minzheng.licensing import workflows  # noqa: F401  (registers the workflow)
        from minzheng.licensing.dashboard import PANEL
        from minzheng.licensing.items import check_items
        from minzheng.licensing.models import ApplicantKind, Outcome, PauseStage
        from minzheng.licensing.navigation import register
        from minzheng.licensing.public import licence_status

        register()
        register_dashboard_panel(PANEL)
        register_status_lookup(licence_status)
        register_vocabulary("licence_outcome", Outcome)
        register_vocabulary("licence_pause_stage", PauseStage)
        register_vocabulary("licence_applicant_kind", ApplicantKind)
        checks.register(check_items)
