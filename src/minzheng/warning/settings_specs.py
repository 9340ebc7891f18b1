"""The warning domain's settings: the rule files' parameters, declared from their headers.

Each rule parameter names the configuration key that overrides its default
(`config_key`); the registry learns those keys here, with the rule's references, so the
standards page lists the warning thresholds and the write service checks a new value
with the same parser the run will use (`analytics.params.coerce`). The lead deadlines
and the labels of listed codes are in `settings.yaml` beside this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from minzheng.analytics.params import Parameter, ParamValue, coerce
from minzheng.analytics.rulefile import rule_headers
from minzheng.core.settings_registry import Setting, declare
from minzheng.core.settings_write import seed_examples


def _text(value: ParamValue) -> str:
    return ",".join(value) if isinstance(value, tuple) else str(value)


def _setting(parameter: Parameter, rule_ids: tuple[str, ...]) -> Setting:
    kind = parameter.type.value
    return declare(
        key=parameter.config_key,
        kind=kind,
        label=parameter.description_zh,
        app="warning",
        unit="元" if kind == "money" else "",
        rule=" ".join(rule_ids),
        example=_text(parameter.default),
        checks=(partial(coerce, parameter.type),),
    )


def rule_settings() -> Iterator[Setting]:
    """One declaration per configuration key, citing every rule that reads it (a shared
    view's parameters appear in each rule that uses the view)."""
    rules: dict[str, list[str]] = {}
    parameters: dict[str, Parameter] = {}
    for rule in rule_headers():
        for parameter in rule.parameters:
            rules.setdefault(parameter.config_key, []).append(rule.id)
            parameters.setdefault(parameter.config_key, parameter)
    for key, parameter in parameters.items():
        yield _setting(parameter, tuple(rules[key]))


def seed_example_settings() -> int:
    """The labelled example values of the warning settings (rule defaults included)."""
    return seed_examples(apps=["warning"])
