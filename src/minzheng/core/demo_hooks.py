"""Domains add their demo data to `minzheng demo` without core depending on them:
each registers a seeder in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable

DemoSeeder = Callable[[], str]  # does its work idempotently, returns a line to print
_SEEDERS: list[DemoSeeder] = []


def register_demo_seeder(seeder: DemoSeeder) -> DemoSeeder:
    if seeder not in _SEEDERS:
        _SEEDERS.append(seeder)
    return seeder


def run_demo_seeders() -> list[str]:
    return [line for seeder in _SEEDERS if (line := seeder())]
