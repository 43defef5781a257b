"""Issue 9, part 7: a GET changes nothing.

Every public and office page of a freshly created municipality is read by each kind of
visitor while Django's query log watches; not one INSERT, UPDATE or DELETE may run, except
on the tables a read legitimately touches (the session, the cache, guess counters).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from ravabet.network.models import Department, Municipality
from ravabet.voice.models import Category, VoiceSettings

WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)',
    re.IGNORECASE,
)
# A read may renew a session, fill the cache or count a guess at a tracking code; nothing
# else. Counters of a throttle live in tables named for it.
ALLOWED_TABLE = re.compile(
    r"^(django_session|ravabet_cache|axes_\w+|\w*throttle\w*|\w*ratelimit\w*)$"
)

# Values for a route's parameters; a parameter missing here is an id of a record, which a
# fresh municipality has none of, so its route is left out.
PARAMETERS = {
    "fmt": ("json", "xml", "csv", "xlsx"),
    "code": ("cleaning-waste", "22223333"),
    "token": ("not-a-token",),
    "request_id": ("1",),
}
SKIPPED_NAMESPACES = {"admin"}  # Django's own admin; its pages belong to the site operator.
POST_ONLY = {"logout", "set_language"}


def _routes(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, list[str]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if (pattern.namespace or "") in SKIPPED_NAMESPACES:
                continue
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif pattern.name and pattern.name not in POST_ONLY:
            yield (
                namespace + pattern.name,
                prefix + str(pattern.pattern),
                list(pattern.pattern.regex.groupindex),
            )


def _urls() -> list[str]:
    urls: list[str] = []
    for name, route, params in _routes(get_resolver().url_patterns):
        choices: list[dict[str, str]] = [{}]
        for param in params:
            if param == "slug":
                values: tuple[str, ...] = ("east-gilan",) if "n/<slug" in route else ("rudsar",)
            elif param in PARAMETERS:
                values = PARAMETERS[param]
            else:
                choices = []
                break
            choices = [{**c, param: v} for c in choices for v in values]
        for kwargs in choices:
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:  # a value the route's converter refuses
                continue
            if url.startswith("/open311/"):
                url += "?jurisdiction_id=rudsar"
            urls.append(url)
    return sorted(set(urls))


def test_every_public_and_office_get_of_a_new_municipality_writes_nothing(
    citizen, client_for, rudsar, rudsar_head, rudsar_reporter, lahijan_head, observer
) -> None:  # type: ignore[no-untyped-def]
    urls = _urls()
    # The walk must reach the pages that used to write (and a good many more).
    for expected in ("/m/rudsar/contact/", "/office/m/rudsar/voice/settings/"):
        assert expected in urls
    assert len(urls) > 40
    visitors = {
        "anonymous": citizen,
        "rudsar PR head": client_for(rudsar_head),
        "rudsar reporter": client_for(rudsar_reporter),
        "secretariat": client_for(lahijan_head),
        "observer": client_for(observer),
    }
    writes: list[str] = []
    errors: list[str] = []
    for who, visitor in visitors.items():
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                response = visitor.get(url)
            if response.status_code >= 500:
                errors.append(f"{who} GET {url}: {response.status_code}")
            for query in queries.captured_queries:
                match = WRITE.match(query["sql"])
                if match and not ALLOWED_TABLE.match(match.group(1)):
                    writes.append(f"{who} GET {url}: {query['sql'][:120]}")
    assert not errors
    assert not writes, "\n".join(writes)


def test_a_new_municipality_has_its_voice_rows_from_the_start(rudsar) -> None:  # type: ignore[no-untyped-def]
    settings = VoiceSettings.objects.get(municipality=rudsar)
    assert (settings.thursday_off, settings.reopen_days) == (True, 14)
    codes = list(Category.objects.filter(municipality=rudsar).values_list("code", flat=True))
    assert "staff-conduct" in codes and len(codes) == 8


def test_saving_a_municipality_again_adds_nothing(rudsar) -> None:  # type: ignore[no-untyped-def]
    from ravabet.network.actions import save_municipality

    Category.objects.filter(municipality=rudsar, code="other").delete()
    rudsar.name_en = "Rudsar city"
    save_municipality(rudsar)
    # A category an office removed stays removed; nothing is doubled.
    assert Category.objects.filter(municipality=rudsar).count() == 7
    assert VoiceSettings.objects.filter(municipality=rudsar).count() == 1


def test_settings_read_for_a_municipality_without_a_row_are_the_defaults(rudsar) -> None:  # type: ignore[no-untyped-def]
    VoiceSettings.objects.filter(municipality=rudsar).delete()
    settings = VoiceSettings.for_municipality(rudsar)
    assert (settings.thursday_off, settings.reopen_days, settings.pk) == (True, 14, None)
    assert not VoiceSettings.objects.filter(municipality=rudsar).exists()


@pytest.mark.django_db
def test_the_migration_sets_up_municipalities_made_before_it() -> None:
    # Made as it was before this change: the row alone, no settings, no categories.
    old = Municipality.objects.create(slug="old", name="قدیم", county="قدیم", province="گیلان")
    services = Department.objects.create(municipality=old, name="خدمات شهری")
    migration = importlib.import_module("ravabet.voice.migrations.0003_set_up_municipalities")
    from django.apps import apps

    migration.set_up_municipalities(apps, None)
    migration.set_up_municipalities(apps, None)  # twice: nothing doubles
    assert VoiceSettings.objects.filter(municipality=old).count() == 1
    categories = Category.objects.filter(municipality=old)
    assert categories.count() == 8
    # As the first read used to do: a category meets the department of the same name.
    assert categories.get(code="urban-services").department == services
