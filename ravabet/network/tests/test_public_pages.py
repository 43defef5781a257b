def test_municipality_page_shows_its_departments_and_networks(citizen, east_gilan, rudsar_services):
    response = citizen.get("/m/rudsar/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "شهرداری رودسر" in page or "رودسر" in page
    assert "خدمات شهری" in page
    assert east_gilan.name in page


def test_inactive_departments_are_not_shown_publicly(citizen, rudsar_services):
    rudsar_services.is_active = False
    rudsar_services.save(update_fields=["is_active"])
    assert "خدمات شهری" not in citizen.get("/m/rudsar/").content.decode()


def test_unknown_municipality_slug_gets_a_persian_not_found_page(citizen, db):
    response = citizen.get("/m/no-such-town/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "این صفحه پیدا نشد" in page


def test_network_page_lists_its_members(citizen, east_gilan):
    page = citizen.get("/n/east-gilan/").content.decode()
    for name in ("لاهیجان", "رودسر", "کلاچای"):
        assert name in page


def test_network_page_in_english(citizen, east_gilan):
    citizen.cookies["django_language"] = "en"
    response = citizen.get("/n/east-gilan/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Eastern Gilan Municipal PR Network" in page
    assert 'dir="ltr"' in page
    assert 'lang="en"' in page
