"""The declarative list of every setting the policy engine reads.

The list itself is data, `parameter_specs.yaml` beside this module: key,
kind, unit, Chinese label, rule, labelled example value and confidence tag of
each versioned configuration key. The Django side reads the same list to
build its settings page and to seed the example values (with
`is_example=True`); no rule module contains any of these numbers. The file is
checked strictly on load, so a typo fails the first import, not a decision.
"""

from __future__ import annotations

from importlib import resources

import yaml

from minzheng.assistance.policy import vocabulary
from minzheng.assistance.policy.parameter_types import ParameterSpec, ParamType

SPEC_FILE = "parameter_specs.yaml"
_REQUIRED = {"key", "kind", "label", "rule", "example", "confidence"}
_OPTIONAL = {"unit", "note", "vocabulary", "positive"}
_NEEDS_VOCABULARY = {
    ParamType.CHOICE,
    ParamType.CODES,
    ParamType.GRADE_MAP,
    ParamType.CAPS,
}


def _load() -> tuple[ParameterSpec, ...]:
    text = (
        resources.files("minzheng.assistance.policy")
        .joinpath(SPEC_FILE)
        .read_text(encoding="utf-8")
    )
    entries = yaml.safe_load(text)
    if not isinstance(entries, list):
        raise ValueError(f"{SPEC_FILE} must be a list of parameter specs")
    specs = tuple(_spec(entry) for entry in entries)
    keys = [spec.key for spec in specs]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"{SPEC_FILE}: duplicate keys {sorted(duplicates)}")
    return specs


def _spec(entry: object) -> ParameterSpec:
    if not isinstance(entry, dict):
        raise ValueError(f"{SPEC_FILE}: every entry must be a mapping, got {entry!r}")
    fields = set(entry)
    if not fields >= _REQUIRED or not fields <= _REQUIRED | _OPTIONAL:
        raise ValueError(f"{SPEC_FILE}: bad fields in {entry.get('key')!r}: {sorted(fields)}")
    strings = {name: entry[name] for name in fields - {"positive", "vocabulary", "kind"}}
    if not all(isinstance(value, str) for value in strings.values()):
        raise ValueError(f"{SPEC_FILE}: {entry['key']!r} must quote its text values")
    kind = ParamType(entry["kind"])
    codes = _vocabulary(entry.get("vocabulary"))
    if (kind in _NEEDS_VOCABULARY) != (codes is not None):
        raise ValueError(f"{SPEC_FILE}: {entry['key']!r} vocabulary does not match kind {kind}")
    return ParameterSpec(
        key=entry["key"],
        kind=kind,
        unit=entry.get("unit", ""),
        label=entry["label"],
        rule=entry["rule"],
        example=entry["example"],
        confidence=entry["confidence"],
        note=entry.get("note", ""),
        vocabulary=codes,
        positive=entry.get("positive", False) is True,
    )


def _vocabulary(name: object) -> type[vocabulary.Vocabulary] | None:
    if name is None:
        return None
    found = getattr(vocabulary, str(name), None)
    if not (isinstance(found, type) and issubclass(found, vocabulary.Vocabulary)):
        raise ValueError(f"{SPEC_FILE}: unknown vocabulary {name!r}")
    return found


PARAMETER_SPECS: tuple[ParameterSpec, ...] = _load()
SPECS_BY_KEY: dict[str, ParameterSpec] = {spec.key: spec for spec in PARAMETER_SPECS}


def example_values() -> dict[str, str]:
    """The demo defaults (examples, not policy) as the string mapping the builder reads."""
    return {spec.key: spec.example for spec in PARAMETER_SPECS}
