"""The analytics rule sets' settings: the rule files' parameters, declared from their headers.

Both rule sets are declared here, once: the warning rules (W001…, app `warning`) and the
funds-supervision rules (S001…, D14, app `supervision`; the supervision app, when
installed, groups them on the standards page under its name). A key both sets read
(`dibao.standard.urban`) is one declaration citing the rules of both.

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


# The app a rule set's own settings are grouped under.
RULE_SET_APPS = {"warning": "warning", "supervision": "supervision"}


def _setting(parameter: Parameter, rule_ids: tuple[str, ...], app: str = "warning") -> Setting:
    kind = parameter.type.value
    if kind == "text_list" and any(":" in item for item in _text(parameter.default).split(",")):
        # a list of pairs of codes (the exclusion matrix, "kept:stopped"); the labels of
        # its codes come from the declaring app's settings.yaml
        kind = "code_pairs"
    return declare(
        key=parameter.config_key,
        kind=kind,
        label=parameter.description_zh,
        app=app,
        unit="元" if kind == "money" else "",
        rule=" ".join(rule_ids),
        example=_text(parameter.default),
        checks=(partial(coerce, parameter.type),),
    )


def rule_settings() -> Iterator[Setting]:
    """One declaration per configuration key, citing every rule that reads it (a shared
    view's parameters appear in each rule that uses the view)."""
    rules: dict[str, list[str]] = {}
    parameters: dict[str, tuple[Parameter, str]] = {}
    for ruleset, app in RULE_SET_APPS.items():
        for rule in rule_headers(ruleset=ruleset):
            for parameter in rule.parameters:
                rules.setdefault(parameter.config_key, []).append(rule.id)
                parameters.setdefault(parameter.config_key, (parameter, app))
    for key, (parameter, app) in parameters.items():
        yield _setting(parameter, tuple(rules[key]), app)


def seed_example_settings() -> int:
    """The labelled example values of both rule sets' settings (rule defaults included)."""
    return seed_examples(apps=list(RULE_SET_APPS.values()))
