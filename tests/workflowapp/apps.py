from django.apps import AppConfig

from minzheng.core.roles import Duty, Role


class WorkflowAppConfig(AppConfig):
    name = "tests.workflowapp"
    label = "workflowapp"
    default_auto_field = "django.db.models.BigAutoField"
    # A test-only duty (岗位): held by community and township staff, it opens the
    # sample_duty workflow's step and grants one capability of this app's own.
    duties = (
        Duty(
            code="sample_clerk",
            label="样例专办员",
            capabilities=frozenset({"sample_stamp"}),
            roles=frozenset({Role.CASEWORKER, Role.TOWNSHIP_REVIEWER}),
            rule="D0.3",
        ),
    )
