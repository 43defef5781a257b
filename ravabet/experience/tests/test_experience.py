import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ravabet.experience.models import Experience, UsefulMark

FORM = {
    "title": "پاسخ‌گویی شبانه به پیام‌های شهروندان",
    "problem": "پیام‌های شبانه شهروندان تا صبح بی‌پاسخ می‌ماند.",
    "action": "نوبت‌دهی کارشناسان برای پاسخ‌گویی در فضای مجازی تا نیمه‌شب.",
    "result": "زمان پاسخ‌گویی به کمتر از یک ساعت رسید.",
    "tags": "فضای مجازی، پاسخ‌گویی",
}


@pytest.fixture
def shared(client_for, rudsar_head):
    response = client_for(rudsar_head).post("/office/experience/n/east-gilan/new/", FORM)
    assert response.status_code == 302
    return Experience.objects.get()


def test_a_member_pr_office_shares_an_experience(shared, rudsar):
    assert shared.municipality == rudsar
    assert shared.tag_list == ["فضای مجازی", "پاسخ‌گویی"]


def test_observers_and_managers_do_not_write_experiences(client_for, observer, lahijan_manager):
    for user in (observer, lahijan_manager):
        assert (
            client_for(user).post("/office/experience/n/east-gilan/new/", FORM).status_code == 403
        )
    assert not Experience.objects.exists()


def test_outsiders_see_nothing(client_for, outsider, shared):
    client = client_for(outsider)
    assert client.get(f"/office/experience/{shared.pk}/").status_code == 404
    assert client.get("/office/experience/n/east-gilan/").status_code == 404


def test_only_the_author_office_edits(
    client_for, kelachay, lahijan_manager, shared, rudsar_reporter
):
    assert (
        client_for(lahijan_manager).get(f"/office/experience/{shared.pk}/edit/").status_code == 403
    )
    assert (
        client_for(rudsar_reporter).get(f"/office/experience/{shared.pk}/edit/").status_code == 200
    )


@pytest.mark.parametrize(
    "query", ["پیام‌های شهروندان", "پیامهای شهروندان", "پيام هاي شهروندان", "پیام های شهروندان"]
)
def test_members_find_experiences_whatever_the_spelling(
    client_for, lahijan_head, observer, shared, query
):
    for user in (lahijan_head, observer):
        page = client_for(user).get("/office/search/", {"q": query}).content.decode()
        assert shared.title in page, (user, query)


def test_kaf_spelled_in_arabic_finds_it(client_for, lahijan_head, shared):
    page = client_for(lahijan_head).get("/office/search/", {"q": "كارشناسان"}).content.decode()
    assert shared.title in page


def test_outsiders_do_not_find_experiences(client_for, outsider, citizen, shared):
    assert (
        shared.title
        not in client_for(outsider).get("/office/search/", {"q": "شهروندان"}).content.decode()
    )
    assert shared.title not in citizen.get("/search/", {"q": "شهروندان"}).content.decode()


def test_comments_useful_marks_and_featuring(
    client_for, lahijan_head, rudsar_head, observer, shared
):
    client = client_for(lahijan_head)
    client.post(f"/office/experience/{shared.pk}/", {"text": "در لاهیجان هم اجرا می‌کنیم."})
    assert shared.comments.count() == 1
    client.post(f"/office/experience/{shared.pk}/useful/")
    client_for(observer).post(f"/office/experience/{shared.pk}/useful/")
    assert UsefulMark.objects.filter(experience=shared).count() == 2
    # The second click takes the mark back; never two marks from one person.
    client.post(f"/office/experience/{shared.pk}/useful/")
    assert UsefulMark.objects.filter(experience=shared).count() == 1
    assert (
        client_for(rudsar_head)
        .post(f"/office/experience/{shared.pk}/feature/", {"featured": "1"})
        .status_code
        == 403
    )
    client.post(f"/office/experience/{shared.pk}/feature/", {"featured": "1"})
    shared.refresh_from_db()
    assert shared.is_featured


def test_counts_per_member_and_list_queries(
    client_for, lahijan_head, shared, rudsar, django_assert_max_num_queries
):
    client = client_for(lahijan_head)
    for n in range(5):
        Experience.objects.create(
            network=shared.network,
            municipality=rudsar,
            title=f"t{n}",
            problem="p",
            action="a",
            result="r",
        )
    with django_assert_max_num_queries(12):
        response = client.get("/office/experience/n/east-gilan/")
    members = {m.name: m.experience_count for m in response.context["members"]}
    assert members["رودسر"] == 6
    assert members["لاهیجان"] == 0


def test_a_bad_attachment_is_refused_and_the_text_kept(client_for, rudsar_head):
    bad = SimpleUploadedFile("photo.jpg", b"GIF89a fake")
    response = client_for(rudsar_head).post(
        "/office/experience/n/east-gilan/new/", {**FORM, "attachment": bad}
    )
    assert response.status_code == 200
    assert FORM["problem"] in response.content.decode()
    assert not Experience.objects.exists()


def test_outsiders_change_nothing(client_for, outsider, shared):
    from ravabet.experience.models import Experience

    client = client_for(outsider)
    before = Experience.objects.filter(pk=shared.pk).values().get()
    for url in (
        f"/office/experience/{shared.pk}/",
        f"/office/experience/{shared.pk}/edit/",
        f"/office/experience/{shared.pk}/useful/",
        f"/office/experience/{shared.pk}/feature/",
        "/office/experience/n/east-gilan/new/",
    ):
        assert client.post(url, {"title": "x", "text": "x", "body": "x"}).status_code == 404, url
    assert Experience.objects.filter(pk=shared.pk).values().get() == before
    assert Experience.objects.count() == 1


def _add_experiences(network, municipality, n: int, first: int = 0) -> None:  # type: ignore[no-untyped-def]
    Experience.objects.bulk_create(
        Experience(
            network=network,
            municipality=municipality,
            title=f"تجربه {i}",
            problem="p",
            action="a",
            result="r",
        )
        for i in range(first, first + n)
    )


def test_the_library_shows_a_page_and_counts_every_member(client_for, lahijan_head, shared, rudsar):
    _add_experiences(shared.network, rudsar, 44)
    Experience.objects.filter(pk=shared.pk).update(is_featured=True)
    client = client_for(lahijan_head)
    first = client.get("/office/experience/n/east-gilan/", {"ref": "dashboard"})
    page = first.context["page"]
    assert len(page) == 20
    assert page[0] == shared  # featured first
    assert 'href="?ref=dashboard&amp;page=2"' in first.content.decode()
    # The count per member is of the whole library, not of the page.
    members = {m.name: m.experience_count for m in first.context["members"]}
    assert members["رودسر"] == 45
    last = client.get("/office/experience/n/east-gilan/", {"page": "3"})
    assert len(last.context["page"]) == 5
    assert "صفحه ۳ از ۳" in last.content.decode()
    assert (
        client_for(lahijan_head)
        .get("/office/experience/n/east-gilan/", {"page": "9"})
        .context["page"]
        .number
        == 3
    )


def test_the_library_queries_do_not_grow_with_experiences(client_for, lahijan_head, shared, rudsar):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(lahijan_head)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/office/experience/n/east-gilan/").status_code == 200
        return len(captured)

    _add_experiences(shared.network, rudsar, 5)
    few = queries()
    _add_experiences(shared.network, rudsar, 60, first=5)
    assert queries() == few


def test_outsiders_get_404_on_any_page_of_the_library(client_for, outsider, shared):
    assert (
        client_for(outsider).get("/office/experience/n/east-gilan/", {"page": "2"}).status_code
        == 404
    )
