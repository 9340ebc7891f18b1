"""Domains add their demo data to `minzheng demo` without core depending on them:
each registers a seeder in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable

# A seeder gets the demo's options (seed, residents), does its work idempotently and
# returns a line to print ("" for nothing).
DemoSeeder = Callable[..., str]
_SEEDERS: list[DemoSeeder] = []


def register_demo_seeder(seeder: DemoSeeder) -> DemoSeeder:
    if seeder not in _SEEDERS:
        _SEEDERS.append(seeder)
    return seeder


def run_demo_seeders(*, seed: int, residents: int) -> list[str]:
    return [line for seeder in _SEEDERS if (line := seeder(seed=seed, residents=residents))]
