"""The demo lives in one package on the top floor, built from the tests' factories."""

from pathlib import Path

from django.apps import apps
from django.core.management import get_commands

import demo
import demo.factories
import tests.factories

ROOT = Path(demo.__file__).parent.parent


def test_seed_demo_is_the_demo_apps_command():
    assert get_commands()["seed_demo"] == "demo"


def test_the_tests_use_the_demos_factories():
    for name in demo.factories.__all__:
        assert getattr(tests.factories, name) is getattr(demo.factories, name)


def test_no_domain_app_holds_demo_data_any_more():
    local_apps = [
        Path(config.path) for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT and config.name != "demo"
    ]
    assert local_apps, "the project's apps were not found"
    stray = sorted(
        str(path.relative_to(ROOT))
        for app in local_apps
        for path in [*app.rglob("demo.py"), *app.rglob("demo_*.py"), *app.rglob("seed_demo.py")]
    )

    assert stray == []


def test_no_module_of_the_demo_passes_400_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in Path(demo.__file__).parent.rglob("*.py")
        if (n := len(path.read_text().splitlines())) > 400
    }

    assert long == {}
