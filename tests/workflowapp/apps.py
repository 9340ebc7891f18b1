from django.apps import AppConfig


class WorkflowAppConfig(AppConfig):
    name = "tests.workflowapp"
    label = "workflowapp"
    default_auto_field = "django.db.models.BigAutoField"
