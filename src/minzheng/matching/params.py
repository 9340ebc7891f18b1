"""Trained models, saved and versioned: one JSON file per version in `trained/`,
named `identity-<version>-<YYYY-MM-DD>.json` (Splink's model format, with the
comparisons of `model.py` and their m and u probabilities). The newest version is
used unless one is named; an older file is never changed, so a decision recorded
with a version can be traced to the parameters that proposed it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

TRAINED = Path(__file__).parent / "trained"
_NAME = re.compile(r"^identity-(\d+)-(\d{4}-\d{2}-\d{2})\.json$")


def versions(folder: Path = TRAINED) -> list[tuple[int, dt.date, Path]]:
    found = []
    for path in folder.glob("identity-*.json"):
        if m := _NAME.match(path.name):
            found.append((int(m.group(1)), dt.date.fromisoformat(m.group(2)), path))
    return sorted(found)


def label(number: int, day: dt.date) -> str:
    return f"{number}-{day.isoformat()}"


def latest(folder: Path = TRAINED) -> tuple[str, dict[str, Any]]:
    """(version label, trained model) of the newest file."""
    found = versions(folder)
    if not found:
        raise FileNotFoundError(
            f"{folder} 中没有已训练的身份匹配模型，请先训练（docs/identity.md）"
        )
    number, day, path = found[-1]
    return label(number, day), json.loads(path.read_text("utf-8"))


def save(trained: dict[str, Any], *, day: dt.date, folder: Path = TRAINED) -> Path:
    """Write `trained` as the next version, dated `day`."""
    found = versions(folder)
    number = found[-1][0] + 1 if found else 1
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"identity-{number}-{day.isoformat()}.json"
    path.write_text(json.dumps(trained, ensure_ascii=False, indent=1), "utf-8")
    return path
