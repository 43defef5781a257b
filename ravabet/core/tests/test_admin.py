import pytest

from ravabet.network.models import Municipality
from ravabet.search.models import SearchEntry


@pytest.fixture
def admin_client_fa(db):
    from django.test import Client

    from ravabet.conftest import make_user

    admin = make_user("site-admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/network/municipality/",
        "/admin/network/municipality/add/",
        "/admin/network/network/",
        "/admin/network/department/",
        "/admin/network/membership/",
        "/admin/network/user/",
    ],
)
def test_admin_pages_are_in_persian(admin_client_fa, east_gilan, url):
    response = admin_client_fa.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "مدیریت" in page or "افزودن" in page


def test_admin_change_of_a_municipality_updates_search(admin_client_fa, east_gilan, lahijan):
    response = admin_client_fa.post(
        f"/admin/network/municipality/{lahijan.pk}/change/",
        {
            "name": "لاهیجان",
            "name_en": "Lahijan",
            "slug": "lahijan",
            "province": "گیلان",
            "county": "لاهیجان",
            "about": "شهر چای و ابریشم",
            "website": "",
            "departments-TOTAL_FORMS": "0",
            "departments-INITIAL_FORMS": "0",
            "departments-MIN_NUM_FORMS": "0",
            "departments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = SearchEntry.objects.get(kind="network.municipality", object_id=lahijan.pk)
    assert "ابریشم" in entry.body_norm


def test_admin_delete_of_a_municipality_removes_it_from_search(admin_client_fa, kelachay):
    response = admin_client_fa.post(
        f"/admin/network/municipality/{kelachay.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Municipality.objects.filter(pk=kelachay.pk).exists()
    assert not SearchEntry.objects.filter(
        kind="network.municipality", object_id=kelachay.pk
    ).exists()
