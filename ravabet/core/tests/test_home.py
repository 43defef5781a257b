def test_home_lists_the_network_and_links_each_member(citizen, east_gilan):
    response = citizen.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert east_gilan.name in page
    for slug in ("lahijan", "rudsar", "kelachay"):
        assert f'href="/m/{slug}/"' in page


def test_home_is_persian_and_right_to_left_by_default(citizen, db):
    page = citizen.get("/").content.decode()
    assert '<html lang="fa" dir="rtl">' in page


def test_home_without_networks_says_what_to_do(citizen, db):
    assert "هنوز هیچ شبکه‌ای" in citizen.get("/").content.decode()


def test_home_query_count_does_not_grow_with_members(
    citizen, east_gilan, django_assert_max_num_queries
):
    from ravabet.conftest import make_municipality

    citizen.get("/")
    with django_assert_max_num_queries(8) as few:
        citizen.get("/")
    for i in range(10):
        east_gilan.members.add(make_municipality(f"town-{i}", f"شهر {i}", f"Town {i}", "x"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        citizen.get("/")


def test_every_page_sends_security_headers(citizen, db):
    response = citizen.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
