from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "minzheng.core"
    label = "core"
    verbose_name = "基础平台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minzheng.core import signals  # noqa: F401  (connects the receivers)
        from minzheng.core.demo_calendar import seed_demo
        from minzheng.core.demo_hooks import register_demo_seeder

        register_demo_seeder(seed_demo)  # first: other seeders compute deadlines
