"""Finding the domains' demo seeders among the installed apps (`minzheng.demo.seeders`)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured

from minzheng.core.models import CalendarYear, Person, User
from minzheng.demo import seeders
from minzheng.demo.seeders import Seeder, discover, in_order
from tests.demo.lateapp import demo as lateapp_demo


def _config(name: str) -> AppConfig:
    return AppConfig(name, importlib.import_module(name))


def _labels(seeders: list[Seeder]) -> list[str]:
    return [s.label for s in seeders]


def _seeder(label: str, *after: str) -> Seeder:
    return Seeder(label, lambda **_: label, after)


def test_the_installed_domains_seed_in_declared_order():
    labels = _labels(discover())
    # Today's domains in their installed order; warning's leads need assistance's
    # enrolled families (warning/demo.py: DEMO_AFTER).
    ours = [label for label in labels if label in {"assistance", "screening", "warning"}]
    assert ours == ["assistance", "screening", "warning"]
    assert "core" not in labels and "demo" not in labels
    for label in labels:
        assert apps.get_app_config(label).name.startswith("minzheng.")


def test_an_app_added_later_is_found_and_runs_after_what_it_names():
    configs = [_config("tests.demo.lateapp"), *apps.get_app_configs()]
    labels = _labels(discover(configs))
    assert labels.index("lateapp") > labels.index("assistance")
    assert labels.index("screening") < labels.index("warning")


def test_a_seeder_waits_only_for_seeders_that_exist():
    ordered = in_order(
        [_seeder("warning", "assistance"), _seeder("screening"), _seeder("assistance")]
    )
    assert _labels(ordered) == ["screening", "assistance", "warning"]
    alone = in_order([_seeder("payments", "assistance", "not_installed")])
    assert _labels(alone) == ["payments"]


def test_a_cycle_is_refused_with_its_members_named():
    with pytest.raises(ImproperlyConfigured, match="成环：a、b"):
        in_order([_seeder("a", "b"), _seeder("b", "a"), _seeder("c")])


def test_a_demo_module_without_seed_demo_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match=r"brokenapp\.demo 缺少演示数据函数"):
        discover([_config("tests.demo.brokenapp")])


@pytest.mark.django_db
def test_each_seeder_gets_the_demos_options_after_the_calendar(monkeypatch):
    late = discover([_config("tests.demo.lateapp")])
    monkeypatch.setattr(seeders, "discover", lambda: late)
    lateapp_demo.CALLS.clear()
    lines = seeders.run_demo_seeders(seed=7, residents=1_000)
    assert lateapp_demo.CALLS == [{"seed": 7, "residents": 1_000}]
    assert lines[-1] == "后加领域的演示数据"
    assert all("演示日历" in line for line in lines[:-1])  # the provisional year, if any


@pytest.mark.django_db
def test_installing_the_demo_app_seeds_nothing():
    """The app is installed everywhere (its commands must exist in production), so
    starting Django must not create a demo user, person or calendar year."""
    assert apps.is_installed("minzheng.demo")
    assert not User.objects.exists()
    assert not Person.objects.exists()
    assert not CalendarYear.objects.exists()
