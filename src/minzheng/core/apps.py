from typing import Any

from django.apps import AppConfig
from django.db import models
from django.db.models.signals import pre_save

from minzheng.core.text import check_model_text


class CoreConfig(AppConfig):
    name = "minzheng.core"
    label = "core"
    verbose_name = "基础平台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from minzheng.core import signals  # noqa: F401  (connects the receivers)
        from minzheng.core.documents.fonts import check_document_font
        from minzheng.core.duties import check_duties
        from minzheng.core.settings_registry import (
            app_settings,
            check_declarations,
            register_provider,
        )

        register_provider(app_settings)  # every app's settings.yaml (settings_registry)
        _register_vocabulary()
        checks.register(check_document_font)
        checks.register(check_declarations)
        checks.register(check_duties)
        pre_save.connect(_text_guard, dispatch_uid="minzheng-text-guard")


def _register_vocabulary() -> None:
    from minzheng.core import codes as shared
    from minzheng.core.models import AreaLevel, AuditAction
    from minzheng.core.roles import Role
    from minzheng.core.vocabulary import register_vocabulary

    for name, codes in {
        "area_level": AreaLevel,
        "audit_action": AuditAction,
        "role": Role,
        # The one vocabulary's code sets (core/codes.py), under their template names.
        "disability_type": shared.DisabilityType,
        "gender": shared.Gender,
        "life_status": shared.LifeStatus,
        "relation": shared.Relation,
        "urban_rural": shared.AreaClass,
        "programme": shared.Programme,
        "monitoring_layer": shared.MonitoringLayer,
        "care_level": shared.CareLevel,
        "employment": shared.RegistryEmployment,
        "school_stage": shared.RegistrySchoolStage,
    }.items():
        register_vocabulary(name, codes)


# The audit trail is written by core itself from text already checked, and its rows
# are hashed before they are saved: the guard leaves them to the audit's own rules.
_UNGUARDED = {"core.auditentry", "core.auditchainhead"}


def _text_guard(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Every save of a project model refuses text that breaks the one rule
    (core/text.py), whichever path the value came by."""
    if sender.__module__.startswith("minzheng.") and sender._meta.label_lower not in _UNGUARDED:
        check_model_text(instance)
