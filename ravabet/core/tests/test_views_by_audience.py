"""One rule for where a view lives: its module says its audience.

An app with one audience keeps its views in `views.py`. An app with two has
`public_views.py` (no account needed) and `office_views.py` (an office's or the network's
staff, behind login); a topic of one audience keeps the audience first
(`office_settings_views.py`); a machine interface is a sub-package (`voice/open311/`).
Every office page is under /office/, and no other page is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def _views(patterns: list, prefix: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "")
            if module.startswith("ravabet.") and module.rsplit(".", 1)[-1].endswith("views"):
                yield route.lstrip("^"), module


def test_every_views_module_serves_one_audience_and_says_which():
    audiences: dict[str, set[str]] = defaultdict(set)
    for route, module in _views(get_resolver().url_patterns):
        audience = "office" if route.startswith("office/") else "public"
        audiences[module].add(audience)
        name = module.rsplit(".", 1)[-1]
        if name.startswith("office_"):
            assert audience == "office", (route, module)
        elif name == "public_views":
            assert audience == "public", (route, module)
    mixed = {module: found for module, found in audiences.items() if len(found) > 1}
    assert not mixed
    split_apps = {m.rsplit(".", 1)[0] for m in audiences if m.endswith("public_views")}
    for app in split_apps:
        assert f"{app}.views" not in audiences, f"{app} has public_views.py and views.py"
        assert any(m.startswith(f"{app}.office_") for m in audiences), app
