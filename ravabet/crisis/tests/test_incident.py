"""Opening an incident, the bar on every office page, who sees what, the timeline that is
never edited, shifts at night, rumours, contacts, closing and the review."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ravabet.conftest import make_municipality, make_user
from ravabet.crisis import actions, static
from ravabet.crisis.models import (
    AppendOnly,
    Contact,
    EntryKind,
    Incident,
    Rumour,
    Shift,
    Statement,
    StatementStatus,
    Template,
    TimelineEntry,
)
from ravabet.crisis.tests.conftest import approved_statement, open_flood
from ravabet.lib.jalali import TEHRAN, format_numeric_datetime
from ravabet.network.models import Membership, Role
from ravabet.notifications.models import Kind as Notice
from ravabet.notifications.models import Notification


@pytest.fixture
def outsider(db):  # type: ignore[no-untyped-def]
    astara = make_municipality("astara", "آستارا", "Astara", "آستارا")
    user = make_user("astara-head", "پرویز", "کریمی")
    Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=astara)
    return user


def test_the_pr_head_opens_an_incident_and_the_office_sees_it(
    client_for, lahijan, lahijan_head, lahijan_manager, rudsar_head
):
    client = client_for(lahijan_head)
    response = client.post(
        "/office/m/lahijan/crisis/",
        {
            "title": "آبگرفتگی معابر مرکزی",
            "kind": "flood",
            "severity": "serious",
            "description": "",
            "spokesperson": lahijan_head.pk,
            "started_at": "",
            "team": [lahijan_manager.pk],
            "team_role": "monitor",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
    assert list(incident.municipalities.all()) == [lahijan]
    assert incident.timeline.get().kind == EntryKind.OPENED
    assert Notification.objects.filter(user=lahijan_manager, kind=Notice.INCIDENT_OPENED).exists()
    # The bar on every office page of the office, in one query.
    manager = client_for(lahijan_manager)
    page = manager.get("/office/m/lahijan/").content.decode()
    assert 'data-testid="crisis-bar"' in page and "آبگرفتگی معابر مرکزی" in page
    assert (
        "آبگرفتگی معابر مرکزی"
        not in client_for(rudsar_head).get("/office/m/rudsar/").content.decode()
    )
    # The secretariat's dashboard too.
    network_page = client.get("/office/n/east-gilan/").content.decode()
    assert 'data-testid="crisis-panel"' in network_page and "آبگرفتگی معابر مرکزی" in network_page


def test_the_bar_costs_one_query(rf, lahijan, lahijan_head, lahijan_manager):
    from django.template import Context
    from django.template import Template as DjangoTemplate

    from ravabet.network.access import memberships_of

    for _n in range(3):
        open_flood(lahijan, lahijan_head)
    request = rf.get("/office/m/lahijan/")
    template = DjangoTemplate("{% load crisis %}{% crisis_bar %}")
    # Every office page has read the user's memberships for its access check already.
    memberships_of(lahijan_manager)
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"request": request, "user": lahijan_manager}))
    assert len(queries.captured_queries) == 1
    assert html.count("/office/crisis/") == 3


def test_opening_is_the_pr_heads_and_bad_input_is_told(
    client_for, lahijan, lahijan_head, lahijan_manager
):
    data = {
        "title": "آتش‌سوزی",
        "kind": "fire",
        "severity": "severe",
        "spokesperson": lahijan_head.pk,
        "team_role": "writer",
    }
    assert client_for(lahijan_manager).post("/office/m/lahijan/crisis/", data).status_code == 403
    client = client_for(lahijan_head)
    bad = client.post("/office/m/lahijan/crisis/", {**data, "kind": "volcano", "severity": "NaN"})
    assert bad.status_code == 400 and Incident.objects.count() == 0
    later = format_numeric_datetime(timezone.now() + dt.timedelta(days=2))
    future = client.post("/office/m/lahijan/crisis/", {**data, "started_at": later})
    assert future.status_code == 400 and "آغاز نشده" in future.content.decode()
    nul = client.post("/office/m/lahijan/crisis/", {**data, "title": "آتش\x00"})
    assert nul.status_code == 400 and Incident.objects.count() == 0


def test_the_secretariat_opens_for_several_members(
    client_for, east_gilan, lahijan, rudsar, lahijan_head, rudsar_head
):
    response = client_for(lahijan_head).post(
        "/office/n/east-gilan/crisis/",
        {
            "title": "قطعی برق در شرق گیلان",
            "kind": "power_cut",
            "severity": "serious",
            "spokesperson": lahijan_head.pk,
            "municipalities": [lahijan.pk, rudsar.pk],
            "team_role": "writer",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302 and incident.network == east_gilan
    assert set(incident.municipalities.all()) == {lahijan, rudsar}
    # Rudsar's PR head now works in it.
    assert client_for(rudsar_head).get(incident.get_absolute_url()).status_code == 200


def test_another_municipality_gets_404s(client_for, flood, lahijan_head, outsider, rudsar_head):
    statement = approved_statement(flood, lahijan_head)
    fact = flood.facts.get()
    entry = flood.timeline.first()
    rumour = actions.add_rumour(
        Rumour(incident=flood, text="سد شکسته", where_seen="کانال محلی"), lahijan_head
    )
    contact = Contact.objects.create(
        municipality=flood.municipalities.get(), organisation="fire", name="کشیک", phone="125"
    )
    for user in (outsider, rudsar_head):
        client = client_for(user)
        for url in (
            flood.get_absolute_url(),
            statement.get_absolute_url(),
            f"/office/crisis/{flood.pk}/review/",
            f"/office/crisis/{flood.pk}/review.pdf",
            f"/office/crisis/contacts/{contact.pk}/",
            "/office/m/lahijan/crisis/contacts/",
        ):
            assert client.get(url).status_code == 404, url
        for url in (
            f"/office/crisis/{flood.pk}/facts/",
            f"/office/crisis/facts/{fact.pk}/verify/",
            f"/office/crisis/entries/{entry.pk}/correct/",
            f"/office/crisis/rumours/{rumour.pk}/",
            f"/office/crisis/statements/{statement.pk}/publish/",
            f"/office/crisis/statements/{statement.pk}/approve/",
            f"/office/crisis/{flood.pk}/close/",
            f"/office/crisis/contacts/{contact.pk}/verified/",
        ):
            assert client.post(url, {"text": "x", "source": "y"}).status_code == 404, url
    assert Statement.objects.get(pk=statement.pk).number is None


def test_the_timeline_is_append_only(client_for, flood, lahijan_head):
    entry = flood.timeline.get()
    entry.text = "changed"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        TimelineEntry.objects.filter(pk=entry.pk).update(text="changed")
    with pytest.raises(AppendOnly):
        entry.delete()
    client_for(lahijan_head).post(
        f"/office/crisis/entries/{entry.pk}/correct/", {"text": "ساعت آغاز ۱۳:۴۰ بود"}
    )
    correction = flood.timeline.get(kind=EntryKind.CORRECTION)
    assert correction.corrects_id == entry.pk
    assert TimelineEntry.objects.get(pk=entry.pk).text != "changed"


def test_night_shifts_are_marked(client_for, flood, lahijan_head):
    evening = dt.datetime(2026, 12, 1, 18, 0, tzinfo=TEHRAN)
    day = Shift(
        incident=flood,
        user=lahijan_head,
        starts_at=evening - dt.timedelta(hours=8),
        ends_at=evening,
    )
    night = Shift(
        incident=flood,
        user=lahijan_head,
        starts_at=evening,
        ends_at=evening + dt.timedelta(hours=6),
    )
    dawn = Shift(
        incident=flood,
        user=lahijan_head,
        starts_at=evening + dt.timedelta(hours=11),
        ends_at=evening + dt.timedelta(hours=14),
    )
    assert (day.is_night, night.is_night, dawn.is_night) == (False, True, True)
    client = client_for(lahijan_head)
    response = client.post(
        f"/office/crisis/{flood.pk}/shifts/",
        {
            "user": lahijan_head.pk,
            "starts_at": format_numeric_datetime(evening),
            "ends_at": format_numeric_datetime(evening - dt.timedelta(hours=1)),
        },
    )
    assert response.status_code == 400 and Shift.objects.count() == 0
    client.post(
        f"/office/crisis/{flood.pk}/shifts/",
        {
            "user": lahijan_head.pk,
            "starts_at": format_numeric_datetime(evening),
            "ends_at": format_numeric_datetime(evening + dt.timedelta(hours=6)),
            "duty": "پایش کانال‌ها",
        },
    )
    assert Shift.objects.get().is_night
    assert "شبانه" in client.get(flood.get_absolute_url()).content.decode()


def test_stale_contacts_are_flagged(client_for, lahijan, lahijan_head):
    today = timezone.localdate()
    Contact.objects.create(
        municipality=lahijan,
        organisation="fire",
        name="آتش‌نشانی",
        phone="125",
        last_verified_on=today - dt.timedelta(days=200),
    )
    Contact.objects.create(
        municipality=lahijan,
        organisation="red_crescent",
        name="هلال‌احمر",
        phone="112",
        last_verified_on=today,
    )
    client = client_for(lahijan_head)
    page = client.get("/office/m/lahijan/crisis/contacts/").content.decode()
    assert page.count('data-stale="1"') == 1
    stale = Contact.objects.get(name="آتش‌نشانی")
    client.post(f"/office/crisis/contacts/{stale.pk}/verified/")
    stale.refresh_from_db()
    assert stale.last_verified_on == today and not stale.is_stale()
    bad = client.post(
        "/office/m/lahijan/crisis/contacts/",
        {"organisation": "power", "name": "برق", "phone": "121", "email": "not-an-email"},
    )
    assert bad.status_code == 400 and Contact.objects.count() == 2


def test_rumours_are_answered_by_a_statement(client_for, flood, lahijan_head):
    client = client_for(lahijan_head)
    client.post(
        f"/office/crisis/{flood.pk}/rumours/",
        {"text": "سد لاهیجان شکسته است", "where_seen": "کانال تلگرامی محلی", "seen_at": ""},
    )
    rumour = Rumour.objects.get()
    assert rumour.status == "checking"
    statement = approved_statement(flood, lahijan_head)
    # Not published yet: it cannot be the answer.
    client.post(
        f"/office/crisis/rumours/{rumour.pk}/", {"status": "false", "answered_by": statement.pk}
    )
    rumour.refresh_from_db()
    assert rumour.answered_by_id is None
    actions.publish_statement(statement, lahijan_head, base_url="http://testserver")
    client.post(
        f"/office/crisis/rumours/{rumour.pk}/", {"status": "false", "answered_by": statement.pk}
    )
    rumour.refresh_from_db()
    assert rumour.status == "false" and rumour.answered_by_id == statement.pk


def test_closing_refuses_unpublished_drafts_then_gives_the_review(
    client_for, flood, lahijan_head, tmp_path
):
    client = client_for(lahijan_head)
    published = approved_statement(flood, lahijan_head)
    actions.publish_statement(published, lahijan_head, base_url="http://testserver")
    draft = actions.draft_statement(flood, lahijan_head, template=Template.UPDATE)
    response = client.post(f"/office/crisis/{flood.pk}/close/", {})
    assert response.status_code == 400 and "منتشر نشده" in response.content.decode()
    flood.refresh_from_db()
    assert flood.is_open
    response = client.post(f"/office/crisis/{flood.pk}/close/", {"discard_drafts": "on"})
    assert response.status_code == 302
    flood.refresh_from_db()
    draft.refresh_from_db()
    assert not flood.is_open and draft.status == StatementStatus.DISCARDED
    review = client.get(f"/office/crisis/{flood.pk}/review/").content.decode()
    assert "اطلاعیه‌های منتشرشده: ۱" in review
    pdf = client.get(f"/office/crisis/{flood.pk}/review.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        path = tmp_path / "review.pdf"
        path.write_bytes(pdf.content)
        text = subprocess.run(  # noqa: S603
            ["pdftotext", "-layout", str(path), "-"],  # noqa: S607  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # The timeline: what was learned (a fact recorded) is in it.
        assert "دو خیابان زیر آب است" in text
        assert "شیخ زاهد" in text


def test_the_static_page_is_written_atomically_newest_first(flood, lahijan, lahijan_head):
    for _n in range(2):
        statement = approved_statement(flood, lahijan_head)
        actions.publish_statement(statement, lahijan_head, base_url="http://testserver")
    path = static.write_page(lahijan)
    html = path.read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "<link" not in html and "<script" not in html
    assert html.index("شماره ۲") < html.index("شماره ۱")
    assert not list(path.parent.glob(".crisis-*"))  # no temporary file left behind


def test_the_room_list_does_not_grow_in_queries(client_for, lahijan, lahijan_head):
    client = client_for(lahijan_head)
    open_flood(lahijan, lahijan_head)
    with CaptureQueriesContext(connection) as few:
        client.get("/office/m/lahijan/crisis/")
    for _n in range(4):
        open_flood(lahijan, lahijan_head)
    with CaptureQueriesContext(connection) as many:
        client.get("/office/m/lahijan/crisis/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_team_grows_with_roles(client_for, flood, lahijan_head, lahijan_manager, outsider):
    client = client_for(lahijan_head)
    client.post(f"/office/crisis/{flood.pk}/team/", {"user": lahijan_manager.pk, "role": "monitor"})
    assert flood.team.filter(user=lahijan_manager, role="monitor").exists()
    # Someone from another municipality cannot be put on the team.
    response = client.post(
        f"/office/crisis/{flood.pk}/team/", {"user": outsider.pk, "role": "writer"}
    )
    assert response.status_code == 400 and not flood.team.filter(user=outsider).exists()
