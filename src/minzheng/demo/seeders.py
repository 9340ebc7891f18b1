"""Finding each domain's demo seeder and running them in a declared order.

A domain takes part in `minzheng demo` by shipping a module `<app>/demo.py` with

    def seed_demo(**options) -> str   # options: seed, residents (and any added later)

which does its work idempotently and returns a line to print ("" for nothing), and,
when its data builds on another domain's, `DEMO_AFTER = ("assistance",)`: the labels
of the apps whose seeders must run first. Nothing is registered anywhere: the demo
app finds the modules among the installed apps, so a new domain needs no change
here (docs/demo.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import import_module

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

from minzheng.demo import workdays

SEEDER_MODULE = "demo"
PROJECT_PREFIX = "minzheng."


@dataclass(frozen=True)
class Seeder:
    label: str  # the app's label, as named in another seeder's DEMO_AFTER
    seed_demo: Callable[..., str]
    after: tuple[str, ...] = ()


def discover(app_configs: Iterable[AppConfig] | None = None) -> list[Seeder]:
    """The seeders of `app_configs` (default: the project's installed apps), in the
    order they must run."""
    if app_configs is None:
        app_configs = [c for c in apps.get_app_configs() if c.name.startswith(PROJECT_PREFIX)]
    return in_order([s for c in app_configs if (s := _seeder_of(c)) is not None])


def _seeder_of(config: AppConfig) -> Seeder | None:
    if not module_has_submodule(config.module, SEEDER_MODULE):
        return None
    module = import_module(f"{config.name}.{SEEDER_MODULE}")
    seed_demo = getattr(module, "seed_demo", None)
    if not callable(seed_demo):
        raise ImproperlyConfigured(f"{module.__name__} 缺少演示数据函数 seed_demo(**options)")
    after = getattr(module, "DEMO_AFTER", ())
    if isinstance(after, str) or not all(isinstance(a, str) for a in after):
        raise ImproperlyConfigured(f"{module.__name__}.DEMO_AFTER 应为应用标签的元组")
    return Seeder(config.label, seed_demo, tuple(after))


def in_order(seeders: Sequence[Seeder]) -> list[Seeder]:
    """The installed order, except that a seeder waits for those its DEMO_AFTER names.

    A name with no seeder (the app is not installed, or has no demo data) is nothing
    to wait for; a cycle is a configuration error, named.
    """
    present = {s.label for s in seeders}
    pending = list(seeders)
    ordered: list[Seeder] = []
    done: set[str] = set()
    while pending:
        ready = next(
            (s for s in pending if all(a in done or a not in present for a in s.after)), None
        )
        if ready is None:
            cycle = "、".join(s.label for s in pending)
            raise ImproperlyConfigured(f"演示数据的先后顺序（DEMO_AFTER）成环：{cycle}")
        pending.remove(ready)
        ordered.append(ready)
        done.add(ready.label)
    return ordered


def run_demo_seeders(*, seed: int, residents: int) -> list[str]:
    """The provisional calendar year first (the domains' seeders compute deadlines),
    then every domain's seeder; the lines they print."""
    lines = [workdays.seed_demo(seed=seed, residents=residents)]
    lines += [s.seed_demo(seed=seed, residents=residents) for s in discover()]
    return [line for line in lines if line]
