"""Where things live (docs/architecture.md): one rule each, so a new app finds one way."""

from pathlib import Path

from django.apps import apps

PACKAGE = Path(__file__).resolve().parents[2]


def _project_apps() -> list[str]:
    return [a.label for a in apps.get_app_configs() if a.name.startswith("ravabet.")]


def test_an_apps_templates_live_in_the_app() -> None:
    shared = PACKAGE / "templates"
    for label in _project_apps():
        assert not (shared / label).exists(), f"ravabet/templates/{label}/ belongs in the app"


def test_one_catalog_for_the_project() -> None:
    assert (PACKAGE.parent / "locale" / "fa" / "LC_MESSAGES" / "django.po").exists()
    own = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.glob("*/locale"))
    assert own == [], f"app catalogs {own}: strings go to locale/fa (make messages)"
