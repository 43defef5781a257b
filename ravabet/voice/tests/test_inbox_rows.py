"""The inbox's rows: each shows its message's labels as the message page does, in either
language, and a page of many rows asks the database no more than a page of a few."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _row(html: str, code: str) -> str:
    return html.split(code, 1)[1].split("</tr>", 1)[0]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_row_shows_the_messages_labels(  # type: ignore[no-untyped-def]
    client_for, rudsar, rudsar_reporter, make_message, language
) -> None:
    late = make_message(rudsar, kind="request", channel="phone", due_on="2026-01-01")
    fresh = make_message(rudsar, kind="praise")
    client = client_for(rudsar_reporter)
    client.cookies["django_language"] = language
    html = client.get(reverse("voice:inbox", args=["rudsar"])).content.decode()
    with translation.override(language):
        for message in (late, fresh):
            row = _row(html, message.get_office_url())
            assert f">{message.get_kind_display()}</td>" in row
            assert f">{message.get_channel_display()}</td>" in row
            assert f'voice-{message.status}">{message.get_status_display()}</span>' in row
            assert f'data-label="{translation.gettext("Status")}"' in row
        assert translation.gettext("overdue") in _row(html, late.get_office_url())
        assert translation.gettext("overdue") not in _row(html, fresh.get_office_url())


def test_the_inbox_asks_as_many_queries_for_many_rows(  # type: ignore[no-untyped-def]
    client_for, rudsar, rudsar_reporter, make_message, rudsar_services
) -> None:
    client = client_for(rudsar_reporter)
    url = reverse("voice:inbox", args=["rudsar"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(2):
        make_message(rudsar, department=rudsar_services)
    queries()  # the filters drawn once, then kept
    few = queries()
    for n in range(20):
        make_message(rudsar, kind="question", department=rudsar_services if n % 2 else None)
    assert queries() == few


def test_the_filters_are_drawn_as_the_form_draws_them_and_follow_its_choices(  # type: ignore[no-untyped-def]
    client_for, rudsar, rudsar_reporter, rudsar_services, make_message
) -> None:
    from django.template.loader import render_to_string

    from ravabet.network.models import Department
    from ravabet.voice.forms import InboxFilterForm

    make_message(rudsar)
    client = client_for(rudsar_reporter)
    url = reverse("voice:inbox", args=["rudsar"])

    def drawn() -> str:
        with translation.override("fa"):
            return render_to_string(
                "voice/_filter_fields.html", {"form": InboxFilterForm(municipality=rudsar)}
            )

    for _ in range(2):  # drawn, then kept
        assert drawn() in client.get(url).content.decode()
    # A new department is a new choice: the kept fields are not those any more.
    Department.objects.create(municipality=rudsar, name="واحد تازه‌ساز")
    page = client.get(url).content.decode()
    assert "واحد تازه‌ساز" in page and drawn() in page
    # In English, the English labels.
    client.cookies["django_language"] = "en"
    assert "Overdue only" in client.get(url).content.decode()
    # Filtered (a bound form): the values asked for are in the fields.
    page = client.get(url, {"q": "زباله"}).content.decode()
    assert 'value="زباله"' in page
