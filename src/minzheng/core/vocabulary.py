"""The shared vocabulary: the Chinese label of every code a page may show.

A code (``dibao``, ``head``, ``general``) never reaches a user as it is stored:
templates write ``{{ value|label:"programme" }}`` and get ``最低生活保障``. Each
app registers its code lists (Django ``TextChoices`` or a plain mapping) under a
short name in its ``AppConfig.ready()``; core never imports a domain for this.
An unknown code is shown as ``未知（…）`` rather than silently passed through,
so a forgotten registration is visible in the page scans of the test suite.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum

_VOCABULARIES: dict[str, dict[str, str]] = {}


def register_vocabulary(
    name: str, codes: type[Enum] | Mapping[str, str] | Iterable[tuple[str, str]]
) -> None:
    """Add (or extend) the code list `name`; later registrations win per code."""
    labels = _VOCABULARIES.setdefault(name, {})
    if isinstance(codes, type) and issubclass(codes, Enum):
        labels.update({str(c.value): str(getattr(c, "label", c.name)) for c in codes})
    elif isinstance(codes, Mapping):
        labels.update({str(k): str(v) for k, v in codes.items()})
    else:
        labels.update({str(k): str(v) for k, v in codes})


def vocabulary_names() -> list[str]:
    return sorted(_VOCABULARIES)


def labels_of(name: str) -> dict[str, str]:
    """Every code of the list `name` with its label (empty for an unknown list)."""
    return dict(_VOCABULARIES.get(name, {}))


def code_label(value: object, name: str) -> str:
    """The label of `value` in the list `name`; empty stays empty."""
    if value is None or value == "":
        return ""
    labels = _VOCABULARIES.get(name)
    if labels is None:
        raise KeyError(f"no vocabulary named {name!r}; register it in AppConfig.ready()")
    code = str(getattr(value, "value", value))
    return labels.get(code, f"未知（{code}）")
