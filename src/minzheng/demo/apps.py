from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models and no start-up work: the app brings the demo commands, which seed
    only when an operator runs them (docs/demo.md)."""

    name = "minzheng.demo"
    label = "demo"
    verbose_name = "演示数据"
